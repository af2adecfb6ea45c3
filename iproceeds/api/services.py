"""Creating and revoking API tokens; both audited, the secret never stored or logged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iproceeds.api import scopes as scope_registry
from iproceeds.api import tokens
from iproceeds.api.models import ApiToken
from iproceeds.audit import services as audit
from iproceeds.core.errors import PermissionDenied

MAX_LIFETIME = timedelta(days=366)  # "one year", leap days included


def _check_input(*, name: str, scopes: list[str], expires_at: datetime | None) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the token a name.")]
    if not scopes:
        errors["scopes"] = [_("Choose at least one scope.")]
    elif unknown := [s for s in scopes if not scope_registry.is_known(s)]:
        errors["scopes"] = [_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)}]
    now = timezone.now()
    if expires_at is None or expires_at <= now:
        errors["expires_at"] = [_("Choose an expiry in the future.")]
    elif expires_at > now + MAX_LIFETIME:
        errors["expires_at"] = [_("A token may live at most one year.")]
    if errors:
        raise ValidationError(errors)


def token_create(
    *, actor: Any, name: str, scopes: Iterable[str], expires_at: datetime | None
) -> tuple[ApiToken, str]:
    """Create a token for the actor; returns it with the full token string, shown once and never again."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise PermissionDenied
    scope_list = sorted(set(scopes))
    _check_input(name=name, scopes=scope_list, expires_at=expires_at)
    assert expires_at is not None  # checked above; narrows the type
    prefix, raw = tokens.generate()
    api_token = ApiToken(
        user=actor,
        name=name.strip(),
        prefix=prefix,
        secret_hash=tokens.hash_token(raw),
        scopes=scope_list,
        expires_at=expires_at,
    )
    with transaction.atomic():
        api_token.full_clean()
        api_token.save(force_insert=True)
        after = {"name": api_token.name, "prefix": prefix, "scopes": scope_list, "expires_at": expires_at}
        audit.record(action="api.token.created", actor=actor, target=api_token, after=after)
    return api_token, raw


def token_revoke(*, api_token: ApiToken, actor: Any) -> ApiToken:
    """Revoke one of the actor's own tokens; revoking twice changes nothing."""
    if api_token.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if api_token.revoked_at is not None:
        return api_token
    with transaction.atomic():
        api_token.revoked_at = timezone.now()
        api_token.full_clean()
        api_token.save(update_fields=["revoked_at"])
        audit.record(
            action="api.token.revoked", actor=actor, target=api_token, after={"prefix": api_token.prefix}
        )
    return api_token
