"""Two-factor authentication and the log-in lock in Chromium, under the strict CSP, checked with axe."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AxeChecker, login, settled
from tests.factories import PASSWORD
from tests.security.conftest import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def collect_csp_violations(page: Page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_an_advisor_sets_up_two_factor_authentication_and_logs_in_with_it(page, axe: AxeChecker, advisor, settings):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_STAFF = True
    violations = collect_csp_violations(page)
    login(page, advisor.email, PASSWORD)
    # Sent to set up an authenticator app, after confirming the password once more.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    axe(page)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("img.mfa-qr-code")).to_be_visible()
    axe(page)
    secret = page.locator("#authenticator_secret").input_value()
    activation_code = current_code(secret)
    page.locator("main input[name=code]").fill(activation_code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    axe(page)
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    assert "/accounts/" not in page.url

    page.get_by_role("button", name="Log ud").click()
    settled(page)
    login(page, advisor.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    axe(page)
    while current_code(secret) == activation_code:  # a code is taken once: wait for the next 30-second one
        time.sleep(0.5)
    page.locator("main input[name=code]").fill(current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))  # the start page
    assert violations == []


def test_five_wrong_passwords_lock_the_account_from_this_browser_only(page, axe: AxeChecker, coordinator, stranger):  # type: ignore[no-untyped-def]
    violations = collect_csp_violations(page)
    for _ in range(4):
        login(page, coordinator.email, "forkert-kodeord-1")
    expect(page.locator("main .alert-warning")).to_have_count(0)
    login(page, coordinator.email, "forkert-kodeord-1")
    expect(page.locator("main .alert-warning")).to_have_count(1)  # the lock-out page
    axe(page)
    login(page, coordinator.email, PASSWORD)
    expect(page.locator("main .alert-warning")).to_have_count(1)  # the right password does not help now
    login(page, stranger.email, PASSWORD)  # a colleague on the same address
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))
    assert violations == []
