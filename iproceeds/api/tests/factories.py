"""Making API tokens for tests through the service, so they look exactly like real ones."""

from datetime import timedelta

from django.utils import timezone

from iproceeds.api import services


def make_token(user, *, scopes=("read", "write"), name="Test client", days=30):
    """Create a token for `user`; returns (token row, full token string)."""
    return services.token_create(
        actor=user, name=name, scopes=scopes, expires_at=timezone.now() + timedelta(days=days)
    )


def bearer(raw):
    """The request header carrying a token."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
