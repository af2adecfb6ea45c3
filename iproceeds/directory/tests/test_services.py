"""Directory changes: the edit-permission matrix, audit before/after, confirmation and reminders."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from iproceeds.audit.models import AuditEvent
from iproceeds.directory import services
from iproceeds.directory.models import Contact, Party
from iproceeds.directory.tests.factories import ContactFactory, ServiceProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_contact(home_authority):
    """A contact of the Serbian home authority (the org_admin's own Party)."""
    return ContactFactory(authority=home_authority, name="Demo Jelena Petrović", phone="+381115550123")


@pytest.fixture
def foreign_contact(foreign_authority):
    """A contact of the Albanian authority (another Party)."""
    return ContactFactory(authority=foreign_authority, name="Demo Arta Hoxha", phone="+35545550123")


@pytest.mark.parametrize(
    ("persona", "target", "allowed"),
    [
        ("org_admin", "home_contact", True),
        ("org_admin", "foreign_contact", False),
        ("officer", "home_contact", False),
        ("supervisor", "home_contact", False),
        ("auditor", "home_contact", False),
        ("foreign_admin", "home_contact", False),
        ("foreign_admin", "foreign_contact", True),
        ("secretariat", "home_contact", True),
        ("secretariat", "foreign_contact", True),
    ],
)
def test_edit_permission_matrix(persona, target, allowed, request):
    # given a persona and a contact of their own or another Party
    actor = request.getfixturevalue(persona)
    contact = request.getfixturevalue(target)
    events_before = AuditEvent.objects.count()
    # when they change the contact's function
    if allowed:
        services.entry_update(actor=actor, instance=contact, changes={"function": "Head of unit"})
    else:
        with pytest.raises(PermissionDenied) as exc:
            services.entry_update(actor=actor, instance=contact, changes={"function": "Head of unit"})
        assert "may change" in str(exc.value)
    # then the change is saved and audited only when allowed; a refusal changes nothing
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.function == ("Head of unit" if allowed else "Duty officer")
    assert AuditEvent.objects.count() == events_before + (1 if allowed else 0)


def test_update_is_audited_with_before_and_after(org_admin, home_contact):
    services.entry_update(actor=org_admin, instance=home_contact, changes={"phone": "+381 11 555 0999"})
    event = AuditEvent.objects.get(action="directory.contact.updated")
    assert event.before == {"phone": "+381115550123"}
    assert event.after == {"phone": "+381115550999"}
    assert event.actor == org_admin


def test_invalid_update_changes_nothing(org_admin, home_contact):
    with pytest.raises(ValidationError) as exc:
        services.entry_update(actor=org_admin, instance=home_contact, changes={"phone": "12", "email": "x@"})
    assert set(exc.value.message_dict) == {"phone", "email"}
    assert Contact.objects.get(pk=home_contact.pk).phone == "+381115550123"
    assert not AuditEvent.objects.filter(action="directory.contact.updated").exists()


def test_moving_an_entry_to_another_owner_is_refused(org_admin, home_contact, foreign_authority):
    with pytest.raises(ValidationError) as exc:
        services.entry_update(
            actor=org_admin, instance=home_contact, changes={"authority": foreign_authority}
        )
    assert exc.value.message_dict == {"authority": ["An entry cannot be moved to another owner."]}


def test_unchanged_update_writes_no_event(org_admin, home_contact):
    services.entry_update(actor=org_admin, instance=home_contact, changes={"phone": "+381 11 555 0123"})
    assert not AuditEvent.objects.filter(action="directory.contact.updated").exists()


def test_create_stores_the_search_key(org_admin, home_authority):
    contact = services.entry_create(
        actor=org_admin,
        instance=Contact(authority=home_authority, name="Ђорђе Петровић", email="dj@example.invalid"),
    )
    assert "djordje petrovic" in contact.search_key
    assert AuditEvent.objects.get(action="directory.contact.created").after["name"] == "Ђорђе Петровић"


def test_only_the_secretariat_creates_parties(org_admin, secretariat):
    with pytest.raises(PermissionDenied):
        services.entry_create(actor=org_admin, instance=Party(code="ZZ", name="Demo Republic"))
    assert not Party.objects.filter(code="ZZ").exists()
    party = services.entry_create(actor=secretariat, instance=Party(code="ZZ", name="Demo Republic"))
    assert party.search_key == "zz | demo republic"


@pytest.mark.parametrize(("persona", "allowed"), [("org_admin", True), ("foreign_admin", False)])
def test_providers_are_edited_by_their_jurisdiction_admins(persona, allowed, request):
    provider = ServiceProviderFactory(jurisdiction="RS")
    actor = request.getfixturevalue(persona)
    if allowed:
        services.entry_update(actor=actor, instance=provider, changes={"notes": "Demo note"})
    else:
        with pytest.raises(PermissionDenied):
            services.entry_update(actor=actor, instance=provider, changes={"notes": "Demo note"})


def test_confirmation_records_who_and_when(org_admin, home_contact):
    services.entry_confirm(actor=org_admin, instance=home_contact)
    stored = Contact.objects.get(pk=home_contact.pk)
    assert stored.last_confirmed_by == org_admin
    assert stored.is_stale(now=timezone.now()) is False
    assert AuditEvent.objects.filter(action="directory.contact.confirmed").count() == 1


def test_confirmation_refused_for_another_party(org_admin, foreign_contact):
    with pytest.raises(PermissionDenied):
        services.entry_confirm(actor=org_admin, instance=foreign_contact)
    assert Contact.objects.get(pk=foreign_contact.pk).last_confirmed_at is None


def test_confirmation_goes_stale_after_the_period(settings, home_contact):
    settings.DIRECTORY_CONFIRM_EVERY_DAYS = 30
    home_contact.last_confirmed_at = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert home_contact.is_stale(now=dt.datetime(2027, 1, 30, tzinfo=dt.UTC)) is False
    assert home_contact.is_stale(now=dt.datetime(2027, 2, 1, tzinfo=dt.UTC)) is True


def test_reminders_go_to_the_party_admins_once(org_admin, home_contact, foreign_contact, foreign_admin):
    from iproceeds.notifications.models import OutboxMessage

    # given unconfirmed entries in two Parties
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    # when the scanner runs twice
    first = services.confirmation_reminders_scan(now)
    second = services.confirmation_reminders_scan(now + dt.timedelta(hours=1))
    # then each Party's administrators are reminded once
    assert (first, second) == (2, 0)
    assert {
        m.recipient.username for m in OutboxMessage.objects.filter(kind="directory.confirmation_due")
    } == {
        "orgadmin",
        "foreignadmin",
    }
    assert AuditEvent.objects.filter(action="directory.reminder.sent").count() == 2
