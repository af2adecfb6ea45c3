"""The Sankey diagram of a victim's money: valid SVG, bands as wide as their amounts, no inline style."""

from xml.etree import ElementTree

from django.urls import reverse

from iproceeds.investigations import flow
from iproceeds.investigations.tests.factories import make_case, make_victim
from iproceeds.investigations.tests.test_statements import _import
from iproceeds.investigations.tests.test_tracing import PAYMENT
from iproceeds.investigations.tracing import trace_run

SVG = "{http://www.w3.org/2000/svg}"
LT = "LT121000011101001000"
EXIT_FROM = {"tx-9c07021c9283ae29": LT, "tx-2d636a4d1d3915b4": LT}


def _result(officer):
    case = make_case(officer)
    _import(case, officer)
    victim = make_victim(case, officer, amount="6000.00")
    return trace_run(case=case, actor=officer, method="libr", currency="EUR", payments={PAYMENT: victim.pk})


def test_bands_are_proportional_to_their_amounts(officer):
    # given a LIBR trace: 1450.00 held in account LT, 2550.00 left to DE77..., 2000.00 in cash
    run = _result(officer)
    # when the diagram is drawn
    root = ElementTree.fromstring(str(flow.sankey_svg(run.result, "Demo Victim One", EXIT_FROM)))
    bands = root.findall(f"{SVG}path")
    # then each band says its amount and its width is that amount times one scale
    amounts = [int(b.get("data-amount")) for b in bands]
    assert sorted(amounts) == sorted([145000, 455000, 145000, 255000, 200000])
    scales = {round(float(b.get("stroke-width")) / int(b.get("data-amount")), 7) for b in bands}
    assert scales == {round(flow.BAND_HEIGHT / 600000, 7)}


def test_nodes_and_labels(officer):
    run = _result(officer)
    root = ElementTree.fromstring(str(flow.sankey_svg(run.result, "Demo Victim One", EXIT_FROM)))
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert labels == [
        "Demo Victim One: 6000.00 EUR",
        f"{LT}: 6000.00 EUR",
        f"held in {LT}: 1450.00 EUR",
        "left to DE77100100100123456789 (DE): 2550.00 EUR",
        "left to cash or unknown: 2000.00 EUR",
    ]
    heights = [float(r.get("height")) for r in root.findall(f"{SVG}rect")]
    assert heights == [320.0, 320.0, round(320 * 1450 / 6000, 2), 136.0, round(320 * 2000 / 6000, 2)]
    assert root.get("role") == "img"


def test_no_inline_style_or_script(officer):
    run = _result(officer)
    svg = str(flow.sankey_svg(run.result, "Demo Victim One", EXIT_FROM))
    assert "style" not in svg
    assert "<script" not in svg


def test_names_are_escaped():
    result = {
        "currency": "EUR",
        "holdings": [{"account": "<b>acc</b>", "victim": "A & B", "amount": "10.00"}],
        "exits": [],
    }
    svg = str(flow.sankey_svg(result, "A & B", {}))
    root = ElementTree.fromstring(svg)
    assert root.findall(f"{SVG}text")[0].text == "A & B: 10.00 EUR"
    assert "<b>" not in svg


def test_nothing_traced_draws_nothing():
    assert flow.sankey_svg({"currency": "EUR", "holdings": [], "exits": []}, "Nobody", {}) == ""


def test_trace_page_shows_the_diagram(officer, verified_client):
    run = _result(officer)
    page = verified_client(officer).get(reverse("investigations:trace", args=[run.case.reference, run.pk]))
    body = page.content.decode()
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="sankey"') == 1
    assert 'data-amount="255000"' in body
