"""Issue 6's journey: from three victims' losses, through two mule accounts and an exit to North
Macedonia, to a WC21 freezing request, the freeze, the confiscation and the money back with the victims."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from iproceeds.accounts.tests.factories import UserFactory, totp_device_for
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.cooperation.tests.factories import bind
from iproceeds.directory.choices import Instrument
from iproceeds.directory.models import Authority
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.reference import load_directory
from iproceeds.investigations.models import BankMapping, InvestigationCase

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
DEMO_DATA = Path(__file__).resolve().parent.parent / "iproceeds" / "investigations" / "demo_data"
BELGRADE_UNIT = "Demo Cybercrime Unit Belgrade"
REFERENCE = "FI-E2E-2026-006"
MULE_A = "RS35160000001234567964"  # the CSV statement's account
MULE_B = "RS35265000009876543208"  # the MT940 statement's account
SKOPJE = "MK07300000012345614"  # where mule B sent 6000.00 EUR on 9 March 2026
CURRENCY = re.compile(r"^Currency:?$")
VICTIMS = [("Ana Example", "4800.00"), ("Ben Example", "2500.00"), ("Vesna Primerić", "1200.00")]


@pytest.fixture
def investigator(transactional_db):
    """The demo directory and catalogue, Serbia and North Macedonia bound by ETS 198, a Serbian officer."""
    load_directory(include_demo=True)
    catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    unit = Authority.objects.get(party__code="RS", name=BELGRADE_UNIT)
    skopje = Authority.objects.get(party__code="MK", name="Demo 24/7 Contact Point Skopje")
    for authority in (unit, skopje):  # the demo's assumption (seed_investigations_demo), not a sourced fact
        bind(authority.party, Instrument.ETS_198)
    mila = UserFactory(
        username="mila.e2e", first_name="Mila", last_name="Demović", authority=unit,
        timezone="Europe/Belgrade", email="mila.e2e@example.invalid",
    )  # fmt: skip
    return mila, totp_device_for(mila)


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"investigation_journey-{name}.png"), full_page=True)


def _nav(page, name, path):
    """Open one section of the case from its navigation."""
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(rf"/investigations/{REFERENCE}/{path}$"))


def _open_case(page):
    page.get_by_role("link", name="Cases").first.click()
    page.wait_for_url(re.compile(r"/investigations/$"))
    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Reference").fill(REFERENCE)
    page.get_by_label("Title").fill("Invented investment fraud with two money mules")
    page.get_by_label("Linked criminal case numbers").fill("KTK-E2E-6/26")
    page.get_by_label("Computer-related fraud (ETS 185 Art 8)").check()
    page.get_by_label("Money laundering (ETS 198 Art 9)").check()
    page.get_by_label("Parallel financial investigation of a cybercrime case").check()
    page.get_by_role("button", name="Open the case").click()
    page.get_by_text("Case opened.").wait_for()


def _add_victims(page):
    _nav(page, "Victims", "victims/")
    for name, amount in VICTIMS:
        form = page.locator("form", has=page.get_by_role("group", name="Add a victim"))
        form.get_by_label("Name").fill(name)
        form.get_by_label("Kind").select_option(value="person")
        form.get_by_label("Money lost").fill(amount)
        form.get_by_label(CURRENCY).select_option("EUR")
        form.get_by_role("button", name="Add").click()
        page.get_by_text("Added to the case.").wait_for()
    rows = page.get_by_role("table", name="Victims and the money they lost").locator("tbody tr")
    assert [r.locator("td").all_inner_texts()[:4] for r in rows.all()] == [
        [name, "Person", amount, "EUR"] for name, amount in VICTIMS
    ]


def _field(scope, label):
    """A form field by its whole label (Django adds a colon)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def _upload(page, file_name, fmt, bank=""):
    """Upload a statement for its validation report (a CSV without a mapping goes to the mapping page)."""
    upload = page.locator("form", has=page.get_by_role("group", name="Upload a statement"))
    _field(upload, "Statement file").set_input_files(str(DEMO_DATA / file_name))
    _field(upload, "Format").select_option(fmt)
    if bank:
        _field(upload, "Bank").fill(bank)
    upload.get_by_role("button", name="Check the statement").click()


