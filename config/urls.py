"""Top-level URL map: each app mounts its own urls module."""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # The WebAuthn ceremonies keep the package's namespace (its template tags reverse "otp_webauthn:...").
    path("accounts/mfa/passkeys/", include("iproceeds.accounts.webauthn_urls")),
    path("accounts/", include("iproceeds.accounts.urls")),
    path("audit/", include("iproceeds.audit.urls")),
    path("directory/", include("iproceeds.directory.urls")),
    # Before "api/": the API app ends with a catch-all 404 route.
    path("api/v1/directory/", include(("iproceeds.directory.api_urls", "directory_api"))),
    path("api/v1/cooperation/", include(("iproceeds.cooperation.api_urls", "cooperation_api"))),
    path("api/", include("iproceeds.api.urls")),
    path("notifications/", include("iproceeds.notifications.urls")),
    path("integrations/", include("iproceeds.integrations.urls")),
    path("cooperation/", include("iproceeds.cooperation.urls")),
    path("investigations/", include("iproceeds.investigations.urls")),
    path("", include("iproceeds.core.urls")),
]
