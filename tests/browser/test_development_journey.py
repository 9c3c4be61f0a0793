"""The development work in Chromium: an advisor maps practice under the three prerequisites, adds and reorders
recommendations, makes a development point from one with a goal (the date missing first: Danish message, text
kept); the coordinator writes a progress note; on a taskforce programme the development plan gets an action.
axe on every page visited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.development.models import DevelopmentAction, DevelopmentPoint, Goal, ProgressNote, Recommendation
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def _programme(kind, organisation, advisors):  # type: ignore[no-untyped-def]
    version = ProgrammeTemplate.objects.get(kind=kind).current_version()
    return programme_services.programme_create(
        version=version,
        title=f"{'Taskforce' if kind == 'taskforce' else 'Individuelt forløb'} Aarhus",
        anchors={"start": datetime.date(2027, 3, 1)},
        organisations=[organisation],
        advisors=advisors,
    )


def test_development_work_from_mapping_to_development_plan(page: Page, axe: AxeChecker, transactional_db: None) -> None:
    programme_services.templates_load_builtin()
    aarhus = factories.MunicipalityFactory(name="Aarhus", municipality_code="0751")
    advisor = factories.AdvisorFactory(email="raadgiver.udvikling@example.dk")
    coordinator = factories.coordinator_of(aarhus, email="tovholder.udvikling@example.dk")
    individual = _programme("individual", aarhus, [advisor])
    taskforce = _programme("taskforce", aarhus, [advisor])
    overview = reverse("development:programme", args=[individual.pk])

    login(page, advisor.email, factories.PASSWORD)
    page.goto(overview)
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Ingen anbefalinger endnu.")

    # The mapping: the three prerequisites.
    for number, name in enumerate(("boliger", "støtte", "organisering"), start=1):
        page.locator("section[aria-labelledby=mapping] a").nth(number - 1).click()
        checked(page, axe)
        page.fill("#id_current_practice", f"Praksis for {name}")
        page.fill("#id_strengths", f"Styrker ved {name}")
        page.fill("#id_challenges", f"Udfordringer ved {name}")
        page.get_by_role("button", name="Gem").click()
        checked(page, axe)
        expect(page.locator("section[aria-labelledby=mapping]")).to_contain_text(f"Udfordringer ved {name}")

    # Two recommendations, then the second is moved up.
    for prerequisite, text in (("housing", "Faste boligmøder med boligselskaberne"), ("support", "Flere CTI-forløb")):
        page.get_by_role("link", name="Tilføj en anbefaling").click()
        checked(page, axe)
        page.select_option("#id_prerequisite", prerequisite)
        page.fill("#id_text", text)
        page.fill("#id_justification", "Afdækningen viser behovet")
        page.get_by_role("button", name="Gem").click()
        checked(page, axe)
    page.get_by_role("button", name="Ryk op anbefaling 2").click()
    checked(page, axe)
    assert [r.text for r in Recommendation.objects.order_by("position")] == [
        "Flere CTI-forløb",
        "Faste boligmøder med boligselskaberne",
    ]
    expect(page.locator("section[aria-labelledby=recommendations] li").first).to_contain_text("Flere CTI-forløb")

    # A development point from the first recommendation, then its goal: the date missing first.
    page.get_by_role("link", name="Gør til udviklingspunkt ud fra anbefaling 1").click()
    checked(page, axe)
    expect(page.locator("#id_title")).to_have_value("Flere CTI-forløb")
    page.fill("#id_title", "CTI til alle, der flytter i egen bolig")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    point = DevelopmentPoint.objects.get()
    assert point.recommendation.text == "Flere CTI-forløb"
    page.fill("#id_text", "Alle borgere, der flytter i egen bolig, får tilbudt CTI")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Dette felt er påkrævet.")
    expect(page.locator("#id_text")).to_have_value("Alle borgere, der flytter i egen bolig, får tilbudt CTI")
    page.fill("#id_due_on", "2027-12-01")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("section[aria-labelledby=points]")).to_contain_text(
        "Alle borgere, der flytter i egen bolig, får tilbudt CTI"
    )
    assert Goal.objects.get().due_on == datetime.date(2027, 12, 1)
    page.get_by_role("button", name="Log ud").click()

    # The coordinator reads it all and writes a progress note on the goal.
    login(page, coordinator.email, factories.PASSWORD)
    page.goto(overview)
    checked(page, axe)
    expect(page.get_by_role("link", name="Tilføj en anbefaling")).to_have_count(0)
    page.get_by_role("link", name="Skriv et fremdriftsnotat om mål 1").click()
    checked(page, axe)
    page.fill("#id_text", "To borgere har fået CTI i april")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("section[aria-labelledby=points]")).to_contain_text("To borgere har fået CTI i april")
    assert ProgressNote.objects.get().author == coordinator
    page.get_by_role("button", name="Log ud").click()

    # The taskforce programme: a development point under the fourth theme, and the development plan's action.
    login(page, advisor.email, factories.PASSWORD)
    page.goto(reverse("development:programme", args=[taskforce.pk]))
    checked(page, axe)
    page.get_by_role("link", name="Tilføj et udviklingspunkt").click()
    checked(page, axe)
    page.select_option("#id_prerequisite", "case_handling")
    page.fill("#id_title", "Klare afgørelser i boligsager")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.goto(reverse("development:plan", args=[taskforce.pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Ingen handlinger endnu.")
    page.get_by_role("link", name="Tilføj en handling til Klare afgørelser i boligsager").click()
    checked(page, axe)
    page.fill("#id_text", "Gennemgå ti afgørelser sammen med Ankestyrelsen")
    page.fill("#id_owner", "Teamleder i myndighed")
    page.fill("#id_deadline", "2020-06-01")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("main table")).to_contain_text("Teamleder i myndighed")
    expect(page.locator("main table")).to_contain_text("Fristen er passeret")
    assert DevelopmentAction.objects.get().owner == "Teamleder i myndighed"
