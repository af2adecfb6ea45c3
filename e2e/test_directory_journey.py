"""Issue 3's journey: at 03:00 in Tirana, find Serbia's on-duty contact for a preservation request."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from iproceeds.accounts.tests.factories import UserFactory, totp_device_for
from iproceeds.directory.models import Authority
from iproceeds.directory.reference import load_directory

pytestmark = pytest.mark.e2e

# Thursday 3 December 2026, 02:00 UTC: 03:00 in Tirana and in Belgrade (both UTC+1 in winter).
NIGHT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def tirana_officer(transactional_db):
    """An officer of the demo cybercrime unit in Tirana, with an authenticator app."""
    load_directory(include_demo=True)
    authority = Authority.objects.get(party__code="AL", name="Demo Cybercrime Unit Tirana")
    officer = UserFactory(username="arta.e2e", authority=authority, timezone="Europe/Tirane")
    return officer, totp_device_for(officer)


@pytest.mark.parametrize("query", ["Srbija", "Србија"])
def test_night_officer_in_tirana_finds_serbias_on_duty_contact(page, tirana_officer, query, sign_in):
    officer, device = tirana_officer
    with time_machine.travel(NIGHT, tick=False):
        # given the officer in Tirana signed in at 03:00 local time
        sign_in(page, officer, device)

        # when she searches the directory in either script and opens Serbia (first click)
        page.get_by_role("link", name="Directory").first.click()
        page.get_by_label("Search the directory").fill(query)
        page.locator("main").get_by_role("button", name="Search").click()
        page.get_by_role("link", name=re.compile(r"^Serbia")).first.click()
        page.wait_for_url(re.compile(r"/directory/parties/RS/"))

        # and asks whom to contact for a preservation request (second click)
        page.get_by_role("link", name="Preservation of stored data (ETS 185 Art 29)").click()

        # then the on-duty contact comes first, with Belgrade's local time
        answer = page.locator("main").inner_text()
        assert "On duty now: Nikola Demović (demo)" in answer
        assert "Local time in Belgrade: 03:00" in answer
        assert "Outside office hours" in answer
