"""OpenAPI pieces: the bearer-token security scheme and the shared error envelope."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describe ApiTokenAuthentication as HTTP bearer authentication."""

    target_class = "iproceeds.api.authentication.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer ipk_<prefix>_<secret> (create one under API tokens).",
        }
