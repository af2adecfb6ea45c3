"""Who sees a case: only its team; everybody else gets the same 404 as for a case that does not exist."""

import pytest
from django.http import Http404

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import selectors, services
from iproceeds.investigations.choices import CaseRole
from iproceeds.investigations.models import InvestigationCase
from iproceeds.investigations.tests.factories import make_case

OUTSIDERS = [
    "colleague",
    "supervisor",
    "org_admin",
    "foreign_officer",
    "foreign_admin",
    "secretariat",
    "auditor",
]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_non_members_get_the_same_404_as_for_an_absent_case(persona, request, officer):
    # given a case of the officer, and a user who is not on its team
    case = make_case(officer)
    user = request.getfixturevalue(persona)
    events = AuditEvent.objects.count()
    # when they open it, or a case that does not exist
    with pytest.raises(Http404) as forbidden:
        selectors.get_case_for_user(reference=case.reference, user=user)
    with pytest.raises(Http404) as absent:
        selectors.get_case_for_user(reference="FI-0000-NONE", user=user)
    # then both are the same 404, the list is empty, and nothing is recorded
    assert str(forbidden.value) == str(absent.value)
    assert list(selectors.cases_for_user(user=user)) == []
    assert AuditEvent.objects.count() == events


def test_member_opening_a_case_is_audited_as_a_view(officer, colleague, supervisor):
    # given the colleague on the team
    case = make_case(officer)
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.ANALYST)
    # when they open the case
    opened = selectors.get_case_for_user(reference=case.reference, user=colleague)
    # then they see it and the view is in the audit trail
    assert opened == case
    last = AuditEvent.objects.order_by("-seq").first()
    assert (last.action, last.actor, last.target_id) == (
        "investigations.investigationcase.viewed",
        colleague,
        str(case.pk),
    )


def test_supervisor_staffs_only_their_authoritys_cases(officer, supervisor, foreign_officer):
    # given a case at home and one abroad
    home = make_case(officer)
    make_case(foreign_officer, reference="FI-AL-0001")
    # then the supervisor staffs the home case only
    assert list(selectors.cases_to_staff(user=supervisor)) == [home]
    assert list(selectors.cases_to_staff(user=officer)) == []
    assert InvestigationCase.objects.count() == 2
