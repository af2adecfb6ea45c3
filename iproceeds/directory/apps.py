from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Parties and their authorities: the organisations users belong to."""

    name = "iproceeds.directory"
    verbose_name = _("Network directory")
