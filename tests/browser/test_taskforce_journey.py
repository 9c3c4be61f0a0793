"""A taskforce programme's own records in Chromium, axe on every page visited: an advisor registers data to collect
(a missing source first), records a presentation to the political level, adds a learning activity, records a
decision with a follow-up item at status meeting 1 and checks it as done at status meeting 2; the municipality's
coordinator sees the overview and updates a data item's status."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from advisory.taskforce.models import DataCollectionItem, FollowUpItem, FollowUpStatus
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def test_an_advisor_keeps_the_taskforce_records_and_the_coordinator_follows(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()
    from advisory.accounts.models import User

    aarhus = Organisation.objects.get(municipality_code="0751")
    programme = programme_services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="taskforce").current_version(),
        title="Taskforce: Aarhus Kommune",
        anchors={"start": datetime.date(2027, 3, 1)},
        organisations=[aarhus],
        advisors=[User.objects.get(email="raadgiver@example.dk"), User.objects.get(email="taskforce@example.dk")],
    )
    pk = programme.pk

    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("taskforce:overview", args=[pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Styregruppe: ikke registreret endnu.")

    # Data collection: the source is missing (refused, input kept), then saved with a due date long past.
    page.get_by_role("link", name="Se og registrér dataindsamling").click()
    checked(page, axe)
    page.get_by_role("link", name="Registrér data, der skal indsamles").click()
    checked(page, axe)
    page.fill("#id_what", "Sagsakter for 20 borgere")
    page.fill("#id_due_on", "2020-05-01")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Dette felt er påkrævet")
    expect(page.locator("#id_what")).to_have_value("Sagsakter for 20 borgere")
    page.fill("#id_source", "Socialafdelingen")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Sagsakter for 20 borgere")
    expect(page.get_by_test_id("overdue")).to_have_text("Fristen er passeret")
    item = DataCollectionItem.objects.get()
    page.goto(reverse("taskforce:data_item_delete", args=[pk, item.pk]))
    checked(page, axe)
    page.get_by_role("link", name="Annullér").click()
    checked(page, axe)

    # A presentation of the analysis to the committee, after the development points are chosen and before the
    # kick-off workshop (seed 004): its date moves the activity in the plan.
    page.goto(reverse("taskforce:presentations", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name="Registrér en præsentation").click()
    checked(page, axe)
    page.select_option("#id_kind", "analysis")
    page.fill("#id_presented_on", "2027-09-20")
    page.fill("#id_committee", "Social- og Sundhedsudvalget")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Social- og Sundhedsudvalget")
    assert programme.activities.get(key="political_presentation_analysis").starts_on == datetime.date(2027, 9, 20)
    # The plan says det kommunalpolitiske niveau, breaks no rule of the order, and shows the closing meeting (which
    # seed 004 does not have) as the advisory function's own addition.
    page.goto(reverse("programmes:detail", args=[pk]))
    checked(page, axe)
    presentation = page.locator("#activity-political_presentation_analysis")
    expect(presentation).to_contain_text("Præsentation af analysen for det kommunalpolitiske niveau")
    expect(presentation.locator(".violation-list")).to_have_count(0)
    expect(page.locator("#activity-closing_meeting").get_by_test_id("advisory-addition")).to_have_text(
        "Rådgivningsfunktionens egen tilføjelse (ikke en del af forløbsbeskrivelsen)"
    )
    expect(page.get_by_test_id("advisory-addition")).to_have_count(1)

    # A learning activity offered and attended.
    page.goto(reverse("taskforce:learning_activities", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name="Registrér en læringsaktivitet").click()
    checked(page, axe)
    page.fill("#id_title", "Temadag om CTI")
    page.fill("#id_held_on", "2027-11-02")
    page.fill("#id_offered_by", "Social- og Boligstyrelsen")
    page.select_option("#id_attended", "true")
    page.fill("#id_participants", "12")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Temadag om CTI")

    # Status meeting 1: a decision with a follow-up item.
    page.goto(reverse("taskforce:status_meeting", args=[pk, "status_meeting-1"]))
    checked(page, axe)
    page.fill("#id_decision-text", "Fast ugentligt boligmøde med boligselskaberne")
    page.fill("#id_decision-follow_up", "Indkald boligselskaberne til første møde")
    page.fill("#id_decision-owner", "Lene fra Socialafdelingen")
    page.get_by_role("button", name="Registrér beslutning").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Indkald boligselskaberne til første møde")

    # Status meeting 2: the item is listed for checking and marked done.
    page.get_by_role("link", name=re.compile("^Næste:")).click()
    checked(page, axe)
    expect(page.locator("[data-testid^=check-]")).to_contain_text("Indkald boligselskaberne til første møde")
    page.get_by_role("button", name=re.compile("^Markér som udført")).click()
    checked(page, axe)
    follow_up = FollowUpItem.objects.get()
    assert (follow_up.status, follow_up.checked_at.key) == (FollowUpStatus.DONE, "status_meeting-2")
    page.goto(reverse("taskforce:overview", args=[pk]))
    checked(page, axe)
    expect(page.get_by_test_id("open-status_meeting-1")).to_have_text("0")
    page.get_by_role("button", name="Log ud").click()

    # The coordinator of Aarhus sees the overview and reports the data as received.
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("taskforce:overview", args=[pk]))
    checked(page, axe)
    expect(page.get_by_test_id("data-summary")).to_contain_text("Aftalt: 1, modtaget: 0, overskredet: 1.")
    page.goto(reverse("taskforce:data_items", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name=re.compile("^Opdatér status")).click()
    checked(page, axe)
    page.select_option("#id_status", "received")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    item.refresh_from_db()
    assert item.status == "received"
    page.goto(reverse("taskforce:status_meeting", args=[pk, "status_meeting-2"]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Udført")
