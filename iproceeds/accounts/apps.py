from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, roles, sign-in and second factors."""

    name = "iproceeds.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from iproceeds.audit import catalogue

        catalogue.register(
            {
                "accounts.user.signed_in": _("User signed in"),
                "accounts.user.sign_in_failed": _("Sign-in failed"),
                "accounts.user.locked_out": _("User locked out after failed sign-ins"),
                "accounts.user.signed_out": _("User signed out"),
                "accounts.session.expired": _("Session expired after inactivity"),
                "accounts.mfa.device_added": _("Second factor added"),
                "accounts.mfa.device_removed": _("Second factor removed"),
                "accounts.mfa.recovery_codes_generated": _("Recovery codes generated"),
                "accounts.mfa.verified": _("Second factor verified"),
                "accounts.mfa.verification_failed": _("Second factor verification failed"),
                "accounts.user.profile_changed": _("Profile changed"),
                "accounts.user.password_reset_requested": _("Password reset requested"),
                "accounts.user.password_changed": _("Password changed"),
                "accounts.user.invited": _("User invited"),
                "accounts.user.role_changed": _("User role changed"),
                "accounts.user.deactivated": _("User deactivated"),
                "accounts.user.reactivated": _("User reactivated"),
                "accounts.user.access_refused": _("Access to a user refused"),
                "accounts.user.viewed": _("User record viewed"),
            }
        )
