"""The "ask Party X" actions beside a trace's exits and holdings abroad; a request's case."""

from __future__ import annotations

from typing import Any

from django import template

from iproceeds.investigations.models import InvestigationCase, TraceRun
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.requests import request_type_choices, targets_for
from iproceeds.investigations.selectors import case_of_request

register = template.Library()


@register.inclusion_tag("investigations/_ask_party.html", takes_context=True)
def ask_party(context: Any, run: TraceRun) -> dict[str, Any]:
    """The trace's targets in other Parties, each with its "ask" form or the reason why not."""
    user = context["request"].user
    targets = [t for t in targets_for(case=run.case, run=run) if t.kind != "account"]
    return {
        "case": run.case,
        "run": run,
        "targets": targets,
        "types": request_type_choices(),
        "can_edit": can_edit_case(run.case, user),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def request_case(coop_request: Any, user: Any) -> InvestigationCase | None:
    """On a request page: the case it was drafted from, for the members of that case's team."""
    return case_of_request(user=user, coop_request=coop_request)
