"""From money abroad to a cooperation request: the accounts of a case in another Party, and the draft.

A target is money held in, or left to, an account in another Party: an exit of a trace (its
counterparty country, else the IBAN's country), a holding of a trace, or a bank account of the case.
Drafting goes through cooperation's own service (which checks the instrument and audits the draft);
the link to the case is audited here. A crypto exit to a known exchange names the service provider's
directory entry (shown with its law-enforcement contact); the request, if the officer wants one,
goes to the provider's Party.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from moneytrace.money import format_amount, parse_amount

from iproceeds.audit.services import record
from iproceeds.cooperation.forms import prefilled_values
from iproceeds.cooperation.identifier_fields import SIMPLE
from iproceeds.cooperation.models import RequestType
from iproceeds.cooperation.services.requests import request_create_draft
from iproceeds.directory.choices import AuthorityType
from iproceeds.directory.models import Authority, Party, ServiceProvider
from iproceeds.investigations.models import CaseRequest, InvestigationCase, TraceRun
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.selectors import offence_labels
from iproceeds.investigations.services import _require

WC17, WC18, WC21 = "WC17_BANK_ACCOUNTS", "WC18_BANK_TRANSACTIONS", "WC21_PROVISIONAL_MEASURES"
REQUEST_TYPES = (WC21, WC17, WC18)  # WC21 first: freezing is the default
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$")


@dataclass
class Target:
    """Money of the case in one account, possibly abroad, and whether a request can be drafted."""

    key: str  # exit:<transaction id> | holding:<account> | account:<iban>
    kind: str
    account: str
    country: str
    currency: str
    amount_minor: int = 0
    bic: str = ""
    when: str = ""
    counterparty: str = ""
    party: Party | None = None
    provider: ServiceProvider | None = None
    refusal: str = ""
    transaction_id: str = ""
    victims: list[str] = field(default_factory=list)

    @property
    def amount_display(self) -> str:
        """The traced amount with its currency's decimals."""
        return format_amount(self.amount_minor, self.currency) if self.amount_minor else ""


def _iban_country(account: str | None) -> str:
    return account[:2] if account and _IBAN.match(account) else ""


def _exit_targets(case: InvestigationCase, run: TraceRun) -> list[Target]:
    """One target per exit transaction that went to a known account or country."""
    found: dict[str, Target] = {}
    for row in run.result.get("exits", []):
        country = row.get("counterparty_country") or _iban_country(row.get("to_account"))
        if not (row.get("to_account") or country):
            continue  # cash or unknown: nobody to ask
        target = found.setdefault(
            row["transaction_id"],
            Target(
                key=f"exit:{row['transaction_id']}",
                kind="exit",
                account=row.get("to_account") or "",
                country=(country or "").upper(),
                currency=run.currency,
                bic=row.get("counterparty_bank") or "",
                when=row["timestamp"][:10],
                transaction_id=row["transaction_id"],
            ),
        )
        target.amount_minor += parse_amount(row["amount"], run.currency)
        target.victims.append(row["victim"])
    names = dict(
        case.transactions.filter(tx_id__in=list(found)).values_list("tx_id", "details__counterparty_name")
    )
    for tx_id, target in found.items():
        target.counterparty = names.get(tx_id) or ""
    return list(found.values())


def _holding_targets(case: InvestigationCase, run: TraceRun) -> list[Target]:
    """One target per account holding victims' money in the trace."""
    countries = {a.iban: a.country for a in case.bank_accounts.all()}
    found: dict[str, Target] = {}
    for row in run.result.get("holdings", []):
        account = row["account"]
        country = countries.get(account) or _iban_country(account)
        target = found.setdefault(
            account,
            Target(
                key=f"holding:{account}",
                kind="holding",
                account=account,
                country=country,
                currency=run.currency,
            ),
        )
        target.amount_minor += parse_amount(row["amount"], run.currency)
        target.victims.append(row["victim"])
    return list(found.values())


def _account_targets(case: InvestigationCase, run: TraceRun | None, taken: set[str]) -> list[Target]:
    """The case's bank accounts not already a target, with what the trace sent or left there."""
    traced: dict[str, int] = defaultdict(int)
    if run is not None:
        for row in run.result.get("exits", []) + run.result.get("holdings", []):
            account = row.get("to_account") or row.get("account")
            if account:
                traced[account] += parse_amount(row["amount"], run.currency)
    return [
        Target(
            key=f"account:{a.iban}",
            kind="account",
            account=a.iban,
            country=a.country,
            bic=a.bic,
            currency=run.currency if run and traced.get(a.iban) else a.currency,
            amount_minor=traced.get(a.iban, 0),
            counterparty=a.bank_name,
        )
        for a in case.bank_accounts.all()
        if a.iban not in taken
    ]


