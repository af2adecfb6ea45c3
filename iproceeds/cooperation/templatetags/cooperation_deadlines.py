"""The deadlines panel of a request page: its due dates, earlier request, follow-ups and continuations."""

from __future__ import annotations

from typing import Any

from django import template

from iproceeds.cooperation import deadlines as computed
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.selectors import requests_visible_to
from iproceeds.cooperation.services.follow_ups import may_continue

register = template.Library()


@register.simple_tag
def deadline_panel(coop_request: CooperationRequest, user: Any) -> dict[str, Any]:
    """What the panel shows; linked requests only when the user may see them."""
    visible = requests_visible_to(user=user)
    linked = visible.filter(follows=coop_request).order_by("created_at")
    follows = visible.filter(pk=coop_request.follows_id).first() if coop_request.follows_id else None
    loaded = computed.with_deadline_data(CooperationRequest.objects.filter(pk=coop_request.pk)).first()
    deadlines = computed.deadlines_of(loaded) if loaded is not None else []
    return {
        "deadlines": deadlines,
        "pending_mla": any(d.state == computed.PENDING_MLA for d in deadlines),
        "follows": follows,
        "follow_ups": list(linked),
        "may_continue": may_continue(user, coop_request),
    }
