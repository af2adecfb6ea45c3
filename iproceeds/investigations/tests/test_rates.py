"""Exchange rates: loaded from a file, every bad row named, nothing stored on any bad row."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations.models import ExchangeRate
from iproceeds.investigations.rates import rates_load, to_eur

H = b"date,currency,rate_per_eur\n"
NOT_RATE = "row 1, field 'rate_per_eur': not a positive number with at most 8 decimals"
NOT_CURRENCY = "row 1, field 'currency': not an ISO 4217 currency other than EUR"
SECOND = "row 2, field 'date': a second rate for this currency and day"
GOOD = b"date,currency,rate_per_eur\n2026-03-02,MKD,61.4950\n2026-03-02,RSD,117.1200\n"


def test_a_good_file_is_loaded_and_audited(db):
    # when the administrator loads a file of two rates
    count = rates_load(data=GOOD, actor=None)
    # then both are stored and the load is in the audit trail
    assert count == 2
    assert list(ExchangeRate.objects.order_by("currency").values_list("currency", "rate_per_eur")) == [
        ("MKD", Decimal("61.4950")),
        ("RSD", Decimal("117.1200")),
    ]
    event = AuditEvent.objects.get(action="investigations.rates.loaded")
    assert event.after["rates"] == 2


def test_loading_a_day_again_replaces_its_rate(db):
    rates_load(data=GOOD, actor=None)
    rates_load(data=b"date,currency,rate_per_eur\n2026-03-02,MKD,61.5\n", actor=None)
    assert ExchangeRate.objects.get(currency="MKD").rate_per_eur == Decimal("61.5")
    assert ExchangeRate.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"day,code,rate\n2026-03-02,MKD,61\n", "The first line must be: date,currency,rate_per_eur"),
        (b"date,currency,rate_per_eur\n", "The file has no rate."),
        (H + b"02.03.2026,MKD,61\n", "row 1, field 'date': not a date in the form YYYY-MM-DD"),
        (H + b"2026-03-02,XXX,61\n", NOT_CURRENCY),
        (H + b"2026-03-02,EUR,1\n", NOT_CURRENCY),
        (H + b"2026-03-02,MKD,-61\n", NOT_RATE),
        (H + b"2026-03-02,MKD,abc\n", NOT_RATE),
        (H + b"2026-03-02,MKD,0.123456789\n", NOT_RATE),
        (H + b"2026-03-02,MKD,61\n2026-03-02,MKD,62\n", SECOND),
        (b"\xff\xfe", "The file is not a UTF-8 CSV file."),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_naming_the_row_and_stores_nothing(db, data, message):
    # given one good rate stored
    rates_load(data=GOOD, actor=None)
    events = AuditEvent.objects.count()
    # when a bad file is loaded (its other rows good), then it is refused naming the row and field
    bad = data + (b"2026-03-03,RSD,117.2\n" if data.count(b"\n") > 1 else b"")
    with pytest.raises(ValidationError) as refused:
        rates_load(data=bad, actor=None)
    assert refused.value.message_dict["file"] == [message]
    assert ExchangeRate.objects.count() == 2
    assert AuditEvent.objects.count() == events


def test_only_the_secretariat_loads_rates_on_a_page(officer, secretariat):
    with pytest.raises(PermissionDenied):
        rates_load(data=GOOD, actor=officer)
    assert ExchangeRate.objects.count() == 0
    assert rates_load(data=GOOD, actor=secretariat) == 2


def test_conversion_uses_the_last_rate_of_the_week_before_and_says_when_none(db):
    rates_load(data=GOOD, actor=None)
    assert to_eur(amount_minor=61495000, currency="MKD", on=date(2026, 3, 8)).eur_minor == 100000000 // 100
    with pytest.raises(ValidationError) as missing:
        to_eur(amount_minor=100, currency="MKD", on=date(2026, 3, 10))
    assert missing.value.messages[0].startswith("No exchange rate for MKD on 2026-03-10")
    assert to_eur(amount_minor=12345, currency="EUR", on=date(2026, 3, 10)).eur_minor == 12345


def test_the_command_loads_a_file_and_reports_bad_rows(db, tmp_path):
    good, bad = tmp_path / "rates.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(b"date,currency,rate_per_eur\n2026-03-02,MKD,x\n")
    out = StringIO()
    call_command("load_exchange_rates", str(good), stdout=out)
    assert out.getvalue() == f"2 exchange rate(s) loaded from {good}\n"
    with pytest.raises(CommandError) as refused:
        call_command("load_exchange_rates", str(bad))
    assert "row 1, field 'rate_per_eur'" in str(refused.value)
    assert ExchangeRate.objects.count() == 2