def _provider(target: Target) -> ServiceProvider | None:
    """The directory's service provider named by the counterparty or its bank, if any."""
    names = [n for n in (target.counterparty, target.bic) if n]
    if not names:
        return None
    query = Q()
    for name in names:
        query |= Q(name__iexact=name) | Q(identifiers__value__iexact=name)
    return ServiceProvider.objects.filter(query).distinct().first()


def _judge(case: InvestigationCase, target: Target) -> None:
    """Find the Party, the provider, and why no request can be drafted (empty when one can)."""
    target.provider = _provider(target)
    if target.provider is not None and not _iban_country(target.account):
        target.country = target.provider.jurisdiction  # a crypto exit: ask the exchange's Party
    if not target.country:
        target.refusal = _("The country of this account is not known: no request can be drafted.")
        return
    if target.country == case.authority.party.code:
        target.refusal = _("This account is in your own Party: no international request is needed.")
        return
    target.party = Party.objects.filter(code=target.country).first()
    if target.party is None:
        target.refusal = _("%(country)s is not a Party in the directory.") % {"country": target.country}


def targets_for(*, case: InvestigationCase, run: TraceRun | None) -> list[Target]:
    """Exits and holdings of the trace, and the case's bank accounts, each judged for a request."""
    targets = (_exit_targets(case, run) + _holding_targets(case, run)) if run is not None else []
    targets += _account_targets(case, run, {t.account for t in targets if t.kind == "holding"})
    for target in targets:
        _judge(case, target)
    return targets


def competent_authority(*, party: Party, type_code: str) -> Authority | None:
    """The Party's authority competent for the type; else its central authority; else any authority."""
    authorities = Authority.objects.filter(party=party).order_by("pk")
    return (
        authorities.filter(competences__request_type=type_code).first()
        or authorities.filter(authority_type=AuthorityType.CENTRAL_AUTHORITY).first()
        or authorities.first()
    )


def _valid(kind: str, values: list[str]) -> list[str]:
    """The values the cooperation field accepts (an invalid one is left for the officer to add)."""
    kept = []
    for value in values:
        try:
            kept.append(SIMPLE[kind](value))
        except ValidationError:
            continue
    return kept


def _facts(case: InvestigationCase, target: Target, run: TraceRun | None) -> str:
    """The case facts and what the trace found about this account, in the officer's language."""
    lost = ", ".join(f"{v.amount_display} {v.currency}" for v in case.victims.all())
    facts = _("Financial investigation %(reference)s: %(title)s. Victims' losses: %(lost)s.") % {
        "reference": case.reference,
        "title": case.title,
        "lost": lost or "—",
    }
    place = {
        "account": target.account or "—",
        "party": target.party.name if target.party else target.country,
        "amount": target.amount_display,
        "currency": target.currency,
        "date": target.when,
        "method": run.method if run else "",
    }
    if target.kind == "exit":
        facts += (
            " "
            + _(
                "On %(date)s, %(amount)s %(currency)s of the victims' money "
                "(traced with the %(method)s method) left to the account %(account)s in %(party)s."
            )
            % place
        )
    elif target.amount_minor:
        facts += (
            " "
            + _(
                "%(amount)s %(currency)s of the victims' money (traced with the %(method)s method) "
                "went to or is held in the account %(account)s in %(party)s."
            )
            % place
        )
    else:
        facts += " " + _("The account %(account)s in %(party)s is linked to the case.") % place
    return facts


def _persons(case: InvestigationCase) -> str:
    return "; ".join(
        f"{s.name} ({s.get_role_display()}{', ' + s.country if s.country else ''})"
        for s in case.subjects.all()
    )


def _period(case: InvestigationCase) -> dict[str, str]:
    times = list(case.transactions.order_by("timestamp").values_list("timestamp", flat=True))
    if not times:
        return {}
    return {"period_from": times[0].date().isoformat(), "period_to": times[-1].date().isoformat()}


