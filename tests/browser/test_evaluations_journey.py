"""Evaluating a meeting: a participant answers (first without a choice), the advisor reads the aggregate; axe."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisory.accounts.models import User
from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.evaluations.models import EvaluationReceipt, EvaluationResponse
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Activity, MeetingParticipant, Programme
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]

SPARRING = "Jeg fik relevant sparring og input til vores udviklingsarbejde"
USEFUL = "Mødet var brugbart for vores lokale arbejde"


def test_a_participant_answers_and_the_advisor_sees_the_aggregate(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()
    group = Programme.objects.get(kind="group")
    kickoff = group.activities.get(key="kickoff")
    Activity.objects.filter(pk=kickoff.pk).update(starts_on=timezone.localdate() - datetime.timedelta(days=3))
    coordinator = User.objects.get(email="tovholder.aarhus@example.dk")
    MeetingParticipant.objects.get_or_create(
        activity=kickoff, user=coordinator, defaults={"organisation": coordinator.memberships.get().organisation}
    )
    answer_url = reverse("evaluations:answer", args=[kickoff.pk])
    results_url = reverse("evaluations:results", args=[group.pk])

    # The participant sends the form without choosing: a Danish message, the comment kept.
    # The meeting page offers the evaluation.
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:activity", args=[group.pk, "kickoff"]))
    checked(page, axe)
    page.get_by_role("link", name="Besvar evalueringen").click()
    checked(page, axe)
    assert page.url.endswith(answer_url)
    page.get_by_label("Hvad vil du gerne fortælle os?").fill("Godt at høre de andres erfaringer")
    page.get_by_role("button", name="Send svar").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Vælg et svar fra 1 til 5.")
    expect(page.get_by_label("Hvad vil du gerne fortælle os?")).to_have_value("Godt at høre de andres erfaringer")
    assert not EvaluationResponse.objects.exists()

    # Choose with the keyboard in the first group, with the mouse in the second; then send.
    sparring = page.get_by_role("group", name=SPARRING)
    sparring.get_by_label("5 – Helt enig").focus()
    page.keyboard.press("Space")
    expect(sparring.get_by_label("5 – Helt enig")).to_be_checked()
    page.get_by_role("group", name=USEFUL).get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Send svar").click()
    checked(page, axe)
    expect(page.locator("h1")).to_contain_text("Tak for dit svar")
    assert EvaluationResponse.objects.count() == 1 and EvaluationReceipt.objects.filter(user=coordinator).exists()

    # The coordinator's view of the programme's evaluations: only how many of their own people answered.
    page.goto(results_url)
    checked(page, axe)
    expect(page.locator("main")).not_to_contain_text("Godt at høre de andres erfaringer")
    page.get_by_role("button", name="Log ud").click()

    # The advisor: the aggregate and the comment; advisors do not answer.
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(results_url)
    checked(page, axe)
    main = page.locator("main")
    expect(main).to_contain_text("1 af 1 inviterede har svaret.")
    expect(main).to_contain_text("Godt at høre de andres erfaringer")
    expect(main).to_contain_text("Relevant sparring: for få svar (1 af mindst 3).")  # one answer says too little
    expect(page.locator("svg.eval-means")).to_be_visible()
    page.locator("details summary").first.click()  # the kickoff's answers fold out, picture and table
    expect(page.locator("details[open] svg.eval-bar").first).to_be_visible()
    checked(page, axe)
    page.goto(answer_url)
    checked(page, axe)
    expect(main).to_contain_text("Rådgivere besvarer ikke evalueringen")
    page.goto(reverse("programmes:activity", args=[group.pk, "kickoff"]))
    checked(page, axe)
    expect(page.locator("#evaluation-heading")).to_have_text("Evaluering")
    expect(main).to_contain_text("Gennemsnit")
