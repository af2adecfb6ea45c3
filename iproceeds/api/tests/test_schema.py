"""The OpenAPI schema validates without warnings; the docs page loads only local files under strict CSP."""

import json
import re

from django.core.management import call_command
from rest_framework.test import APIClient

from iproceeds.api.tests.factories import bearer, make_token


def test_schema_validates_without_warnings(tmp_path, db):
    # --fail-on-warn turns any schema warning into an error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/me/:" in schema
    assert "/api/v1/notifications/{id}/read/:" in schema
    assert "scheme: bearer" in schema
    # every operation documents the one error envelope for its six error statuses
    call_command("spectacular", "--format", "openapi-json", "--file", str(tmp_path / "schema.json"))
    paths = json.loads((tmp_path / "schema.json").read_text())["paths"]
    operations = [op for item in paths.values() for op in item.values() if isinstance(op, dict)]
    missing = [op["operationId"] for op in operations if _error_statuses(op) != 6]
    assert missing == []


def _error_statuses(operation: dict) -> int:
    responses = operation.get("responses", {}).values()
    return sum("#/components/schemas/Error" in json.dumps(r) for r in responses)


def test_schema_needs_a_token_or_a_verified_session(officer, colleague, verified_client):
    assert APIClient().get("/api/schema/").status_code == 401
    password_only = APIClient()
    password_only.force_login(colleague)
    assert password_only.get("/api/schema/").status_code == 403
    _, raw = make_token(officer, scopes=["read"])
    assert APIClient().get("/api/schema/", **bearer(raw)).status_code == 200
    assert verified_client(officer).get("/api/schema/").status_code == 200


def test_docs_page_uses_local_assets_and_no_inline_script(officer, verified_client):
    client = verified_client(officer)
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert [s.split("?")[0] for s in sources] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/",
    ]
    assert "<script>" not in html
    assert "<style" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe" not in csp
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
