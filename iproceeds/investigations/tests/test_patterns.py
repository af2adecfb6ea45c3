"""Patterns in the case: findings stored with their evidence, decisions kept on re-runs, reasons audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from moneytrace.patterns import PatternParams

from iproceeds.audit.models import AuditEvent
from iproceeds.investigations import services
from iproceeds.investigations.choices import CaseRole
from iproceeds.investigations.demo import _import_examples
from iproceeds.investigations.models import PatternFinding
from iproceeds.investigations.patterns import finding_decide, finding_key, patterns_run
from iproceeds.investigations.tests.factories import make_case
from iproceeds.investigations.views_patterns import ParamsForm

# The two example statements hold one mule chain: account A -> account B -> an exchange, within 8 days.
CHAIN = PatternParams(passthrough_window=timedelta(days=8), passthrough_tolerance=0.5)
EVIDENCE = ["tx-9787fcbe83997fa6", "tx-c0e38989e64b356c", "tx-9c07021c9283ae29"]
OUTSIDERS = ["colleague", "foreign_officer", "supervisor", "secretariat"]


def _defaults():
    """The search form as shown: moneytrace's defaults."""
    return {name: str(field.initial) for name, field in ParamsForm().fields.items()}


@pytest.fixture
def case(officer):
    case = make_case(officer)
    _import_examples(case, officer)
    return case


def test_run_stores_findings_with_evidence_params_and_version(officer, case):
    # given a case with the two example statements
    # when patterns are searched with an 8-day pass-through window
    patterns_run(case=case, actor=officer, params=CHAIN)
    # then the mule chain is found with its three transactions, the parameters and the library version
    finding = PatternFinding.objects.get(case=case)
    assert (finding.kind, finding.evidence, finding.decision) == ("pass-through", EVIDENCE, "open")
    assert finding.key == finding_key("pass-through", EVIDENCE)
    assert finding.params["passthrough_window"] == 192.0
    assert finding.library_version
    assert AuditEvent.objects.filter(action="investigations.patterns.run").count() == 1


def test_default_parameters_find_nothing_here_and_say_so(officer, case):
    found = patterns_run(case=case, actor=officer)
    assert found == []
    event = AuditEvent.objects.get(action="investigations.patterns.run")
    assert (event.after["found"], event.after["params"]["fan_min_parties"]) == (0, 5)


def test_rerun_keeps_the_decision(officer, case):
    # given a confirmed finding
    patterns_run(case=case, actor=officer, params=CHAIN)
    finding = PatternFinding.objects.get()
    finding_decide(
        finding=finding, actor=officer, decision="confirmed", reason="Mule chain A to B to exchange."
    )
    # when the search runs again
    patterns_run(case=case, actor=officer, params=CHAIN)
    # then the same finding keeps its decision and reason
    again = PatternFinding.objects.get()
    assert (again.pk, again.decision, again.reason, again.decided_by) == (
        finding.pk,
        "confirmed",
        "Mule chain A to B to exchange.",
        officer,
    )


def test_decision_is_audited_with_its_reason(officer, case):
    patterns_run(case=case, actor=officer, params=CHAIN)
    finding = PatternFinding.objects.get()
    finding_decide(finding=finding, actor=officer, decision="dismissed", reason="Known salary payments.")
    event = AuditEvent.objects.get(action="investigations.finding.dismissed")
    assert event.after == {
        "decision": "dismissed",
        "reason": "Known salary payments.",
        "kind": "pass-through",
    }
    assert event.before == {"decision": "open", "reason": ""}


@pytest.mark.parametrize(
    ("decision", "reason", "field"), [("confirmed", "  ", "reason"), ("open", "x", "decision")]
)
def test_bad_decision_is_refused_and_changes_nothing(officer, case, decision, reason, field):
    patterns_run(case=case, actor=officer, params=CHAIN)
    finding = PatternFinding.objects.get()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        finding_decide(finding=finding, actor=officer, decision=decision, reason=reason)
    assert field in refused.value.message_dict
    finding.refresh_from_db()
    assert (finding.decision, finding.reason) == ("open", "")
    assert AuditEvent.objects.count() == events


def test_empty_ledger_is_refused(officer):
    case = make_case(officer)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        patterns_run(case=case, actor=officer)
    assert refused.value.message_dict == {
        "ledger": ["The case has no transactions yet: import statements before looking for patterns."]
    }
    assert AuditEvent.objects.count() == events


def test_a_reader_may_not_run_or_decide(officer, colleague, supervisor, case):
    services.member_add(case=case, actor=supervisor, user=colleague, role=CaseRole.READER)
    with pytest.raises(PermissionDenied):
        patterns_run(case=case, actor=colleague, params=CHAIN)
    patterns_run(case=case, actor=officer, params=CHAIN)
    with pytest.raises(PermissionDenied):
        finding_decide(
            finding=PatternFinding.objects.get(), actor=colleague, decision="confirmed", reason="x"
        )


def test_page_shows_defaults_runs_and_decides(officer, case, verified_client):
    client = verified_client(officer)
    url = reverse("investigations:patterns", args=[case.reference])
    page = client.get(url).content.decode()
    assert 'name="fan_min_parties" value="5"' in page
    data = {"passthrough_window": "192", "passthrough_tolerance": "0.5"}
    assert client.post(url, _defaults() | data).status_code == 302
    finding = PatternFinding.objects.get()
    page = client.get(url).content.decode()
    assert "tx-c0e38989e64b356c" in page
    assert "LT121000011101001000" in page
    decide = reverse("investigations:finding_decide", args=[case.reference, finding.pk])
    client.post(decide, {f"f{finding.pk}-decision": "confirmed", f"f{finding.pk}-reason": "Mule chain."})
    finding.refresh_from_db()
    assert (finding.decision, finding.reason) == ("confirmed", "Mule chain.")


def test_page_refuses_an_empty_ledger_with_a_message(officer, verified_client):
    case = make_case(officer)
    client = verified_client(officer)
    url = reverse("investigations:patterns", args=[case.reference])
    response = client.post(url, _defaults())
    assert response.status_code == 200
    assert "import statements before looking for patterns" in response.content.decode()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_the_same_404(persona, request, officer, case, verified_client):
    patterns_run(case=case, actor=officer, params=CHAIN)
    finding = PatternFinding.objects.get()
    client = verified_client(request.getfixturevalue(persona))
    url = reverse("investigations:patterns", args=[case.reference])
    assert client.get(url).status_code == 404
    assert client.get(reverse("investigations:patterns", args=["NO-SUCH-CASE"])).status_code == 404
    assert client.post(url, {}).status_code == 404
    decide = reverse("investigations:finding_decide", args=[case.reference, finding.pk])
    assert (
        client.post(
            decide, {f"f{finding.pk}-decision": "dismissed", f"f{finding.pk}-reason": "x"}
        ).status_code
        == 404
    )
    finding.refresh_from_db()
    assert finding.decision == "open"
