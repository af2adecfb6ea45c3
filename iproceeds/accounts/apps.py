from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, roles, sign-in and second factors."""

    name = "iproceeds.accounts"
    verbose_name = _("Accounts")
