"""The deadlines panel of a request page: its due dates, earlier request, follow-ups and continuations."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import prefetch_related_objects

from iproceeds.cooperation import deadlines as computed
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.selectors import requests_visible_to
from iproceeds.cooperation.services.follow_ups import may_continue

register = template.Library()


@register.simple_tag
def deadline_panel(coop_request: CooperationRequest, user: Any) -> dict[str, Any]:
    """What the panel shows; linked requests only when the user may see them."""
    # read onto the page's own request: what the page already read (its timeline) is not read again
    prefetch_related_objects([coop_request], *computed.deadline_prefetches())
    deadlines = computed.deadlines_of(coop_request)
    # the user may not see every linked request: those they see are read only when there are any
    has_follow_ups = bool(coop_request.follow_ups.all())
    linked = (
        requests_visible_to(user=user).filter(follows=coop_request).order_by("created_at")
        if has_follow_ups
        else []
    )
    follows = (
        requests_visible_to(user=user).filter(pk=coop_request.follows_id).first()
        if coop_request.follows_id
        else None
    )
    return {
        "deadlines": deadlines,
        "pending_mla": any(d.state == computed.PENDING_MLA for d in deadlines),
        "follows": follows,
        "follow_ups": list(linked),
        "may_continue": may_continue(user, coop_request),
    }
