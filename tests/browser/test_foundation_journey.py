"""The foundation in Chromium with the demo data: an advisor and a coordinator find their way, axe on every page.

Labels are the Danish UI's (msgids in the templates, Danish in locale/da); where it is reasonable the selectors
use ids and addresses instead of wording.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from tests.browser.conftest import AxeChecker, login, settled

pytestmark = [pytest.mark.browser]

ADVISOR = "raadgiver@example.dk"
COORDINATOR = "tovholder.aarhus@example.dk"
NEW_SHELTER = "Varmestuen Frederiksbjerg"


class Journey:
    """Goes from page to page like a person, checks each page answered and runs axe on it."""

    def __init__(self, page: Page, axe: AxeChecker) -> None:
        self.page = page
        self.axe = axe
        self.csp_violations: list[str] = []
        page.on(
            "console",
            lambda message: (
                self.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )

    def check(self) -> None:
        settled(self.page)
        expect(self.page.locator("h1").first).to_be_visible()
        self.axe(self.page)

    def visit(self, path: str, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, f"{path} answered {response and response.status}"
        self.check()

    def navigation_links(self) -> list[str]:
        links = self.page.locator("header nav.nav a")
        return [links.nth(index).get_attribute("href") or "" for index in range(links.count())]

    def follow_the_navigation(self) -> list[str]:
        """Click every link of the main menu in turn; each page marks itself as the current one."""
        hrefs = self.navigation_links()
        assert hrefs, "the main menu is empty"
        for href in hrefs:
            self.page.locator(f'header nav.nav a[href="{href}"]').click()
            self.page.wait_for_url(re.compile(re.escape(href) + r"(\?.*)?$"))
            self.check()
            expect(self.page.locator(f'header nav.nav a[href="{href}"]')).to_have_attribute("aria-current", "page")
        return hrefs

    def log_out(self) -> None:
        self.page.get_by_role("button", name="Log ud").click()
        self.page.wait_for_url(re.compile(r"/accounts/login/"))
        self.check()


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, Organisation]:
    reference_data_load()
    demo_data_load()
    return {
        "aarhus": Organisation.objects.get(municipality_code="0751"),
        "odense": Organisation.objects.get(municipality_code="0461"),
    }


def test_an_advisor_and_a_coordinator_find_their_way_through_the_foundation(page: Page, axe: AxeChecker, demo):
    journey = Journey(page, axe)
    aarhus, odense = demo["aarhus"], demo["odense"]
    organisations = reverse("organisations:list")
    create = reverse("organisations:shelter_create")

    # --- The advisor ------------------------------------------------------------------------------------
    journey.visit(reverse("account_login"))
    login(page, ADVISOR, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))
    journey.check()
    expect(page.locator("h1")).to_contain_text("Rikke")
    hrefs = journey.follow_the_navigation()
    assert {reverse("core:start"), organisations, reverse("accounts:profile")} <= set(hrefs)
    assert reverse("admin:index") not in hrefs  # not an administrator

    # Search the list; htmx replaces the results only.
    journey.visit(organisations)
    page.locator("#id_q").fill("Aarhus")
    results = page.locator("#organisation-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Aarhus")
    expect(page).to_have_url(re.compile(r"q=Aarhus"))
    journey.check()
    page.locator("#id_q").fill("")
    page.locator("#id_kind").select_option("shelter")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results).to_contain_text("Herberget Sct. Nikolaj")

    # Create a shelter: first without a name, then properly.
    page.locator(f'main a[href="{create}"]').click()
    page.wait_for_url(re.compile(re.escape(create) + "$"))
    journey.check()
    expect(page.locator("h1")).to_have_text("Opret en § 110-boform")
    page.locator("#id_municipality").select_option(label="Aarhus")
    page.locator("#id_tilbudsportalen_id").fill("4711")
    page.locator("#id_address").fill("Frederiks Allé 10, 8000 Aarhus C")
    page.get_by_role("button", name="Gem").click()
    journey.check()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Dette felt er påkrævet.")
    expect(page.locator("#id_name-error")).to_contain_text("Dette felt er påkrævet.")
    expect(page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_tilbudsportalen_id")).to_have_value("4711")
    expect(page.locator("#id_address")).to_have_value("Frederiks Allé 10, 8000 Aarhus C")
    expect(page.locator("#id_municipality")).to_have_value(str(aarhus.pk))
    summary.locator('a[href="#id_name"]').click()
    expect(page.locator("#id_name")).to_be_focused()
    assert not Organisation.objects.filter(address__startswith="Frederiks Allé").exists()

    page.locator("#id_name").fill(NEW_SHELTER)
    page.get_by_role("button", name="Gem").click()
    # (A redirect keeps the #fragment of the form's address, here from following the summary's link.)
    page.wait_for_url(re.compile(r"/organisationer/\d+/(#id_name)?$"))
    journey.check()
    expect(page.locator("h1")).to_have_text(NEW_SHELTER)
    expect(page.locator("main .alert-success")).to_contain_text(NEW_SHELTER)
    shelter = Organisation.objects.get(name=NEW_SHELTER)
    assert (shelter.municipality, shelter.tilbudsportalen_id) == (aarhus, "4711")
    expect(page.locator("main")).to_contain_text("Region Midtjylland")

    # The municipality's page lists the new shelter.
    page.locator(f'main a[href="{reverse("organisations:detail", args=[aarhus.pk])}"]').first.click()
    page.wait_for_url(re.compile(rf"/organisationer/{aarhus.pk}/$"))
    journey.check()
    expect(page.locator("main")).to_contain_text(NEW_SHELTER)
    expect(page.locator("main table")).to_contain_text(COORDINATOR)

    # The language switch turns the interface into English and back.
    page.get_by_role("button", name="English").click()
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header nav.nav")).to_contain_text("Organisations")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    journey.check()
    journey.visit(create)
    expect(page.locator("h1")).to_have_text("Create a § 110 shelter")
    page.get_by_role("button", name="Dansk").click()
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("h1")).to_have_text("Opret en § 110-boform")

    journey.log_out()

    # --- The coordinator --------------------------------------------------------------------------------
    login(page, COORDINATOR, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"://[^/]+/$"))
    journey.check()
    main = page.locator("main")
    expect(main.locator(f'a[href="{reverse("organisations:detail", args=[aarhus.pk])}"]')).to_have_text("Aarhus")
    expect(main).not_to_contain_text("Odense")
    hrefs = journey.follow_the_navigation()
    assert organisations in hrefs and reverse("admin:index") not in hrefs

    journey.visit(organisations)
    rows = page.locator("#organisation-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Aarhus")
    expect(page.locator(f'main a[href="{create}"]')).to_have_count(0)

    journey.visit(reverse("organisations:detail", args=[aarhus.pk]))
    expect(page.locator("h1")).to_have_text("Aarhus")
    journey.visit(reverse("organisations:detail", args=[odense.pk]), status=404)
    expect(page.locator("h1")).to_have_text("Siden blev ikke fundet")
    expect(page.locator("main")).not_to_contain_text("Odense")
    journey.visit(create, status=403)
    expect(page.locator("h1")).to_have_text("Ingen adgang")

    journey.log_out()
    assert journey.csp_violations == []
    assert len(axe.checked) >= 20
