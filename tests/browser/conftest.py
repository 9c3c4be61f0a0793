"""Browser tests: Playwright driving Debian's Chromium, axe checking WCAG 2.1 A/AA on every page."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from axe_playwright_python.base import AXE_FILE_NAME, AXE_FILE_PATH, AxeResults
from axe_playwright_python.sync_playwright import Axe
from django.urls import get_resolver
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

# Debian's chromium-headless-shell: Chromium's headless shell (what Playwright itself runs when headless), the same
# Blink and V8 as the full browser without its browser UI, GPU process and WebUI renderers; the every-page test's
# Chromium CPU in it was 163 s against the full browser's 207 s (side by side, loaded machine). The full browser
# where it is not installed.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"
# Every rule of WCAG 2.1 A/AA runs; only the violations are reported node by node (axe then builds no selector for
# each element that passed: a quarter of its time on the matrix's pages).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    # The URL configuration (and the libraries its views import) is loaded before the first page is asked for, not
    # during it: on a busy machine that first answer could take longer than a page may take.
    get_resolver().url_patterns  # noqa: B018
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Where the live server serves axe-core in a test run (the ``axe`` fixture), below STATIC_URL.
AXE_STATIC = f"axe-core/{AXE_FILE_NAME}"

# The page as axe sees it: its address, the window's size and the document, less what differs on every answer
# without changing what is shown (the form's and htmx's CSRF token).
_FINGERPRINT = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => input.removeAttribute("value"));
  copy.querySelector("body")?.removeAttribute("hx-headers");
  copy.querySelectorAll("script[src$='/AXE_STATIC']").forEach((script) => script.remove());
  return [location.href, window.innerWidth, window.innerHeight, copy.outerHTML].join("\\n");
}""".replace("AXE_STATIC", AXE_STATIC)


_AXE_RUN = "(options) => axe.run(document, options).then((results) => ({violations: results.violations}))"


class AxeChecker:
    """Runs axe on the current page and remembers which pages were checked. A page whose address, window and
    document are exactly those of a page that already passed in this test is not run through axe again (the same
    input gives axe the same answer).

    With ``script_url`` (the ``axe`` fixture: the live server's copy of axe-core) a document gets axe as a script
    of its own origin, which the browser keeps and compiles once for the test's pages; without, the script is sent
    to each document (about 60 ms a page against 13)."""

    def __init__(self, script_url: str | None = None) -> None:
        self._axe = Axe()
        self._script_url = script_url
        self.checked: list[str] = []
        self._passed: set[str] = set()

    def __call__(self, page: Page) -> None:
        fingerprint = hashlib.sha256(page.evaluate(_FINGERPRINT).encode()).hexdigest()
        self.checked.append(page.url)
        if fingerprint in self._passed:
            return
        # axe once per document (an htmx swap keeps it), and only the violations back from the browser.
        if page.evaluate("typeof window.axe === 'undefined'"):
            if self._script_url:
                page.add_script_tag(url=self._script_url)
            else:
                page.evaluate(self._axe.axe_script)
        results = AxeResults(page.evaluate(_AXE_RUN, AXE_OPTIONS))
        violations = results.response["violations"]
        assert violations == [], f"axe found WCAG violations on {page.url}:\n{results.generate_report()}"
        self._passed.add(fingerprint)


