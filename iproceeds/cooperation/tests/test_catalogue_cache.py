"""A type's catalogue is read once per process and version, and a change reaches every reader."""

import copy
import json

from iproceeds.cooperation.catalogue_cache import type_catalogue
from iproceeds.cooperation.deadlines import deadline_prefetches, deadlines_of
from iproceeds.cooperation.models import CooperationRequest, RequestType, Timer
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load, timer_update
from iproceeds.cooperation.tests.deadline_helpers import EXECUTED, EXPIRY, execute, send
from iproceeds.cooperation.values import catalogue_fields
from iproceeds.directory.permissions import SYSTEM


def _fresh(code: str) -> RequestType:
    """The type as a page reads it: a new row from the database."""
    return RequestType.objects.get(code=code)


def test_a_type_is_read_once_and_then_served_without_queries(catalogue, django_assert_num_queries):
    # given BC29's catalogue, read once
    first = type_catalogue(_fresh("BC29_PRESERVATION"))
    bc29 = _fresh("BC29_PRESERVATION")
    # when it is read again, by its fields, one section and its timers
    with django_assert_num_queries(0):
        again = type_catalogue(bc29)
        keys = [f"{s.key}.{f.key}" for s, f in catalogue_fields(bc29)]
        conditions = [f.key for _s, f in catalogue_fields(bc29, section="conditions")]
    # then the same rows come back, in template order, without a query
    assert again is first
    first_three = [s.key for s, _fields in again.sections][:3]
    assert first_three == ["date_reference", "request_status", "requesting_authority"]
    assert keys[:2] == ["date_reference.request_date", "date_reference.our_reference"]
    assert conditions == [f.key for s, fields in first.sections if s.key == "conditions" for f in fields]
    assert [t.key for t in again.timers] == ["acknowledgement", "preservation_expiry"]


def test_a_timer_changed_by_the_secretariat_is_seen_at_once(catalogue, secretariat):
    # given BC29's timers, kept by this process
    assert [t.hours for t in type_catalogue(_fresh("BC29_PRESERVATION")).timers] == [1, 0]
    # when the secretariat sets the acknowledgement target to 3 hours
    ack = Timer.objects.get(request_type__code="BC29_PRESERVATION", key="acknowledgement")
    timer_update(timer=ack, actor=secretariat, days=0, hours=3)
    # then the type, read again as the next page reads it, has a new version and the new value
    assert [t.hours for t in type_catalogue(_fresh("BC29_PRESERVATION")).timers] == [3, 0]


def test_a_catalogue_load_that_changes_a_type_gives_it_a_new_version_and_no_other(catalogue):
    # given the shipped catalogue, kept by this process, and each type's version
    versions = dict(RequestType.objects.values_list("code", "catalogue_version"))
    bc29 = _fresh("BC29_PRESERVATION")
    label = next(f.label for s, f in catalogue_fields(bc29) if f.key == "request_date")
    # when the catalogue is loaded again with one field label of BC29 changed
    data = json.loads(SHIPPED_FILE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    entry = next(t for t in changed["types"] if t["code"] == "BC29_PRESERVATION")
    entry["sections"] = [
        # written out in BC29 alone: the shared section stays as the other types use it
        {"key": key, **copy.deepcopy(changed["sections"][key])} if isinstance(key, str) else key
        for key in entry["sections"]
    ]
    field = entry["sections"][0]["fields"][0]
    field["labels"] = {**field["labels"], "en": "Sent on"}
    catalogue_load(data=changed, actor=SYSTEM)
    # then BC29 alone has a new version, and its new label is served
    after = dict(RequestType.objects.values_list("code", "catalogue_version"))
    assert {code for code in after if after[code] != versions[code]} == {"BC29_PRESERVATION"}
    assert label == "Date of the request"
    fields = catalogue_fields(_fresh("BC29_PRESERVATION"))
    assert next(f.label for s, f in fields if f.key == "request_date") == "Sent on"


def test_a_load_that_changes_nothing_keeps_every_version(catalogue):
    # given the loaded catalogue's versions
    versions = dict(RequestType.objects.values_list("code", "catalogue_version"))
    # when the same catalogue is loaded again
    catalogue_load(data=json.loads(SHIPPED_FILE.read_text(encoding="utf-8")), actor=SYSTEM)
    # then no type has a new version (no process reads its catalogue again)
    assert dict(RequestType.objects.values_list("code", "catalogue_version")) == versions


def test_an_executed_preservation_s_deadlines_read_no_timer_row(
    officer, bc29, bound, foreign_authority, foreign_officer, django_assert_num_queries
):
    # given an executed preservation with its timeline read, and its type's catalogue kept
    executed = execute(send(officer, bc29, foreign_authority), foreign_officer)
    page = (
        CooperationRequest.objects.select_related("request_type")
        .prefetch_related(*deadline_prefetches())
        .get(pk=executed.pk)
    )
    type_catalogue(page.request_type)
    # when its deadlines are computed, then no query is made: the timers come from the process
    with django_assert_num_queries(0):
        found = deadlines_of(page, now=EXECUTED)
    assert [(d.key, d.due_at) for d in found] == [("preservation_expiry", EXPIRY)]
