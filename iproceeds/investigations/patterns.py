"""Laundering patterns in a case's ledger: moneytrace finds them, the investigator confirms or dismisses.

A finding is known by the SHA-256 of its kind and its sorted evidence ids, so running the search
again updates the findings it finds again and keeps their decisions; a finding not found again
(other parameters, other statements) stays with its decision.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import timedelta
from decimal import Decimal
from importlib.metadata import version
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from moneytrace.patterns import Finding, PatternParams, find_patterns

from iproceeds.audit.services import record
from iproceeds.investigations.ledger import case_ledger
from iproceeds.investigations.models import InvestigationCase, PatternFinding
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.services import _require


def finding_key(kind: str, evidence: list[str] | tuple[str, ...]) -> str:
    """SHA-256 of the kind and the sorted evidence ids: the same finding has the same key on every run."""
    return hashlib.sha256("\n".join([kind, *sorted(evidence)]).encode()).hexdigest()


def params_json(params: PatternParams) -> dict[str, Any]:
    """The parameters as JSON: durations in hours, decimals as text."""
    out: dict[str, Any] = {}
    for name, value in dataclasses.asdict(params).items():
        if isinstance(value, timedelta):
            value = value.total_seconds() / 3600
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dict):
            value = {k: str(v) for k, v in value.items()}
        out[name] = value
    return out


def _store(case: InvestigationCase, finding: Finding, params: dict[str, Any], now: Any) -> bool:
    """Insert a new finding or refresh a known one (its decision kept); True when new."""
    key = finding_key(finding.kind, finding.transaction_ids)
    fields = {
        "kind": finding.kind,
        "score": Decimal(str(round(finding.score, 4))),
        "evidence": list(finding.transaction_ids),
        "details": {"summary": finding.summary, "accounts": list(finding.accounts)} | finding.details,
        "params": params,
        "library_version": version("moneytrace"),
        "found_at": now,
    }
    _row, created = PatternFinding.objects.update_or_create(case=case, key=key, defaults=fields)
    return created


def patterns_run(
    *, case: InvestigationCase, actor: Any, params: PatternParams | None = None
) -> list[PatternFinding]:
    """Search the case's ledger for patterns and store the findings; an empty ledger is refused."""
    _require(can_edit_case(case, actor))
    ledger = case_ledger(case=case)
    if not ledger.transactions:
        raise ValidationError(
            {"ledger": _("The case has no transactions yet: import statements before looking for patterns.")}
        )
    params = params or PatternParams()
    found = find_patterns(ledger, params=params)
    stored = params_json(params)
    with transaction.atomic():
        now = timezone.now()
        new = sum(_store(case, finding, stored, now) for finding in found)
        after = {"found": len(found), "new": new, "library_version": version("moneytrace"), "params": stored}
        record(action="investigations.patterns.run", actor=actor, target=case, after=after)
    return list(PatternFinding.objects.filter(case=case))


def finding_decide(*, finding: PatternFinding, actor: Any, decision: str, reason: str) -> PatternFinding:
    """Confirm or dismiss a finding, with the reason required and audited."""
    _require(can_edit_case(finding.case, actor))
    if decision not in (PatternFinding.Decision.CONFIRMED, PatternFinding.Decision.DISMISSED):
        raise ValidationError({"decision": _("Choose to confirm or to dismiss the finding.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    before = {"decision": finding.decision, "reason": finding.reason}
    finding.decision, finding.reason = decision, reason
    finding.decided_by, finding.decided_at = actor, timezone.now()
    with transaction.atomic():
        finding.full_clean()
        finding.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        record(
            action=f"investigations.finding.{decision}",
            actor=actor,
            target=finding,
            before=before,
            after={"decision": decision, "reason": reason, "kind": finding.kind},
        )
    return finding
