"""Single-row validation of directory entries: phones, languages, time zones, facts, identifiers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from iproceeds.directory.models import (
    Contact,
    InstrumentStatus,
    PartySetting,
    ProviderIdentifier,
)
from iproceeds.directory.tests.factories import (
    AuthorityFactory,
    ContactFactory,
    PartyFactory,
    ServiceProviderFactory,
)

pytestmark = pytest.mark.django_db


def test_phone_is_stored_in_e164():
    # given a contact whose phone is written the way people write it
    contact = ContactFactory.build(authority=AuthorityFactory(), phone="+381 11 555 0123", mobile="")
    # when it is validated
    contact.full_clean()
    # then the number is in E.164
    assert contact.phone == "+381115550123"


def test_local_phone_uses_the_party_country_code():
    authority = AuthorityFactory(party=PartyFactory(code="RS", name="Serbia"))
    contact = ContactFactory.build(authority=authority, phone="011 555 0123")
    contact.full_clean()
    assert contact.phone == "+381115550123"


def test_invalid_phone_names_the_field():
    contact = ContactFactory.build(authority=AuthorityFactory(), phone="+381 12", mobile="not a number")
    with pytest.raises(ValidationError) as exc:
        contact.full_clean()
    assert set(exc.value.message_dict) == {"phone", "mobile"}


def test_invalid_email_and_language_name_their_fields():
    contact = ContactFactory.build(authority=AuthorityFactory(), email="nobody@", languages="sr, Serbian!")
    with pytest.raises(ValidationError) as exc:
        contact.full_clean()
    assert set(exc.value.message_dict) == {"email", "languages"}


def test_contact_needs_a_way_to_reach_it():
    contact = Contact(authority=AuthorityFactory(), name="Nobody")
    with pytest.raises(ValidationError) as exc:
        contact.full_clean()
    assert exc.value.message_dict == {
        "phone": ["Give at least a phone, a mobile phone or an e-mail address."]
    }


def test_unknown_time_zone_names_the_field():
    authority = AuthorityFactory.build(party=PartyFactory(), timezone="Europe/Atlantis")
    with pytest.raises(ValidationError) as exc:
        authority.full_clean()
    assert exc.value.message_dict == {"timezone": ["“Europe/Atlantis” is not a known time zone."]}


def test_office_hours_must_close_after_opening():
    authority = AuthorityFactory.build(
        party=PartyFactory(), office_opens=datetime.time(16), office_closes=datetime.time(8)
    )
    with pytest.raises(ValidationError) as exc:
        authority.full_clean()
    assert exc.value.message_dict == {"office_closes": ["The office must close after it opens."]}


def test_ratification_before_signature_is_refused():
    status = InstrumentStatus(
        party=PartyFactory(),
        instrument="CETS224",
        signed_on=datetime.date(2023, 2, 9),
        ratified_on=datetime.date(2022, 1, 1),
        source="test",
        as_of=datetime.date(2026, 11, 23),
    )
    with pytest.raises(ValidationError) as exc:
        status.full_clean()
    assert exc.value.message_dict == {"ratified_on": ["This date is before the date it must follow."]}


def test_fact_without_source_is_refused_and_unconfirmed_is_to_verify():
    status = InstrumentStatus(party=PartyFactory(), instrument="ETS185")
    with pytest.raises(ValidationError) as exc:
        status.full_clean()
    assert set(exc.value.message_dict) == {"source", "as_of"}
    assert status.to_verify is True


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("accepted_languages", "SR; en", "sr, en"),
        ("max_preservation_days", "090", "90"),
        ("e_encryption_required", "Yes", "yes"),
    ],
)
def test_party_settings_are_normalised_by_key(key, value, stored):
    setting = PartySetting(
        party=PartyFactory(), key=key, value=value, source="s", as_of=datetime.date(2026, 1, 1)
    )
    setting.full_clean()
    assert setting.value == stored


def test_bad_setting_value_names_the_value_field():
    setting = PartySetting(
        party=PartyFactory(),
        key="fiu_postponement_hours",
        value="soon",
        source="s",
        as_of=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        setting.full_clean()
    assert exc.value.message_dict == {"value": ["Give a whole number greater than zero."]}


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("domain", "Example.COM.", "example.com"),
        ("ip_range", "192.0.2.0/24", "192.0.2.0/24"),
        ("ip_range", "2001:db8::/32", "2001:db8::/32"),
        ("asn", "as64500", "AS64500"),
    ],
)
def test_identifiers_are_normalised(kind, value, stored):
    identifier = ProviderIdentifier(provider=ServiceProviderFactory(), kind=kind, value=value)
    identifier.full_clean()
    assert identifier.value == stored


@pytest.mark.parametrize(
    ("kind", "value"), [("domain", "not a domain"), ("ip_range", "192.0.2.1/24"), ("asn", "ASX")]
)
def test_bad_identifiers_name_the_value_field(kind, value):
    identifier = ProviderIdentifier(provider=ServiceProviderFactory(), kind=kind, value=value)
    with pytest.raises(ValidationError) as exc:
        identifier.full_clean()
    assert list(exc.value.message_dict) == ["value"]
