from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """API plumbing: tokens, authentication, errors, pagination and the OpenAPI schema."""

    name = "iproceeds.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from iproceeds.api import schema, scopes  # noqa: F401  (schema registers an extension)
        from iproceeds.audit import catalogue

        catalogue.register(
            {
                "api.token.created": _("API token created"),
                "api.token.revoked": _("API token revoked"),
                "api.token.refused": _("API token refused"),
            }
        )
        scopes.register({"read": _("Read your data"), "write": _("Change your data")})