def _specific(type_code: str, target: Target, reason: str) -> dict[str, dict[str, Any]]:
    """The type's own section, filled with the account, bank, period and maximum amount."""
    ibans = _valid("iban", [target.account])
    if type_code == WC17:
        banks = _valid("bic", [target.bic])
        return {
            "financial": {
                "substantial_value": reason,
                "ibans": ibans,
                "banks": banks,
                "grounds_for_banks": _("The victims' money was traced to this account."),
            }
        }
    if type_code == WC18:
        return {"financial": {"relevance": reason, "ibans": ibans}}
    prop: dict[str, Any] = {
        "property": _("Balance of the account %(account)s.") % {"account": target.account}
    }
    prop |= {"ibans": ibans, "bitcoin_addresses": _valid("bitcoin", [target.account]) if not ibans else []}
    prop["ethereum_addresses"] = _valid("ethereum", [target.account]) if not ibans else []
    if target.amount_minor:  # ETS 198 Art 37(2): the maximum amount for value confiscation
        prop["maximum_amount"] = {"amount": target.amount_display, "currency": target.currency}
    return {"property": prop}


def request_values(
    *, case: InvestigationCase, actor: Any, rtype: RequestType, target: Target, run: TraceRun | None
) -> dict[str, dict[str, Any]]:
    """A draft's content filled from the case: reference, authority, offence, facts, accounts, amounts."""
    values = prefilled_values(rtype, actor)
    reason = _("To follow the victims' money and secure it for confiscation and return to the victims.")
    values["date_reference"] = values.get("date_reference", {}) | {"our_reference": case.reference}
    values["request_status"] = {"status": "new"}
    values["investigating_authority"] = {
        "investigating_authority": case.authority.name,
        "investigation_number": "; ".join(case.criminal_case_numbers) or case.reference,
    }
    values["offence"] = {"offences": ", ".join(offence_labels(case=case)), "facts": _facts(case, target, run)}
    values["persons"] = {"persons": _persons(case), "object_and_reason": reason}
    values |= _specific(rtype.code, target, reason)
    if rtype.code == WC18:
        values["financial"] |= _period(case)
    if rtype.code == WC21:
        values["urgency"] = {"urgency_reasons": _("The money may be moved on at any time.")}
    return values


def _request_type(type_code: str) -> RequestType:
    rtype = (
        RequestType.objects.filter(code=type_code, is_active=True).first()
        if type_code in REQUEST_TYPES
        else None
    )
    if rtype is None:
        raise ValidationError(
            {"request_type": _("Choose bank accounts, transactions or provisional measures.")}
        )
    return rtype


def case_request_draft(
    *, case: InvestigationCase, actor: Any, target_key: str, type_code: str, run: TraceRun | None = None
) -> CaseRequest:
    """Draft the request for one target abroad through cooperation's service, and link it to the case."""
    _require(can_edit_case(case, actor))
    rtype = _request_type(type_code)
    target = {t.key: t for t in targets_for(case=case, run=run)}.get(target_key)
    if target is None:
        raise ValidationError({"target": _("Choose an account of this case or of its trace.")})
    if target.refusal or target.party is None:
        raise ValidationError({"target": target.refusal})
    values = request_values(case=case, actor=actor, rtype=rtype, target=target, run=run)
    with transaction.atomic():
        coop_request = request_create_draft(
            actor=actor,
            request_type=rtype,
            requested_party=target.party,
            requested_authority=competent_authority(party=target.party, type_code=rtype.code),
            urgency="urgent" if rtype.code == WC21 else "normal",
            values=values,
        )
        link = CaseRequest(
            case=case,
            coop_request=coop_request,
            trace=run,
            created_by=actor,
            exit_transaction=target.transaction_id,
            created_at=timezone.now(),
        )
        link.full_clean()
        link.save(force_insert=True)
        after = {
            "request": coop_request.reference,
            "type": rtype.code,
            "party": target.party.code,
            "target": target.key,
            "trace": run.pk if run else None,
        }
        record(action="investigations.request.drafted", actor=actor, target=link, after=after)
    return link


def request_type_choices() -> list[tuple[str, str]]:
    """The three request types an officer may draft from money abroad, freezing first."""
    labels = {
        WC21: _("Provisional measures: freeze (WC21)"),
        WC17: _("Information on bank accounts (WC17)"),
        WC18: _("Information on bank transactions (WC18)"),
    }
    return [(code, labels[code]) for code in REQUEST_TYPES]
