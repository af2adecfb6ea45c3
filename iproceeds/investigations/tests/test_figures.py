"""The case overview's figures and chart: real totals per currency and in EUR."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from iproceeds.investigations import measures, services
from iproceeds.investigations.choices import MeasureStage
from iproceeds.investigations.figures import case_figures
from iproceeds.investigations.rates import rates_load
from iproceeds.investigations.restitution import restitution_distribute
from iproceeds.investigations.tests.factories import IBAN_MK, make_case, make_victim
from iproceeds.investigations.tests.test_restitution import _confiscated


def _case_with_money(officer):
    case = make_case(officer)
    for n in (1, 2, 3):
        make_victim(case, officer, name=f"Victim {n}", amount="100.00")
    _confiscated(case, officer)
    account = services.bank_account_add(case=case, actor=officer, iban=IBAN_MK, currency="MKD")
    measure = measures.measure_identify(
        case=case, actor=officer, target=account, amount=Decimal("6150.00"), currency="MKD"
    )
    measures.measure_restrain(
        measure=measure, actor=officer, kind=MeasureStage.SEIZED, amount=Decimal("6150.00"), currency="MKD",
        legal_basis="ETS 198 Art 21", order_reference="SO-2", order_authority="Demo court",
        restrained_on=date(2026, 3, 1),
    )  # fmt: skip
    restitution_distribute(
        case=case, actor=officer, amount=Decimal("90.00"), currency="EUR", decided_on=date(2026, 6, 1)
    )
    return case


def test_figures_count_each_step_per_currency_and_in_eur(officer):
    # given 300.00 EUR lost, 100.00 EUR frozen then confiscated, 6,150.00 MKD seized, 90.00 EUR returned
    case = _case_with_money(officer)
    rates_load(data=b"date,currency,rate_per_eur\n2026-03-02,MKD,61.5\n", actor=None)
    # when the figures are computed
    figures = {f.key: f for f in case_figures(case=case)}
    # then each is exact per currency, and in EUR (MKD at the latest rate)
    assert {k: (f.amounts, f.eur_display) for k, f in figures.items()} == {
        "lost": ([("EUR", "300.00")], "300.00"),
        "traced": ([], "0.00"),
        "frozen": ([("EUR", "100.00")], "100.00"),
        "seized": ([("MKD", "6150.00")], "100.00"),
        "confiscated": ([("EUR", "100.00")], "100.00"),
        "returned": ([("EUR", "90.00")], "90.00"),
    }
    assert [f.bar for f in figures.values()] == [100, 0, 33, 33, 33, 30]


def test_a_missing_rate_is_said_on_the_overview(officer, verified_client):
    # given a seizure in MKD and no rate loaded
    case = _case_with_money(officer)
    # when the overview is opened
    page = (
        verified_client(officer).get(reverse("investigations:detail", args=[case.reference])).content.decode()
    )
    # then the figures are there, the seized EUR value says the rate is missing, and the chart is drawn
    assert "6150.00" in page
    assert "no exchange rate loaded" in page
    assert '<svg class="figure-chart"' in page
    assert "style=" not in page.split('<svg class="figure-chart"')[1].split("</svg>")[0]
