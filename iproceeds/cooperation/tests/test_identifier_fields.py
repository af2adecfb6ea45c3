"""Form fields for identifiers: structured inputs, one-per-line lists with errors naming the line."""

import pytest
from django.core.exceptions import ValidationError

from iproceeds.cooperation.choices import FieldKind
from iproceeds.cooperation.identifier_fields import (
    AmountField,
    DateTimeTzField,
    IdentifierField,
    IpAddressField,
    LinesField,
)


def test_the_ip_field_stores_address_port_and_utc_time():
    # given the three inputs of an IP entry
    field = IpAddressField(required=True)
    # when cleaned, then the value is normalised with the timestamp in UTC
    assert field.clean(["203.0.113.7", "51234", "2026-10-02 03:14 Europe/Belgrade"]) == {
        "address": "203.0.113.7", "version": 4, "port": 51234, "timestamp": "2026-10-02T01:14:00Z",
    }  # fmt: skip


def test_the_ip_field_refuses_a_timestamp_without_zone():
    field = IpAddressField(required=True)
    with pytest.raises(ValidationError) as exc:
        field.clean(["203.0.113.7", "51234", "2026-10-02 03:14"])
    assert exc.value.messages == ["This timestamp has no time zone."]


def test_an_optional_empty_composite_is_none_and_a_required_one_is_refused():
    assert AmountField(required=False).clean(["", ""]) is None
    with pytest.raises(ValidationError) as exc:
        DateTimeTzField(required=True).clean(["", ""])
    assert exc.value.messages == ["This field is required."]


def test_the_datetime_field_takes_a_zone_from_its_second_input():
    assert (
        DateTimeTzField(required=True).clean(["2026-11-23T09:00", "Europe/Skopje"]) == "2026-11-23T08:00:00Z"
    )


def test_a_lines_field_normalises_each_line_and_names_every_wrong_one():
    # given three IBAN lines, the second and third wrong
    field = LinesField(kind=FieldKind.IBAN, required=False)
    text = "GB82 WEST 1234 5698 7654 32\nDE88370400440532013000\n\nDE8937040044053201300"
    # when cleaned, then both mistakes are reported with their line numbers
    with pytest.raises(ValidationError) as exc:
        field.clean(text)
    assert exc.value.messages == [
        "Line 2: The IBAN check digits are wrong.",
        "Line 4: This IBAN has the wrong length for its country.",
    ]
    assert field.clean("GB82 WEST 1234 5698 7654 32\n\n") == ["GB82WEST12345698765432"]


def test_lines_are_shown_again_as_typed():
    field = LinesField(kind=FieldKind.IP_ADDRESS, required=False)
    stored = field.clean(
        "[2001:db8::7]:443 2026-10-02T03:14:00Z\n203.0.113.7 51234 2026-10-02T03:14:00+02:00"
    )
    assert (
        field.prepare_value(stored)
        == "[2001:db8::7]:443 2026-10-02T03:14:00Z\n203.0.113.7:51234 2026-10-02T01:14:00Z"
    )
    assert field.clean(field.prepare_value(stored)) == stored


def test_a_simple_identifier_field_normalises():
    assert IdentifierField(kind=FieldKind.ETHEREUM).clean("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == (
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    )
