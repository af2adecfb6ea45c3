"""The audit chain: append-only, catalogued, and verifiable."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from iproceeds.audit import services
from iproceeds.audit.catalogue import UnknownAuditAction
from iproceeds.audit.models import AuditEvent


def _three_events(actor):
    return [services.record(action="audit.chain.verified", actor=actor, after={"n": i}) for i in range(3)]


def test_events_link_to_their_predecessor(officer):
    # given three recorded events
    first, second, third = _three_events(officer)
    # then each stores the hash of the one before it
    assert first.prev_hash == services.GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]


def test_unknown_action_is_refused_and_writes_nothing(officer):
    # when code records an action outside the catalogue
    with pytest.raises(UnknownAuditAction):
        services.record(action="audit.something.invented", actor=officer)
    # then nothing is written
    assert AuditEvent.objects.count() == 0


def test_events_cannot_be_changed_or_deleted_through_the_orm(officer):
    event = services.record(action="audit.chain.verified", actor=officer)
    event.action = "audit.trail.exported"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_verify_reports_intact_chain(officer, capsys):
    _three_events(officer)
    call_command("audit_verify")
    assert "Audit chain intact: 3 events verified." in capsys.readouterr().out


def test_verify_names_the_event_altered_directly_in_the_database(officer):
    # given an intact chain of three events
    _, second, _ = _three_events(officer)
    # when someone edits the second row behind the application's back
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET actor_label = %s WHERE id = %s",
            ["mallory", second.pk],
        )
    # then verification names exactly that event
    report = services.chain_verify()
    assert (report.first_bad_seq, report.problem, report.checked) == (2, "altered", 1)
    with pytest.raises(CommandError, match=r"broken at event #2: altered"):
        call_command("audit_verify")


def test_verify_names_a_deleted_event(officer):
    _, second, _ = _three_events(officer)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [second.pk])
    report = services.chain_verify()
    assert (report.first_bad_seq, report.problem) == (2, "missing")


def test_verify_names_a_deleted_last_event(officer):
    *_, third = _three_events(officer)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [third.pk])
    report = services.chain_verify()
    assert (report.first_bad_seq, report.problem) == (3, "missing")


def test_event_records_actor_target_and_before_after(officer, colleague):
    event = services.record(
        action="audit.chain.verified",
        actor=officer,
        target=colleague,
        before={"role": "a"},
        after={"role": "b"},
    )
    event.refresh_from_db()
    assert (event.actor_id, event.actor_label, event.actor_authority_id) == (
        officer.pk,
        "officer",
        officer.authority_id,
    )
    assert (event.target_type, event.target_id) == ("accounts.user", str(colleague.pk))
    assert (event.before, event.after) == ({"role": "a"}, {"role": "b"})
    assert services.compute_hash(event) == event.hash