def _map_columns(page):
    """Map mule account A's CSV export in the page: its columns, dates, amounts; kept for the bank."""
    page.get_by_role("heading", name="Map the columns of mule_a.csv").wait_for()
    form = page.locator("form", has=page.get_by_role("button", name="Check the statement with this mapping"))
    _field(form, "Keep this mapping for the bank").check()
    _field(form, "The statement's own account (IBAN)").fill(MULE_A)
    _field(form, "Currency of the statement").fill("EUR")
    _field(form, "Delimiter").select_option(";")
    _field(form, "Date column").select_option("Datum")
    _field(form, "Date format").select_option("%d.%m.%Y")
    _field(form, "Time zone of the dates").fill("Europe/Belgrade")
    form.get_by_role("group", name="Amounts").get_by_label("Debit and credit columns").check()
    _field(form, "Debit column").select_option("Isplata")
    _field(form, "Credit column").select_option("Uplata")
    _field(form, "Decimal separator").select_option(",")
    _field(form, "Thousands separator").select_option(".")
    _field(form, "Opening balance (as in the file)").fill("0,00")
    _field(form, "Closing balance (as in the file)").fill("1.500,00")
    for label, column in (
        ("Counterparty account (IBAN)", "Racun"),
        ("Counterparty name", "Naziv"),
        ("Counterparty bank (BIC)", "BIC"),
        ("Reference / purpose", "Opis"),
        ("Currency per row", "Valuta"),
    ):
        _field(form, label).select_option(column)
    _shot(page, "02-csv-mapping")
    form.get_by_role("button", name="Check the statement with this mapping").click()


def _import_checked(page, file_name, report, added):
    """Read the validation report, import in the background and follow the import to its end."""
    expect(page.get_by_role("heading", name=f"Validation report of {file_name}")).to_be_visible()
    expect(page.get_by_text(re.compile(r"statement\(s\), \d+ entries"))).to_have_text(report)
    page.get_by_role("button", name="Import these transactions into the case (in the background)").click()
    expect(page.get_by_role("status").filter(has_text="Statement imported")).to_have_text(
        f"Statement imported: {added} transactions added."
    )


def _section(page, title):
    """The fieldset of one catalogue section of the request form, e.g. "4. Contact for confirmation"."""
    return page.get_by_role("group", name=re.compile(rf"^\d+\. {re.escape(title)}$"))


def _complete_wc21(page):
    """What the case cannot know: the phones, the contact, and the requesting Party's statutory text."""
    _section(page, "Requesting authority").get_by_label("Phone").fill("+381 11 555 0142")
    contact = _section(page, "Contact for confirmation")
    contact.get_by_label("Name").fill("Mila Demović")
    contact.get_by_label("Phone").fill("+381 11 555 0142")
    _section(page, "Property and measure").get_by_label(re.compile("^Statutory text")).fill(
        "Demo Criminal Procedure Code Art 147 (freezing of proceeds); the measure is available in Serbia."
    )


def _add_mule(page):
    """Mule account A's holder, as a person of the case (the request names the persons concerned)."""
    _nav(page, "Persons and companies", "subjects/")
    form = page.locator("form", has=page.get_by_role("group", name=re.compile("^Add a person")))
    form.get_by_label("Kind").select_option(value="person")
    form.get_by_label("Role in the case").select_option(value="mule")
    form.get_by_label("Name").fill("Max Example")
    form.get_by_label("Country (ISO 3166 code)").fill("RS")
    form.get_by_role("button", name="Add").click()
    page.get_by_text("Added to the case.").wait_for()


