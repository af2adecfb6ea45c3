"""Reading a user's own API tokens; someone else's token is as absent as a missing one."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from iproceeds.api.models import ApiToken


def tokens_for_user(*, user: Any) -> QuerySet[ApiToken]:
    """The user's tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def get_token_for_user(*, user: Any, pk: int | str) -> ApiToken:
    """One of the user's tokens; the same 404 for absent and for another user's."""
    api_token = tokens_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if api_token is None:
        raise Http404
    return api_token
