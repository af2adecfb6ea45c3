"""The first journey: password, authenticator code, Serbian Cyrillic navigation, sign out."""

import re

import pytest
from django.utils import translation

from iproceeds.accounts.tests.factories import PASSWORD, UserFactory, current_code, totp_device_for
from iproceeds.audit.models import AuditEvent

pytestmark = pytest.mark.e2e


def test_sign_in_with_password_and_totp_switch_to_cyrillic_and_sign_out(page, transactional_db):
    # given an officer with an authenticator app
    officer = UserFactory(username="milica.e2e", first_name="Milica", last_name="Primerić")
    device = totp_device_for(officer)

    # when she signs in with her password
    page.goto("/accounts/login/")
    page.get_by_label("Username or e-mail address").fill("milica.e2e")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # then she must confirm a second factor before seeing anything
    page.wait_for_url(re.compile(r"/accounts/mfa/verify/"))
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Milica Primerić"

    # when she switches the interface to Serbian (Cyrillic)
    page.locator("#language-select").select_option("sr")
    page.get_by_role("button", name="Change").click()

    # then the navigation is in Serbian Cyrillic
    with translation.override("sr"):
        home, sign_out = translation.gettext("Home"), translation.gettext("Sign out")
    assert home != "Home"
    assert re.search("[\u0400-\u04ff]", home)
    page.wait_for_selector("html[lang='sr']")
    assert page.locator("nav.main-nav a").first.inner_text() == home

    # when she signs out
    page.locator("nav.main-nav").get_by_role("button", name=sign_out).click()

    # then she is back at the sign-in page and the trail records both steps
    page.wait_for_url(re.compile(r"/accounts/login/"))
    actions = list(AuditEvent.objects.filter(actor=officer).order_by("seq").values_list("action", flat=True))
    assert actions[:2] == ["accounts.user.signed_in", "accounts.mfa.verified"]
    assert actions[-1] == "accounts.user.signed_out"