def test_investigator_follows_the_money_to_north_macedonia_freezes_it_and_returns_it(
    page, investigator, sign_in
):
    mila, device = investigator
    # given Mila, a Serbian financial investigator, signed in
    sign_in(page, mila, device)

    # when she opens a case and records the three victims with their losses
    _open_case(page)
    _add_victims(page)
    _shot(page, "01-victims")
    _add_mule(page)

    # and imports mule account A's CSV export (with its column mapping) and mule account B's MT940
    _nav(page, "Statements", "statements/")
    _upload(page, "mule_a.csv", "csv", bank="Demo Banka Beograd")
    _map_columns(page)
    _import_checked(
        page, "mule_a.csv", "1 statement(s), 4 entries, 4 transactions, of which 4 are new to the case.", 4
    )
    page.get_by_role("link", name="Back to the statements").click()
    _upload(page, "mule_b.mt940", "mt940")
    # the transfer A -> B is in both statements: the merged ledger counts it once
    _import_checked(
        page, "mule_b.mt940", "2 statement(s), 7 entries, 6 transactions, of which 2 are new to the case.", 2
    )
    _shot(page, "03-mt940-imported")

    # when she declares the lowest-intermediate-balance method and traces each victim's payment
    _nav(page, "Traces", "traces/")
    page.get_by_label("Method relied on").select_option("libr")
    page.get_by_label(CURRENCY).select_option("EUR")
    for name, amount in VICTIMS:
        page.get_by_role("group", name=name).get_by_label(re.compile(rf" {amount} EUR → {MULE_A}$")).check()
    _shot(page, "04-trace-declared")
    page.get_by_role("button", name="Run the trace").click()
    page.wait_for_url(re.compile(rf"/investigations/{REFERENCE}/traces/\d+/$"))
    assert page.locator("dl dd").first.inner_text() == "libr"

    # then she sees that 6000.00 EUR of the victims' money left to an account in North Macedonia
    abroad = page.get_by_role("table", name=re.compile("^Where the traced money is held or went"))
    exit_row = abroad.locator("tbody tr", has_text=SKOPJE)
    assert exit_row.locator("td").all_inner_texts()[:4] == [
        "left on 2026-03-09",
        f"{SKOPJE} (Demo Trade DOOEL Skopje)",
        "MK",
        "6000.00 EUR",
    ]
    left_to_skopje = {
        name: page.get_by_role("region", name=re.compile(rf"^{name}: "))
        .get_by_role("table", name="Where the money left", exact=True)
        .locator("tbody tr", has_text=SKOPJE)
        .locator("td")
        .nth(3)
        .inner_text()
        for name, _amount in VICTIMS
    }
    assert left_to_skopje == {"Ana Example": "3388.24", "Ben Example": "1764.70", "Vesna Primerić": "847.06"}
    _shot(page, "05-trace-exit-to-north-macedonia")

    # when she asks North Macedonia for a freeze (WC21) from that exit, checks the draft and sends it
    exit_row.get_by_label("Request").select_option("WC21_PROVISIONAL_MEASURES")
    exit_row.get_by_role("button", name="Ask North Macedonia").click()
    page.get_by_text("Draft request made from the case: review it, then send it.").wait_for()
    _complete_wc21(page)
    _shot(page, "06-wc21-draft")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text(re.compile(r"^Draft \S+ saved\.$")).wait_for()
    # the directory does not list WC21 among what Skopje's point receives: she reads that and confirms
    expect(page.get_by_role("alert").filter(has_text="Read before sending")).to_contain_text(
        "Demo 24/7 Contact Point Skopje does not list"
    )
    page.get_by_label("I have read these warnings and still want to send the request.").check()
    page.locator("main").get_by_role("button", name="Send request").click()
    page.get_by_text(re.compile(r"^Request \S+ sent\.$")).wait_for()
    request_reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    _shot(page, "07-wc21-sent")

    # then the request is linked to the case, sent to North Macedonia, with the traced maximum amount
    sent = CooperationRequest.objects.get(reference=request_reference)
    assert (sent.request_type.code, sent.requested_party.code, sent.status) == (
        "WC21_PROVISIONAL_MEASURES", "MK", "submitted",
    )  # fmt: skip
    assert sent.values["property"]["ibans"] == [SKOPJE]
    assert sent.values["property"]["maximum_amount"] == {"amount": "6000.00", "currency": "EUR"}
    page.goto(f"/investigations/{REFERENCE}/requests/")
    links = page.get_by_role("table", name=re.compile("^Cooperation requests drafted from this case"))
    assert links.locator("tbody tr td").all_inner_texts()[:4] == [
        request_reference, "WC21_PROVISIONAL_MEASURES", "North Macedonia", "Submitted",
    ]  # fmt: skip

    # when North Macedonia freezes the account and, later, a court confiscates the money
    _nav(page, "Accounts and wallets", "accounts/")
    account = page.locator("form", has=page.get_by_role("group", name="Add a bank account"))
    account.get_by_label("IBAN").fill(SKOPJE)
    account.get_by_label("Bank").fill("Demo Bank Skopje")
    account.get_by_label(CURRENCY).select_option("EUR")
    account.get_by_role("button", name="Add").click()
    page.get_by_text("Added to the case.").wait_for()
    _nav(page, "Measures", "measures/")
    identify = page.locator("form", has=page.get_by_role("group", name=re.compile("^Identify")))
    skopje = identify.locator("option", has_text=SKOPJE).get_attribute("value")
    identify.get_by_label("Account, wallet or asset").select_option(skopje)
    identify.get_by_label("Amount identified").fill("6000.00")
    identify.get_by_label(CURRENCY).select_option("EUR")
    identify.get_by_role("button").click()
    page.get_by_text("The measure is recorded.").wait_for()
    freeze = page.locator("form", has=page.get_by_role("group", name="Freeze or seize", exact=True))
    freeze.locator("select[name='restrain-measure']").select_option(index=1)
    freeze.locator("select[name='restrain-kind']").select_option("frozen")
    freeze.get_by_label("Amount frozen or seized").fill("6000.00")
    freeze.get_by_label(CURRENCY).select_option("EUR")
    freeze.get_by_label("Legal basis").fill("ETS 198 Art 21-22, request " + request_reference)
    freeze.get_by_label("Order reference").fill("FO-E2E-2026-03")
    freeze.get_by_label("Ordering authority").fill("Basic Court Skopje I (demo)")
    freeze.get_by_label("Order dated").fill("2026-03-20")
    freeze.get_by_label("Order expires on").fill("2026-09-20")
    freeze.get_by_role("button", name="Freeze or seize").click()
    page.get_by_text("The measure is recorded.").wait_for()
    measure_row = page.get_by_role("table", name=re.compile("^Assets identified")).locator("tbody tr")
    assert measure_row.locator("td").all_inner_texts()[1:5] == ["Frozen", "EUR", "6000.00", "6000.00"]
    _shot(page, "08-frozen")
    confiscate = page.locator("form", has=page.get_by_role("group", name="Confiscate", exact=True))
    confiscate.get_by_label("Measure").select_option(index=1)
    confiscate.get_by_label("Amount confiscated").fill("6000.00")
    confiscate.get_by_label(CURRENCY).select_option("EUR")
    confiscate.get_by_label("Confiscation order").fill("KO-E2E-2026-11")
    confiscate.get_by_label("Enforceable since").fill("2026-06-10")
    confiscate.get_by_label("Decision to enforce dated").fill("2026-06-15")
    confiscate.get_by_role("button", name="Confiscate").click()
    page.get_by_text("The measure is recorded.").wait_for()
    measure_row = page.get_by_role("table", name=re.compile("^Assets identified")).locator("tbody tr")
    assert measure_row.locator("td").all_inner_texts()[1:5] == ["Confiscated", "EUR", "6000.00", "6000.00"]
    _shot(page, "09-confiscated")

    # and she distributes the confiscated money to the three victims
    _nav(page, "Restitution", "restitution/")
    restitution = page.locator("form", has=page.get_by_role("group", name="Distribute to the victims"))
    restitution.get_by_label("Amount to distribute").fill("6000.00")
    restitution.get_by_label(CURRENCY).select_option("EUR")
    restitution.get_by_label("Decided on").fill("2026-07-01")
    restitution.get_by_role("button", name="Distribute to the victims").click()
    page.get_by_text("The recovered money is distributed to the victims.").wait_for()

    # then each victim's share is in proportion to the loss, exactly to the cent
    shares = page.get_by_role("table", name=re.compile(r"^6000\.00 EUR distributed on ")).locator("tbody tr")
    assert [row.locator("td").all_inner_texts() for row in shares.all()] == [
        ["Ana Example", "4800.00", "3388.23"],
        ["Ben Example", "2500.00", "1764.71"],
        ["Vesna Primerić", "1200.00", "847.06"],
    ]
    _shot(page, "10-restitution")

    # and the case overview shows each figure, from the money lost to the money returned
    _nav(page, "Overview", "")
    figures = {
        key: page.locator(f"#figure-{key} td").all_inner_texts()
        for key in ("lost", "traced", "frozen", "seized", "confiscated", "returned")
    }
    assert figures == {
        "lost": ["8500.00 EUR", "8500.00"],
        "traced": ["8500.00 EUR", "8500.00"],
        "frozen": ["6000.00 EUR", "6000.00"],
        "seized": ["0", "0.00"],
        "confiscated": ["6000.00 EUR", "6000.00"],
        "returned": ["6000.00 EUR", "6000.00"],
    }
    _shot(page, "11-overview")
    # and the stored case agrees: six transactions, and the bank's column mapping kept for next time
    assert InvestigationCase.objects.get(reference=REFERENCE).transactions.count() == 6
    assert BankMapping.objects.get(bank_name="Demo Banka Beograd").mapping["columns"]["debit"] == "Isplata"
