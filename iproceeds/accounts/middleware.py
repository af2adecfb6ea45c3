"""Per-request account policies: second factor before any data, idle expiry, the user's zone and language."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from iproceeds.accounts.permissions import is_verified
from iproceeds.accounts.services import mfa, profile, signin

LAST_ACTIVITY_SESSION_KEY = "iproceeds_last_activity"
# How stale the stored last-activity stamp may get before a request renews it (and saves the session).
ACTIVITY_STAMP_SECONDS = 60
Handler = Callable[[HttpRequest], HttpResponse]


def _redirect_with_next(url: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


class RequireSecondFactorMiddleware:
    """Send signed-in users who have not yet proved a second factor to verification or set-up."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    @cached_property
    def open_prefixes(self) -> tuple[str, ...]:
        """Paths an unverified user may reach: sign-in/out, MFA, password reset, language, static, API."""
        return (
            reverse("accounts:login"),
            reverse("accounts:logout"),
            reverse("accounts:mfa_verify").rsplit("verify/", 1)[0],
            reverse("accounts:password_reset"),
            reverse("set_language"),
            reverse("javascript-catalog"),
            "/" + settings.STATIC_URL.lstrip("/"),
            "/api/",
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or is_verified(user) or request.path.startswith(self.open_prefixes):
            return self.get_response(request)
        if mfa.has_usable_factor(user):
            return _redirect_with_next(reverse("accounts:mfa_verify"), request)
        return _redirect_with_next(reverse("accounts:mfa_setup"), request)


class SessionIdleTimeoutMiddleware:
    """End a signed-in session after SESSION_IDLE_TIMEOUT_SECONDS without a request.

    The last activity is stamped at most once per ACTIVITY_STAMP_SECONDS: a new stamp writes the
    session row, and writing it on every request cost a database write per page. The idle time is
    counted from the stamp, so a session may end up to that much earlier than its limit, never later.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = int(timezone.now().timestamp())
        last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
        idle = now - last if isinstance(last, int) else 0
        if idle > settings.SESSION_IDLE_TIMEOUT_SECONDS:
            return self._expire(request, idle)
        if not isinstance(last, int) or idle >= ACTIVITY_STAMP_SECONDS or idle < 0:
            request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)

    def _expire(self, request: HttpRequest, idle: int) -> HttpResponse:
        signin.session_expiry_record(actor=request.user, idle_seconds=idle)  # type: ignore[arg-type]
        logout(request)
        messages.warning(request, _("Your session expired after inactivity. Please sign in again."))
        return _redirect_with_next(reverse("accounts:login"), request)


class UserTimezoneMiddleware:
    """Show times in the signed-in user's own time zone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = getattr(request.user, "timezone", None) if request.user.is_authenticated else None
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone)) if zone else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


class LanguagePreferenceMiddleware:
    """When a signed-in user switches language with Django's set_language, keep it in their profile.

    A middleware rather than a wrapper view, so the language switcher and its URL stay Django's own.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "POST" or request.path != reverse("set_language"):
            return response
        cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        user = request.user
        if cookie is not None and user.is_authenticated and is_verified(user):
            profile.user_profile_update(user=user, actor=user, language=cookie.value)
        return response
