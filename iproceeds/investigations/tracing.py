"""Traces of a case: the method declared first, inputs hashed, the moneytrace version recorded."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from moneytrace.ledger import Ledger, LedgerError
from moneytrace.methods.common import METHODS
from moneytrace.trace import trace

from iproceeds.audit.services import record
from iproceeds.investigations.ledger import case_ledger
from iproceeds.investigations.models import InvestigationCase, TraceRun
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.services import _require


def inputs_sha256(ledger: Ledger, victims: dict[str, str], method: str, currency: str) -> str:
    """SHA-256 of everything a trace depends on, in a canonical form: the same inputs, the same hash."""
    body = {
        "method": method,
        "currency": currency,
        "victims": dict(sorted(victims.items())),
        "opening_balances": ledger.opening_balances,
        "transactions": [
            [
                t.id,
                t.timestamp.isoformat(),
                t.from_account,
                t.to_account,
                t.amount,
                t.currency,
                t.to_amount,
                t.to_currency,
            ]
            for t in ledger.transactions
        ],
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _victims_map(case: InvestigationCase, payments: dict[str, int]) -> dict[str, str]:
    """Transaction id -> victim name, refusing a victim or a transaction that is not in the case."""
    names = dict(case.victims.values_list("pk", "name"))
    known = set(case.transactions.filter(tx_id__in=list(payments)).values_list("tx_id", flat=True))
    if not payments or set(payments) - known or set(payments.values()) - set(names):
        raise ValidationError({"victims": _("Choose victims' payments among the transactions of this case.")})
    return {tx_id: names[victim_id] for tx_id, victim_id in payments.items()}


def compare_methods(ledger: Ledger, victims: dict[str, str], currency: str) -> dict[str, Any]:
    """Every method on the same inputs: per method, where each victim's money is held and where it left."""
    comparison = {}
    for method in METHODS:
        found = trace(ledger, victims, method=method, currency=currency, engine="reference").to_json()
        comparison[method] = {key: found[key] for key in ("holdings", "exits", "losses", "capped")}
    return comparison


def trace_run(
    *,
    case: InvestigationCase,
    actor: Any,
    method: str,
    currency: str,
    payments: dict[str, int],
    compare: bool = False,
) -> TraceRun:
    """Run one trace with the method declared up front (the others beside it if asked); an empty or
    inconsistent ledger is refused."""
    _require(can_edit_case(case, actor))
    if method not in METHODS:
        raise ValidationError({"method": _("Choose a tracing method from the list.")})
    victims = _victims_map(case, payments)
    ledger = case_ledger(case=case)
    try:
        result = trace(ledger, victims, method=method, currency=currency, engine="reference")
    except LedgerError as exc:
        raise ValidationError({"victims": [str(problem) for problem in exc.problems]}) from None
    stored = result.to_json()
    if compare:  # the declared method stays the one relied on; the others are shown beside it
        stored["comparison"] = compare_methods(ledger, victims, result.currency)
    run = TraceRun(
        case=case,
        method=method,
        currency=currency,
        victims=victims,
        run_by=actor,
        inputs_sha256=inputs_sha256(ledger, victims, method, currency),
        library_version=version("moneytrace"),
        result=stored,
    )
    with transaction.atomic():
        run.full_clean()
        run.save(force_insert=True)
        after = {
            "method": method,
            "inputs_sha256": run.inputs_sha256,
            "library_version": run.library_version,
            "compared": compare,
        }
        record(action="investigations.trace.completed", actor=actor, target=run, after=after)
    return run
