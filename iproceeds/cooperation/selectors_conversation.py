"""Reading the conversation of a request: its messages, attachments and acceptances of conditions."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from iproceeds.cooperation import selectors
from iproceeds.cooperation.models import Attachment, ConditionsAcceptance, CooperationRequest, Message

# The listing never loads the ciphertext.
LISTED_FIELDS = ("id", "message_id", "filename", "content_type", "size", "sha256")


def messages_of(*, coop_request: CooperationRequest) -> QuerySet[Message]:
    """The messages of a request, oldest first (newest last), with authors and attachments (no content)."""
    attachments = Attachment.objects.only(*LISTED_FIELDS).order_by("pk")
    return (
        Message.objects.filter(coop_request=coop_request)
        .select_related("author", "author_authority__party")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("created_at", "pk")
    )


def acceptances_of(*, coop_request: CooperationRequest) -> QuerySet[ConditionsAcceptance]:
    """Who accepted the request's conditions, and when."""
    return (
        ConditionsAcceptance.objects.filter(coop_request=coop_request)
        .select_related("accepted_by", "authority__party")
        .order_by("accepted_at", "pk")  # the Meta ordering within one request, without a join to it
    )


def get_attachment_for_user(*, user: Any, reference: str, pk: int) -> Attachment:
    """An attachment looked up through its request: the same 404 for absent, foreign or other-request ids."""
    coop_request = selectors.get_request_for_user(user=user, reference=reference)
    attachment = (
        Attachment.objects.select_related("message__coop_request")
        .filter(pk=pk, message__coop_request=coop_request)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment
