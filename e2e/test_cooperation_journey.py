"""Issue 4's journey: an urgent preservation at 3 a.m. from Germany to Serbia, until the follow-up MLA."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from iproceeds.accounts.tests.factories import UserFactory, totp_device_for
from iproceeds.cooperation.models import CooperationRequest, RequestType
from iproceeds.cooperation.services.catalogue import SHIPPED_FILE, catalogue_load_file
from iproceeds.cooperation.tests.factories import bind
from iproceeds.core import timers
from iproceeds.directory.models import Authority
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.reference import load_directory
from iproceeds.notifications.models import OutboxMessage

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Thursday 3 December 2026, 02:00 UTC: 03:00 in Wiesbaden and in Belgrade, the night shift's hours.
NIGHT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
# Executed at NIGHT, the data are preserved 60 days (ETS 185 Art 29(7)): the 14-day reminder is due here.
REMINDER_DAY = NIGHT + timedelta(days=60 - 14)
BELGRADE_POINT = "Demo 24/7 Contact Point Belgrade"
WIESBADEN_POINT = "Demo 24/7 Contact Point Wiesbaden"


@pytest.fixture
def people(transactional_db):
    """The demo directory and catalogue, Germany and Serbia bound by ETS 185, one officer on each side."""
    load_directory(include_demo=True)
    catalogue_load_file(path=SHIPPED_FILE, actor=SYSTEM)
    wiesbaden = Authority.objects.get(party__code="DE", name=WIESBADEN_POINT)
    belgrade = Authority.objects.get(party__code="RS", name=BELGRADE_POINT)
    for authority in (wiesbaden, belgrade):  # the demo's assumption (seed_demo), not a sourced fact
        bind(authority.party)
    lena = UserFactory(
        username="lena.e2e", first_name="Lena", last_name="Beispiel", authority=wiesbaden,
        timezone="Europe/Berlin", email="lena.e2e@example.invalid",
    )  # fmt: skip
    nikola = UserFactory(
        username="nikola.e2e", first_name="Nikola", last_name="Demović", authority=belgrade,
        timezone="Europe/Belgrade", email="nikola.e2e@example.invalid",
    )  # fmt: skip
    return {"lena": (lena, totp_device_for(lena)), "nikola": (nikola, totp_device_for(nikola))}


@pytest.fixture
def other_page(browser, live_server, request):
    """A second browser, for the other side of the request; a screenshot is kept when the test fails."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "cooperation_journey-failed-other-side.png"), full_page=True)
    context.close()


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cooperation_journey-{name}.png"), full_page=True)


def _section(page, title):
    """The fieldset of one catalogue section, e.g. "4. Contact for confirmation"."""
    return page.get_by_role("group", name=re.compile(rf"^\d+\. {re.escape(title)}$"))


def _card(page, name):
    """A value of the request's summary card (Status, Urgency, To...)."""
    term = page.locator("dl.card dt", has_text=re.compile(rf"^{name}$"))
    return term.locator("xpath=following-sibling::dd[1]")


def _step(page, button, status):
    """Press a lifecycle button and wait for the new status."""
    page.locator("main").get_by_role("button", name=button, exact=True).click()
    expect(_card(page, "Status")).to_have_text(status)


def _send_draft(page):
    """From a saved draft's page: press "Send request" and wait for the confirmation."""
    page.locator("main").get_by_role("button", name="Send request").click()
    page.get_by_text(re.compile(r"^Request \S+ sent\.$")).wait_for()
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def _write_preservation(page):
    """Fill the BC29 form: recipient, the case, an IPv4 address with port and a time-zoned timestamp."""
    recipient = page.get_by_role("group", name="Recipient and urgency")
    recipient.get_by_label("Requested Party").select_option(label="Serbia")
    recipient.get_by_label("Requested authority").select_option(label=f"RS · {BELGRADE_POINT}")
    recipient.get_by_label("Urgency").select_option(label="Urgent")
    _section(page, "Date and reference").get_by_label("Reference number").fill("DE-ZIT-2026-1203")
    _section(page, "Request status").get_by_label("A new request").check()
    contact = _section(page, "Contact for confirmation")
    contact.get_by_label("Name").fill("Demo Duty Desk Wiesbaden")
    contact.get_by_label("Phone").fill("+49 611 555 0199")
    _section(page, "Investigating and prosecuting authority").get_by_label("Investigating authority").fill(
        "Demo Public Prosecutor Cybercrime Centre"
    )
    offence = _section(page, "Offence and facts")
    offence.get_by_label("Offence(s) and legal provisions").fill("Computer fraud (demo § 263a)")
    offence.get_by_label("Brief summary of the facts").fill("Invented: ransomware paid from a demo account.")
    sought = _section(page, "Data sought")
    sought.get_by_label("Data sought").fill("Subscriber data and connection logs of the address")
    sought.get_by_label("Relationship of the data to the offence").fill("The address ran the payment page")
    # 01:41 in Berlin (UTC+1 in winter) is 00:41 UTC
    sought.get_by_label("IP addresses with source port").fill("203.0.113.45 50123 2026-12-03T01:41:00+01:00")
    _section(page, "Custodian of the data").get_by_label("Service provider or custodian").fill(
        "Demo Hosting d.o.o. (demo)"
    )
    _section(page, "Necessity").get_by_label("Why the measure is necessary").fill(
        "The provider deletes connection logs after 7 days."
    )
    mla = _section(page, "Intended mutual legal assistance")
    mla.get_by_label("A mutual legal assistance request").check()
    _section(page, "Conditions").get_by_label("Confidentiality conditions").fill(
        "Do not inform the subscriber: the investigation is covert."
    )
    _section(page, "Urgency").get_by_label("Reasons for urgency").fill("The logs may be deleted tonight.")


def test_urgent_preservation_from_germany_to_serbia_until_the_follow_up_mla_request(
    page, other_page, people, sign_in
):
    lena, lena_device = people["lena"]
    nikola, nikola_device = people["nikola"]
    with time_machine.travel(NIGHT, tick=False) as clock:
        # given Lena, an officer of Germany's 24/7 point, signed in at 03:00
        sign_in(page, lena, lena_device)

        # when she writes an urgent preservation request to Serbia's 24/7 point and sends it
        page.get_by_role("link", name="Requests").first.click()
        page.wait_for_url(re.compile(r"/cooperation/$"))
        page.locator("main").get_by_role("link", name="New request").click()
        page.wait_for_url(re.compile(r"/cooperation/new/$"))
        page.get_by_role("link", name="Expedited preservation of stored computer data").click()
        page.wait_for_url(re.compile(r"/cooperation/new/BC29_PRESERVATION/$"))
        _write_preservation(page)
        _shot(page, "01-preservation-form")
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text(re.compile(r"^Draft \S+ saved\.$")).wait_for()
        reference = _send_draft(page)
        _shot(page, "02-preservation-sent")

        # then it is on its way, its timestamp kept in UTC and shown in both sides' zones
        assert _card(page, "Status").inner_text() == "Submitted"
        assert _card(page, "To").inner_text() == f"{BELGRADE_POINT} (RS)"
        assert page.get_by_text(
            "203.0.113.45:50123 at 2026-12-03 00:41 UTC = 2026-12-03 01:41 Europe/Berlin "
            "= 2026-12-03 01:41 Europe/Belgrade"
        ).is_visible()

        # and Serbia's on-duty contact of the night shift got an e-mail, in the first language he lists
        with translation.override("sr"):
            subject = gettext("New %(urgency)s request %(reference)s: %(type)s") % {
                "urgency": gettext("Urgent"), "reference": reference,
                "type": "Хитно очување ускладиштених рачунарских података",
            }  # fmt: skip
        on_duty = [m for m in mail.outbox if m.to == ["nikola.demo@example.invalid"]]
        assert [m.subject for m in on_duty] == [subject]

        # when Serbia's officer on duty signs in, in his own browser
        sign_in(other_page, nikola, nikola_device)

        # then the navigation counts one unread notification, the new request
        notifications = other_page.get_by_role("link", name=re.compile(r"^Notifications"))
        assert notifications.get_by_label("1 unread").inner_text() == "1"
        notifications.click()
        other_page.wait_for_url(re.compile(r"/notifications/$"))
        assert other_page.locator("li.notification strong").all_inner_texts() == [
            f"New Urgent request {reference}: Expedited preservation of stored computer data"
        ]
        _shot(other_page, "03-serbia-notified")

        # when he opens the request from his inbox
        other_page.get_by_role("link", name="Requests").first.click()
        other_page.wait_for_url(re.compile(r"/cooperation/$"))
        other_page.get_by_role("link", name="Inbox").click()
        other_page.wait_for_url(re.compile(r"/cooperation/inbox/$"))
        other_page.get_by_role("link", name=reference).click()
        other_page.wait_for_url(re.compile(rf"/cooperation/{reference}/$"))

        # then its content waits behind the conditions until he accepts them for his organisation
        conditions = other_page.get_by_role("heading", name="Conditions on confidentiality and use")
        expect(conditions).to_be_visible()
        expect(other_page.get_by_text("203.0.113.45:50123")).to_have_count(0)
        other_page.get_by_role(
            "button", name=f"I accept these conditions on behalf of {BELGRADE_POINT}"
        ).click()
        other_page.get_by_text(re.compile(r"^203\.0\.113\.45:50123 at ")).wait_for()

        # when he acknowledges, starts the execution and reports it executed
        _step(other_page, "Acknowledge", "Acknowledged")
        _step(other_page, "Start execution", "In progress")
        _step(other_page, "Report execution", "Executed")
        _shot(other_page, "04-serbia-executed")

        # then Lena sees the expiry timer with its reason, in Berlin's time
        page.reload()
        assert _card(page, "Status").inner_text() == "Executed"
        expiry = page.locator("li.deadline", has_text="Preserved data kept at least 60 days")
        assert expiry.locator("time").inner_text() == "1 Feb 2027 03:00 CET"
        assert expiry.locator("p").inner_text() == (
            "Preserved until 1 Feb 2027: executed 3 Dec 2026 + 60 days, ETS 185 Art 29(7)"
        )
        assert expiry.locator(".badge").first.inner_text() == "Open"
        _shot(page, "05-expiry-timer")

        # when the clock reaches 14 days before the expiry and the periodic scan runs twice
        clock.move_to(REMINDER_DAY)
        first, second = timers.run_all(REMINDER_DAY), timers.run_all(REMINDER_DAY)

        # then the requester is reminded once
        assert first["cooperation.deadlines"]["reminders"] == 1
        assert second["cooperation.deadlines"]["reminders"] == 0
        reminders = OutboxMessage.objects.filter(kind="cooperation.preservation_reminder")
        assert sorted(reminders.values_list("recipient__username", "channel")) == [
            ("lena.e2e", "email"),
            ("lena.e2e", "in_app"),
        ]
        assert [m.subject for m in mail.outbox if "expire in" in m.subject] == [
            f"Preserved data of {reference} expire in 14 days"
        ]
        assert [m.to for m in mail.outbox if "expire in" in m.subject] == [[lena.email]]

        # and sees the 14-day reminder among her notifications (her session has long expired)
        sign_in(page, lena, lena_device)
        page.get_by_role("link", name=re.compile(r"^Notifications")).click()
        page.wait_for_url(re.compile(r"/notifications/$"))
        subject = f"Preserved data of {reference} expire in 14 days"
        reminder = page.locator("li.notification", has_text=subject)
        expect(reminder).to_have_count(1)
        assert "Preserved until 1 Feb 2027: executed 3 Dec 2026 + 60 days" in reminder.inner_text()
        _shot(page, "06-reminder")

        # when she requests an extension in one click, checks the draft and sends it
        reminder.get_by_role("button", name="Open and mark read").click()
        page.wait_for_url(re.compile(rf"/cooperation/{reference}/$"))
        page.get_by_role("button", name="Request an extension").click()
        page.get_by_text(re.compile(r"^Draft \S+ ready: check it and send it\.$")).wait_for()
        status = _section(page, "Request status")
        assert status.get_by_label("An extension of a previous request").is_checked()
        assert status.get_by_label("Earlier reference").input_value() == reference
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text(re.compile(r"^Draft \S+ saved\.$")).wait_for()
        extension = _send_draft(page)
        assert page.get_by_text(f"Extension of an earlier request: {reference}").is_visible()
        _shot(page, "07-extension-sent")

        # and then sends the follow-up MLA request (BC31), drafted from the preservation
        page.get_by_role("link", name=reference, exact=True).first.click()
        page.wait_for_url(re.compile(rf"/cooperation/{reference}/$"))
        page.get_by_role("button", name="Send the follow-up MLA request").click()
        page.get_by_text(re.compile(r"^Draft \S+ ready: check it and send it\.$")).wait_for()
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Mutual assistance: access to stored computer data"
        )
        page.get_by_role("button", name="Save draft").click()
        page.get_by_text(re.compile(r"^Draft \S+ saved\.$")).wait_for()
        follow_up = _send_draft(page)
        _shot(page, "08-follow-up-sent")

        # then the preservation shows it is pending the MLA decision, with both continuations linked
        page.get_by_role("link", name=reference, exact=True).first.click()
        page.wait_for_url(re.compile(rf"/cooperation/{reference}/$"))
        expect(page.get_by_role("status")).to_have_text("Pending MLA decision")
        expiry = page.locator("li.deadline", has_text="Preserved data kept at least 60 days")
        assert expiry.locator(".badge").first.inner_text() == "Pending MLA decision"
        assert expiry.locator("p").inner_text() == (
            f"Preserved pending the MLA decision: follow-up {follow_up} sent 18 Jan 2027, ETS 185 Art 29(7)"
        )
        linked = page.get_by_role("region", name="Extensions and follow-ups").get_by_role("listitem")
        assert [text.split(" · ")[:2] for text in linked.all_inner_texts()] == [
            [extension, "Extension of an earlier request"],
            [follow_up, "Follow-up to an earlier request"],
        ]
        _shot(page, "09-pending-mla-decision")

    # and the stored requests agree with the pages
    preservation = CooperationRequest.objects.get(reference=reference)
    assert preservation.mla_pending_since == REMINDER_DAY
    assert CooperationRequest.objects.get(reference=follow_up).request_type == RequestType.objects.get(
        code="BC31_MLA_STORED_DATA"
    )
