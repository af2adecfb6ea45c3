"""No duplicate preservation: earlier requests to the same Party about the same identifiers.

An identifier matches when its normalised form is the same, whatever the port and time for an IP
address (the provider's logs for that address are likely the ones already preserved). Only the
sections about the subject count: the requesting side's own phone and e-mail repeat in every request.
Earlier requests the user may see are listed and linked; for those of other authorities of the user's
Party, only the identifiers asked about are named (no reference, authority, type or date); requests
of other Parties are never mentioned.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from iproceeds.cooperation.choices import FieldKind
from iproceeds.cooperation.i18n import localised
from iproceeds.cooperation.models import CooperationRequest, Field
from iproceeds.cooperation.selectors import requests_visible_to

IDENTIFIER_KINDS = frozenset(
    {FieldKind.IP_ADDRESS, FieldKind.PHONE, FieldKind.EMAIL, FieldKind.IMEI, FieldKind.MAC, FieldKind.DOMAIN,
     FieldKind.URL, FieldKind.ACCOUNT, FieldKind.IBAN, FieldKind.BITCOIN, FieldKind.ETHEREUM}
)  # fmt: skip
# Sections that say who asks, not whom the request is about.
ASKER_SECTIONS = frozenset({"requesting_authority", "confirmation_contact", "investigating_authority"})
CASE_INSENSITIVE = frozenset(
    {FieldKind.EMAIL, FieldKind.DOMAIN, FieldKind.URL, FieldKind.MAC, FieldKind.ETHEREUM}
)

Key = tuple[str, str]


def window_days() -> int:
    """How far back an earlier request counts (settings.COOPERATION_DUPLICATE_WINDOW_DAYS, 90 by default)."""
    return int(getattr(settings, "COOPERATION_DUPLICATE_WINDOW_DAYS", 90))


def identifier_key(kind: str, value: Any) -> Key:
    """The form under which two stored identifiers are the same one."""
    if kind == FieldKind.IP_ADDRESS:
        return kind, ipaddress.ip_address(value["address"]).compressed
    if kind == FieldKind.ACCOUNT:
        return kind, f"{value['username'].casefold()} @ {value['service'].casefold()}"
    if kind == FieldKind.BITCOIN and str(value).lower().startswith("bc1"):
        return kind, str(value).lower()
    return kind, str(value).casefold() if kind in CASE_INSENSITIVE else str(value)


def _subject_fields(type_ids: set[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per request type: (section, field, kind) of its identifier fields about the subject, in one query."""
    rows = (
        Field.objects.filter(section__request_type_id__in=type_ids, kind__in=IDENTIFIER_KINDS)
        .exclude(section__key__in=ASKER_SECTIONS)
        .values_list("section__request_type_id", "section__key", "key", "kind")
    )
    fields: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for type_id, section, key, kind in rows:
        fields[type_id].append((section, key, kind))
    return fields


def _identifiers(values: dict[str, Any], fields: list[tuple[str, str, str]]) -> dict[Key, str]:
    """The identifiers of a content: key → the text shown to the user."""
    found: dict[Key, str] = {}
    for section, key, kind in fields:
        value = (values or {}).get(section, {}).get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            identifier = identifier_key(kind, item)
            found.setdefault(identifier, identifier[1])
    return found


def identifiers_of(coop_request: CooperationRequest) -> dict[Key, str]:
    """The identifiers a request is about (not those of the requesting side)."""
    fields = _subject_fields({coop_request.request_type_id})
    return _identifiers(coop_request.values, fields[coop_request.request_type_id])


@dataclass
class EarlierRequest:
    """An earlier request the user may open, and the identifiers it shares with the draft."""

    reference: str
    url: str
    type_label: str
    submitted_at: datetime | None
    status_label: str
    identifiers: list[str]


@dataclass
class DuplicateReport:
    """Earlier requests to the same Party about the same identifiers."""

    earlier: list[EarlierRequest] = field(default_factory=list)
    # Identifiers that another authority of the user's Party asked about (its request is not shown).
    asked_by_others: list[str] = field(default_factory=list)
    days: int = 90

    def __bool__(self) -> bool:
        return bool(self.earlier or self.asked_by_others)


def _same_chain(coop_request: CooperationRequest) -> set[int]:
    """The requests this one continues (extensions, follow-ups) and their other continuations."""
    ancestors: set[int] = set()
    current = coop_request.follows_id
    while current is not None and current not in ancestors:
        ancestors.add(current)
        current = CooperationRequest.objects.filter(pk=current).values_list("follows_id", flat=True).first()
    siblings = CooperationRequest.objects.filter(follows_id__in=ancestors).values_list("pk", flat=True)
    return ancestors | set(siblings) | {coop_request.pk}


def _candidates(coop_request: CooperationRequest) -> list[CooperationRequest]:
    """Requests sent to the same Party within the window, outside the draft's own chain."""
    since = timezone.now() - timedelta(days=window_days())
    return list(
        CooperationRequest.objects.filter(
            requested_party_id=coop_request.requested_party_id, submitted_at__gte=since
        )
        .exclude(pk__in=_same_chain(coop_request))
        .select_related("request_type", "requesting_authority")
        .order_by("-submitted_at")
    )


def duplicate_requests(*, user: Any, coop_request: CooperationRequest) -> DuplicateReport:
    """Earlier requests to the draft's Party about the same identifiers, as far as the user may know."""
    own = identifiers_of(coop_request)
    report = DuplicateReport(days=window_days())
    if not own:
        return report
    candidates = _candidates(coop_request)
    fields = _subject_fields({c.request_type_id for c in candidates})
    matches = []
    for earlier in candidates:
        shared = [
            own[key] for key in own if key in _identifiers(earlier.values, fields[earlier.request_type_id])
        ]
        if shared:
            matches.append((earlier, shared))
    visible = set(
        requests_visible_to(user=user).filter(pk__in=[m.pk for m, _s in matches]).values_list("pk", flat=True)
    )
    party_id = getattr(getattr(user, "authority", None), "party_id", None)
    for earlier, shared in matches:
        if earlier.pk in visible:
            report.earlier.append(_shown(earlier, shared))
        elif earlier.requesting_authority.party_id == party_id:
            report.asked_by_others.extend(s for s in shared if s not in report.asked_by_others)
    return report


def _shown(earlier: CooperationRequest, shared: list[str]) -> EarlierRequest:
    return EarlierRequest(
        reference=earlier.reference,
        url=earlier.get_absolute_url(),
        type_label=localised(earlier.request_type.labels),
        submitted_at=earlier.submitted_at,
        status_label=str(earlier.get_status_display()),
        identifiers=shared,
    )
