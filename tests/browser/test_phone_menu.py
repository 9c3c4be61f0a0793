"""The main menu on a phone (320 CSS px): DKFDS's menu button opens its drawer, a modal dialog that passes axe, in
which a coordinator reaches every menu item and "Log ud" with the mouse and with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import NARROW, AxeChecker, checked, fits_the_window, login

pytestmark = [pytest.mark.browser]

# A coordinator's main menu, in order.
COORDINATOR_MENU = ["Forside", "Forløb", "Interesse og henvendelser", "Organisationer", "Videnbank", "Min profil"]


def test_a_coordinator_uses_the_phone_menu_by_mouse_and_keyboard(transactional_db, page: Page, axe: AxeChecker) -> None:  # type: ignore[no-untyped-def]
    coordinator = factories.make_coordinator(factories.make_municipality())
    page.set_viewport_size(NARROW)
    login(page, coordinator.email, factories.PASSWORD)
    checked(page, axe)
    fits_the_window(page)
    # Content that htmx swaps in sets up DKFDS again (app.js): the header keeps one "Mere" item and one menu button
    # that opens the drawer once per click.
    page.locator("main").dispatch_event("htmx:afterSettle")
    expect(page.locator(".navigation-menu .more-option")).to_have_count(1)

    # The wide menu and its "Log ud" are hidden; the menu button stands in for them.
    expect(page.locator(".navigation-menu")).to_be_hidden()
    menu_button = page.get_by_role("button", name="Menu")
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_hidden()

    # Open with the mouse: the drawer passes axe, names the person and lists the whole menu.
    menu_button.click()
    expect(drawer).to_be_visible()
    expect(drawer.get_by_role("button", name="Luk menu")).to_be_focused()
    expect(drawer).to_contain_text(str(coordinator))
    expect(drawer.get_by_role("navigation", name="Hovedmenu").get_by_role("link")).to_have_text(COORDINATOR_MENU)
    expect(drawer.get_by_role("link", name="Forside")).to_have_attribute("aria-current", "page")
    axe(page)

    # The keyboard alone: Tab goes through the close button, every item and "Log ud", then round to the close
    # button again (the focus stays in the dialog); Escape closes it and gives the focus back to the menu button.
    reached = []
    for _ in range(len(COORDINATOR_MENU) + 2):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert reached == [*COORDINATOR_MENU, "Log ud", "Luk"], reached
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(menu_button).to_be_focused()

    # Navigate: open the menu with Enter, go to an item; the next page opens with the drawer closed.
    page.keyboard.press("Enter")
    expect(drawer).to_be_visible()
    drawer.get_by_role("link", name="Organisationer").click()
    expect(page).to_have_url(re.compile(r"/organisationer/$"))
    checked(page, axe)
    fits_the_window(page)
    expect(drawer).to_be_hidden()

    # The close button closes it too; then log out from the drawer.
    menu_button.click()
    expect(drawer.get_by_role("link", name="Organisationer")).to_have_attribute("aria-current", "page")
    drawer.get_by_role("button", name="Luk menu").click()
    expect(drawer).to_be_hidden()
    menu_button.click()
    drawer.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
    page.goto("/konto/")  # ("/" shows the offers to the anonymous)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/konto/$"))
