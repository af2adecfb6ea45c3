"""Exchange rates to the euro: loaded from a file by the administrator (never fetched), and conversion."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from moneytrace.money import exponent

from iproceeds.accounts.choices import Role
from iproceeds.audit.services import record
from iproceeds.investigations.models import ExchangeRate
from iproceeds.investigations.validators import ISO_CURRENCIES

HEADER = ["date", "currency", "rate_per_eur"]
MAX_RATE_BYTES = 1024 * 1024
# Reference rates are not published on weekends and holidays: the last rate of the week before counts.
RATE_LOOKBACK = timedelta(days=7)


def can_load_rates(user: Any) -> bool:
    """The network secretariat and the platform's administrators load exchange rates."""
    return bool(
        getattr(user, "is_authenticated", False) and (user.is_superuser or user.role == Role.SECRETARIAT)
    )


def _problem(row: int, field: str, message: str) -> str:
    return _("row %(row)s, field '%(field)s': %(message)s") % {"row": row, "field": field, "message": message}


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _parse_rate(text: str) -> Decimal | None:
    try:
        rate = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not rate.is_finite() or rate <= 0 or rate != rate.quantize(Decimal("1e-8")) or rate >= Decimal("1e12"):
        return None
    return rate


def _row(number: int, row: dict[str, str]) -> tuple[tuple[date, str, Decimal] | None, list[str]]:
    """One row parsed, or the problems of its fields."""
    problems = []
    day = _parse_date(row.get("date") or "")
    currency = (row.get("currency") or "").strip().upper()
    rate = _parse_rate(row.get("rate_per_eur") or "")
    if day is None:
        problems.append(_problem(number, "date", _("not a date in the form YYYY-MM-DD")))
    if currency not in ISO_CURRENCIES or currency == "EUR":
        problems.append(_problem(number, "currency", _("not an ISO 4217 currency other than EUR")))
    if rate is None:
        problems.append(_problem(number, "rate_per_eur", _("not a positive number with at most 8 decimals")))
    if problems or day is None or rate is None:
        return None, problems
    return (day, currency, rate), []


def parse_rates(data: bytes) -> list[tuple[date, str, Decimal]]:
    """Every row of a rates CSV (date,currency,rate_per_eur), or ValidationError listing every bad row."""
    if not data.strip():
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_RATE_BYTES:
        raise ValidationError({"file": _("The file is larger than 1 MB.")})
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        header = [name.strip() for name in reader.fieldnames or []]
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error):
        raise ValidationError({"file": _("The file is not a UTF-8 CSV file.")}) from None
    if header != HEADER:
        raise ValidationError({"file": _("The first line must be: date,currency,rate_per_eur")})
    parsed, problems, seen = [], [], set()
    for number, row in enumerate(rows, start=1):
        item, row_problems = _row(number, {k.strip(): v for k, v in row.items() if k})
        problems += row_problems
        if item is not None and item[:2] in seen:
            problems.append(_problem(number, "date", _("a second rate for this currency and day")))
        elif item is not None:
            seen.add(item[:2])
            parsed.append(item)
    if problems:
        raise ValidationError({"file": problems})
    if not parsed:
        raise ValidationError({"file": _("The file has no rate.")})
    return parsed


def rates_load(*, data: bytes, actor: Any) -> int:
    """Store every rate of a valid file (replacing the same day's rate); one bad row stores nothing.

    `actor` None is the management command run by the administrator on the server.
    """
    if actor is not None and not can_load_rates(actor):
        raise PermissionDenied(_("Only the network secretariat loads exchange rates."))
    parsed = parse_rates(data)
    now = timezone.now()
    with transaction.atomic():
        for day, currency, rate in parsed:
            ExchangeRate.objects.update_or_create(
                date=day,
                currency=currency,
                defaults={"rate_per_eur": rate, "loaded_by": actor, "loaded_at": now},
            )
        after = {
            "rates": len(parsed),
            "sha256": hashlib.sha256(data).hexdigest(),
            "from": min(p[0] for p in parsed).isoformat(),
            "to": max(p[0] for p in parsed).isoformat(),
        }
        record(
            action="investigations.rates.loaded",
            actor=actor,
            actor_label=None if actor else "system",
            target_label="exchange rates",
            after=after,
        )
    return len(parsed)


@dataclass(frozen=True)
class EurValue:
    """An amount's value in euro cents, with the rate used and the rate's own date."""

    eur_minor: int
    rate: Decimal
    rate_date: date


def rate_on(*, currency: str, on: date) -> ExchangeRate | None:
    """The rate of the day, or the last one of the week before (no rate is published on holidays)."""
    return (
        ExchangeRate.objects.filter(currency=currency, date__lte=on, date__gte=on - RATE_LOOKBACK)
        .order_by("-date")
        .first()
    )


def to_eur(*, amount_minor: int, currency: str, on: date) -> EurValue:
    """The amount in euro cents at the rate of `on`; a missing rate is a ValidationError saying so."""
    if currency == "EUR":
        return EurValue(amount_minor, Decimal(1), on)
    rate = rate_on(currency=currency, on=on)
    if rate is None:
        raise ValidationError(
            _(
                "No exchange rate for %(currency)s on %(date)s or in the week before: the administrator "
                "loads rates on the exchange rates page."
            )
            % {"currency": currency, "date": on.isoformat()}
        )
    amount = Decimal(amount_minor).scaleb(-exponent(currency))
    cents = (amount / rate.rate_per_eur).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN).scaleb(2)
    return EurValue(int(cents), rate.rate_per_eur, rate.date)
