"""Meeting pages, trial actions and the template version change in Chromium, axe on every page visited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.services import reference_data_load
from advisory.programmes import services
from advisory.programmes.models import MeetingParticipant, Programme, ProgrammeTemplate, TrialAction
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def test_a_coordinator_books_for_a_meeting_and_logs_trial_actions_and_an_advisor_changes_version(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()
    group = Programme.objects.get(kind="group")

    # The coordinator of Aarhus books themselves for the first reflection meeting: the warning says 1 of 3–5.
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Aarhus har 0 booket")
    page.get_by_role("button", name="Book", exact=True).click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Aarhus har 1 booket")
    assert MeetingParticipant.objects.filter(activity__key="reflection_meeting-1").count() == 1

    # A trial action: the period ends before it starts (refused, input kept), then saved.
    page.goto(reverse("programmes:trial_actions", args=[group.pk]))
    checked(page, axe)
    page.get_by_role("link", name="Registrér en prøvehandling").click()
    checked(page, axe)
    page.fill("#id_development_point", "Fast boligmøde")
    page.fill("#id_plan", "Ugentligt møde med boligselskabet")
    page.fill("#id_starts_on", "2027-03-01")
    page.fill("#id_ends_on", "2027-02-01")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Perioden skal slutte")
    expect(page.locator("#id_plan")).to_have_value("Ugentligt møde med boligselskabet")
    page.fill("#id_ends_on", "2027-03-28")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Fast boligmøde")
    assert TrialAction.objects.get().organisation.municipality_code == "0751"
    page.get_by_role("button", name="Log ud").click()

    # The advisor sees the shared trial action on the meeting page and moves the programme to version 2.
    template = ProgrammeTemplate.objects.get(kind="group")
    services.template_version_create(template=template, spec=template.current_version().spec, notes="Kopi")
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Fast boligmøde")
    page.goto(reverse("programmes:detail", args=[group.pk]))
    checked(page, axe)
    page.get_by_role("link", name="Version 2 af skabelonen findes: se hvad der ville ændre sig").click()
    checked(page, axe)
    page.get_by_role("button", name="Brug den nye version").click()
    checked(page, axe)
    group.refresh_from_db()
    assert group.template_version.number == 2
