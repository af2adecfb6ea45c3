"""`Authorization: Bearer <token>` authentication and the scope permission."""

import hmac
from datetime import timedelta
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from iproceeds.api import tokens
from iproceeds.api.models import ApiToken
from iproceeds.audit import services as audit

# Recording every use would write on every request; once a minute is enough to see activity.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _refuse(
    reason: str, prefix: str | None, api_token: ApiToken | None = None
) -> exceptions.AuthenticationFailed:
    """Audit a refused token by its prefix only (never the secret) and build the 401."""
    audit.record(
        action="api.token.refused",
        actor=None,
        actor_label="api",
        target=api_token,
        target_label=prefix or "",
        after={"reason": reason, "prefix": prefix or ""},
    )
    return exceptions.AuthenticationFailed(_("The API token is unknown, expired or revoked."))


def _find(token: str) -> ApiToken:
    prefix = tokens.parse_prefix(token)
    if prefix is None:
        raise _refuse("malformed", None)
    api_token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if api_token is None or not hmac.compare_digest(api_token.secret_hash, tokens.hash_token(token)):
        raise _refuse("unknown", prefix)
    return api_token


def _check_usable(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.revoked_at is not None:
        raise _refuse("revoked", api_token.prefix, api_token)
    if api_token.expires_at <= now:
        raise _refuse("expired", api_token.prefix, api_token)
    if not api_token.user.is_active:
        raise _refuse("user_inactive", api_token.prefix, api_token)


def _touch(api_token: ApiToken) -> None:
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate a request by its bearer token; refusals are 401 and audited."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        """Return (user, token), None without an Authorization header, or raise a 401."""
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise _refuse("malformed", None)
        api_token = _find(header[1])
        _check_usable(api_token)
        _touch(api_token)
        # Answers, errors included, speak the token owner's language.
        translation.activate(api_token.user.language)
        return api_token.user, api_token

    def authenticate_header(self, request: Request) -> str:
        """Makes DRF answer 401 (not 403) when credentials are missing or refused."""
        return self.keyword


class HasScope(permissions.BasePermission):
    """Allow a token-authenticated request whose token carries the scope; use `HasScope.of("read")`."""

    scope = ""
    message = _("The API token lacks the scope this operation needs.")

    @classmethod
    def of(cls, scope: str) -> type["HasScope"]:
        """A permission class requiring one scope."""
        return type(f"HasScope_{scope}", (cls,), {"scope": scope})

    def has_permission(self, request: Request, view: Any) -> bool:
        """True when the request's token lists the scope."""
        api_token = request.auth
        return isinstance(api_token, ApiToken) and self.scope in api_token.scopes
