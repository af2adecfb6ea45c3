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


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields", "request_id"],
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string", "description": "In the user's language."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "request_id": {"type": "string"},
            },
        }
    },
}
ERROR_RESPONSES = {
    "400": "Invalid input; `fields` names each bad field or parameter.",
    "401": "Missing, unknown, expired or revoked API token.",
    "403": "The token lacks the scope this operation needs.",
    "404": "Not found, or not yours.",
    "429": "Too many requests.",
    "500": "Server error; quote the request_id.",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: document the one error envelope on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(status, {**ref, "description": description})
    return result