@pytest.fixture(scope="session")
def axe_static_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core in a static files directory of its own, dated long ago: the browser then keeps it for the test
    without asking the server again (a fresh date would have it asked for on every page)."""
    directory = tmp_path_factory.mktemp("axe-static")
    script = directory / AXE_STATIC
    script.parent.mkdir()
    shutil.copyfile(AXE_FILE_PATH, script)
    os.utime(script, (946_684_800, 946_684_800))  # 2000-01-01
    return str(directory)


@pytest.fixture
def axe(settings: Any, live_server: Any, axe_static_dir: str) -> AxeChecker:
    """An axe check whose documents load axe-core from the live server (under /static/axe-core/, test runs only)."""
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, axe_static_dir]
    return AxeChecker(script_url=f"{settings.STATIC_URL}{AXE_STATIC}")


# What htmx marks while it works: the element (or its indicator) during a request, the target while it is swapped
# and settled.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


def settled(page: Page) -> None:
    """Wait for the page to have loaded and for htmx to have no request, swap or settle under way.

    (A click that opens a page returns once the new page is on its way: Playwright waits for the navigation it
    starts; this waits for that page's load event. Nothing waits for the network to go quiet.)
    """
    page.wait_for_load_state("load")
    expect(page.locator(HTMX_BUSY)).to_have_count(0)


def plan_row_menu(page: Page, action: str) -> Locator:
    """The plan table's first row that has the action ``action`` (a button's full accessible name, e.g. "Markér
    som udført Afsluttende møde"), with its action menu (a closed disclosure until then) opened."""
    row = (
        page.locator("tbody tr")
        .filter(has=page.get_by_role("button", name=action, exact=True, include_hidden=True))
        .first
    )
    row.locator("summary").click()
    return row


def login(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    settled(page)


def checked(page: Page, axe: AxeChecker) -> None:
    """Wait for the page and any htmx request it started, check it has a heading, then run axe."""
    settled(page)
    expect(page.locator("h1").first).to_be_visible()
    axe(page)


NARROW = {"width": 320, "height": 640}  # WCAG 2.1 success criterion 1.4.10 (Reflow): 320 CSS pixels wide

# The main menu's addresses as the wide page shows them (DKFDS's "Mere" item copies some into its own list; those
# copies are left out), and, in the mobile drawer, which of them (and the log-out button) can be seen and focused.
_MAIN_MENU = """() => [...document.querySelectorAll('.navigation-menu .mainmenu > li > a.nav-link')]
  .map((link) => link.getAttribute('href'))"""
_DRAWER_REACHABLE = """() => {
  const reachable = (element) => element.checkVisibility({visibilityProperty: true}) && element.tabIndex >= 0
    && !element.closest('[inert], [aria-hidden=true]') && !element.disabled;
  const drawer = document.querySelector('.mobile-drawer');
  return {
    links: [...drawer.querySelectorAll('.navigation-menu-mobile a.nav-link')].filter(reachable)
      .map((link) => link.getAttribute('href')),
    logOut: [...drawer.querySelectorAll('button')].some((button) => button.textContent.trim() === 'Log ud'
      && reachable(button)),
  };
}"""


def fits_the_window(page: Page) -> None:
    """Nothing on the page reaches past the window's right edge: it does not scroll sideways (DKFDS's body hides
    what would, so it would be cut off instead)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the window ({page.viewport_size})"


def menu_reachable_narrow(page: Page, main_menu: list[str]) -> None:
    """At a narrow window: DKFDS's menu button opens the drawer, in which every item of the main menu and "Log ud"
    can be seen and focused; Escape closes it and gives the focus back to the menu button."""
    opener = page.locator(".js-menu-open")
    opener.click()
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    reachable = page.evaluate(_DRAWER_REACHABLE)
    assert reachable["links"] == main_menu, f"{page.url}: the drawer shows {reachable['links']}, not {main_menu}"
    assert reachable["logOut"], f"{page.url}: no reachable »Log ud« in the drawer"
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(opener).to_be_focused()


def checked_narrow(page: Page, axe: AxeChecker) -> None:
    """``checked`` at the page's width, then again 320 px wide: axe passes there too, the page's content does not
    reach past the window's right edge (DKFDS's body hides what would scroll sideways: it would be cut off), and,
    for a signed-in person, every main-menu item and "Log ud" are reachable through DKFDS's menu button."""
    checked(page, axe)
    main_menu = page.evaluate(_MAIN_MENU)
    wide = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        settled(page)
        fits_the_window(page)
        axe(page)
        if main_menu:
            menu_reachable_narrow(page, main_menu)
    finally:
        if wide is not None:
            page.set_viewport_size(wide)


def at(day: datetime.date) -> time_machine.travel:
    """The clock at 10:00 Copenhagen time on the day, ticking; the live server runs in this process, so its
    clock moves too. Log in again after a move: the session has timed out."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC), tick=True)
