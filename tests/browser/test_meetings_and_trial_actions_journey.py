"""Meeting pages, trial actions and the template version change in Chromium, axe on every page visited."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.services import reference_data_load
from advisory.programmes import services
from advisory.programmes.models import Activity, MeetingParticipant, Programme, ProgrammeTemplate, TrialAction
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

    # Feedback on the trial action from the advisor (seed 003: "give feedback og sparring på prøvehandlinger").
    page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    page.get_by_role("link", name="Fast boligmøde").click()
    checked(page, axe)
    page.get_by_role("button", name="Tilføj feedback").click()  # empty: refused, the form again
    checked(page, axe)
    page.fill("#id_text", "Godt valgt udviklingspunkt – prøv også et møde om aftenen.")
    page.get_by_role("button", name="Tilføj feedback").click()
    checked(page, axe)
    expect(page.locator("[data-testid=feedback]")).to_contain_text("prøv også et møde om aftenen")
    page.get_by_role("button", name="Log ud").click()

    # After the kickoff the coordinator sets Aarhus's goal and, at the first reflection meeting, how far they got.
    kickoff = group.activities.get(key="kickoff")
    Activity.objects.filter(pk=kickoff.pk).update(done_at=timezone.now())  # the kickoff has taken place
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:trial_action_detail", args=[group.pk, TrialAction.objects.get().pk]))
    checked(page, axe)
    expect(page.locator("[data-testid=feedback]")).to_contain_text("prøv også et møde om aftenen")
    page.goto(reverse("programmes:detail", args=[group.pk]))
    page.get_by_role("link", name="Mål", exact=True).click()
    checked(page, axe)
    page.get_by_role("link", name=re.compile("^Sæt målet")).click()
    checked(page, axe)
    page.fill("#id_text", "Alle nye lejere får en fast kontaktperson inden indflytning.")
    page.fill("#id_due_on", (kickoff.starts_on + datetime.timedelta(days=150)).isoformat())
    page.get_by_role("button", name="Gem målet").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("fast kontaktperson inden indflytning")
    page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    checked(page, axe)
    goals = page.locator("[data-testid=meeting-goals]")
    expect(goals).to_contain_text("fast kontaktperson inden indflytning")
    goals.get_by_role("link", name=re.compile("^Notér status")).click()
    checked(page, axe)
    page.select_option("#id_progress", "under_way")
    page.fill("#id_status", "Halvdelen af de nye lejere har en kontaktperson.")
    page.get_by_role("button", name="Gem status").click()
    checked(page, axe)
    expect(goals).to_contain_text("I gang")
    expect(goals).to_contain_text("Halvdelen af de nye lejere")

    # Before the next joint meeting the coordinator gives Aarhus's wishes and needs; the advisors read them there.
    upcoming = (
        group.activities.filter(scope="shared", format__in=["virtual", "in_person"], starts_on__gt=timezone.localdate())
        .order_by("starts_on")
        .first()
    )
    assert upcoming is not None
    page.goto(reverse("programmes:activity", args=[group.pk, upcoming.key]))
    checked(page, axe)
    page.get_by_role("link", name=re.compile("^Svar for")).click()
    checked(page, axe)
    page.fill("#id_text", "Mere om samarbejdet med boligselskaberne.")
    page.get_by_role("button", name="Send svaret").click()
    checked(page, axe)
    expect(page.locator("[data-testid=meeting-wishes]")).to_contain_text("samarbejdet med boligselskaberne")

    # The closing meeting: the kickoff's participants booked in one step.
    coordinator = MeetingParticipant.objects.filter(activity__key="reflection_meeting-1").get()
    services.meeting_book(activity=kickoff, user=coordinator.user, organisation=coordinator.organisation)
    page.goto(reverse("programmes:activity", args=[group.pk, "closing_meeting"]))
    checked(page, axe)
    page.get_by_role("button", name="Book deltagerne fra opstartsmødet").click()
    checked(page, axe)
    assert MeetingParticipant.objects.filter(activity__key="closing_meeting", user=coordinator.user).exists()
