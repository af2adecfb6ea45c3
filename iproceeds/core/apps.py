from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Request context, base pieces and the home page; no domain models."""

    name = "iproceeds.core"
    verbose_name = _("Core")
