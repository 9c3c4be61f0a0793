"""The knowledge bank in Chromium, axe on every page visited (and at 320 px on its own pages): Aarhus's coordinator
shares a completed trial action, an advisor finds it by a word and marks it exemplary, and Odense's coordinator,
starting a trial action in a later group under the same theme, finds it from the form (issue 17's "done when")."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.accounts.models import User
from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.knowledge.models import SharedTrialAction
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes import group_records, services
from advisory.programmes.models import Programme, ProgrammeTemplate, TrialAction, TrialActionStatus
from tests.browser.conftest import AxeChecker, checked, checked_narrow, login

pytestmark = [pytest.mark.browser]

TITLE = "Fast overlevering fra herberg til bostøtte"


def test_a_shared_trial_action_is_found_from_another_group_s_trial_action_form(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()
    group = Programme.objects.get(kind="group")
    aarhus = Organisation.objects.get(municipality_code="0751")
    coordinator = User.objects.get(email="tovholder.aarhus@example.dk")
    trial_action = services.trial_action_save(
        trial_action=TrialAction(
            programme=group,
            organisation=aarhus,
            development_point=TITLE,
            plan=f"Et overleveringsmøde i ugen før indflytning; {coordinator.get_full_name()} indkalder.",
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 4, 25),
            experiences="Borgerne mødte bostøtten før flytningen.",
            status=TrialActionStatus.COMPLETED,
        ),
        by=coordinator,
    )
    advisor = User.objects.get(email="raadgiver@example.dk")
    group_records.trial_action_feedback_add(trial_action=trial_action, text="Stærkt greb om overgangen.", by=advisor)

    # Aarhus's coordinator shares it from the trial action's page: the preview has no names; the prerequisite first.
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:trial_action_detail", args=[group.pk, trial_action.pk]))
    checked(page, axe)
    page.get_by_role("link", name="Del i videnbanken").click()
    checked_narrow(page, axe)
    expect(page.get_by_test_id("share-preview")).to_contain_text("[navn] indkalder")
    expect(page.get_by_test_id("share-preview")).not_to_contain_text(coordinator.get_full_name())
    page.get_by_role("button", name="Del i videnbanken").click()  # no prerequisite: refused, the form again
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_be_visible()
    page.get_by_label("En systematisk praksis", exact=False).check()
    page.get_by_role("button", name="Del i videnbanken").click()
    checked(page, axe)
    expect(page.get_by_test_id("knowledge-share")).to_contain_text("Delt i videnbanken den")
    assert SharedTrialAction.objects.get().prerequisite == "support"
    page.get_by_role("button", name="Log ud").click()

    # An advisor finds it in the bank by a word of the feedback and marks it exemplary.
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.get_by_role("link", name="Videnbank").first.click()
    checked_narrow(page, axe)
    page.fill("#id_q", "greb")
    page.get_by_role("button", name="Filtrér").click()
    checked(page, axe)
    expect(page.get_by_test_id("knowledge-results")).to_contain_text(TITLE)
    page.get_by_role("link", name=TITLE).click()
    checked_narrow(page, axe)
    expect(page.locator("main")).to_contain_text("Rådgiverne")
    expect(page.locator("main")).not_to_contain_text("Aarhus")
    page.get_by_label("Eksemplarisk").check()
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Markeret som eksemplarisk af rådgiverne.")
    page.get_by_role("button", name="Log ud").click()

    # Odense's coordinator starts a trial action in a later group under the same theme: the form suggests it.
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    later = services.programme_create(
        version=version,
        title="Gruppeforløb efterår",
        theme=group.theme,
        anchors={"acceptance": datetime.date(2027, 8, 9)},
        organisations=list(Organisation.objects.filter(municipality_code__in=["0461", "0101", "0147"])),
        advisors=[advisor],
    )
    login(page, "tovholder.odense@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:trial_action_create", args=[later.pk]))
    checked_narrow(page, axe)
    suggestions = page.get_by_test_id("knowledge-suggestions")
    expect(suggestions).to_contain_text(TITLE)
    expect(suggestions).to_contain_text("Eksemplarisk")
    suggestions.get_by_role("link", name=TITLE).click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Borgerne mødte bostøtten før flytningen.")
    page.get_by_role("button", name="Log ud").click()

    # Aarhus's coordinator withdraws it: it is gone from the bank.
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:trial_action_detail", args=[group.pk, trial_action.pk]))
    page.get_by_role("button", name="Træk tilbage fra videnbanken").click()
    checked(page, axe)
    expect(page.get_by_test_id("knowledge-share")).to_contain_text("Del i videnbanken")
    assert not SharedTrialAction.objects.exists()
