"""Intake in Chromium: an advisor opens a round, four organisations register (one too late and is refused),
the advisor forms a group and the plan appears; axe on every page visited."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.intake.models import IntakeRound, Registration
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import ProgrammeTemplate
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def register(page: Page, axe: AxeChecker, round_pk: int, organisation: Organisation, email: str) -> None:
    page.goto(reverse("intake:register", args=[round_pk]))
    checked(page, axe)
    page.select_option("#id_organisation", str(organisation.pk))
    page.fill("#id_coordinator_name", "Tovholder " + organisation.name)
    page.fill("#id_coordinator_email", email)
    page.fill("#id_development_point", "Fast boligmøde med boligselskaberne")
    page.fill("#id_motivation", "Vi vil styrke den boligsociale indsats.")
    page.fill("#id_expected_participants", "4")
    page.get_by_role("button", name="Send tilmelding").click()


def test_an_advisor_opens_a_round_organisations_register_and_a_group_is_formed(
    page: Page, axe: AxeChecker, transactional_db: None, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reference_data_load()
    demo_data_load()
    mail.outbox.clear()  # the demo round's own registrations sent their confirmations
    today = timezone.localdate()

    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("intake:round_list"))
    checked(page, axe)
    page.get_by_role("link", name="Opret en runde").click()
    checked(page, axe)
    page.fill("#id_season", "Forår 2027")
    page.fill("#id_theme", "Boligsociale indsatser")
    page.fill("#id_opens_on", (today + datetime.timedelta(days=5)).isoformat())
    page.fill("#id_closes_on", today.isoformat())  # closes before it opens: refused, input kept
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Tilmeldingen skal lukke")
    expect(page.locator("#id_theme")).to_have_value("Boligsociale indsatser")
    page.fill("#id_opens_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    round_ = IntakeRound.objects.get(theme="Boligsociale indsatser")
    page.get_by_role("button", name="Log ud").click()

    # Four organisations register on the public page, without logging in.
    page.goto(reverse("intake:public_list"))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Boligsociale indsatser")
    codes = ["0751", "0461", "0101", "0851"]
    for n, code in enumerate(codes):
        register(page, axe, round_.pk, Organisation.objects.get(municipality_code=code), f"tovholder{n}@kommune.dk")
        checked(page, axe)
        expect(page.locator("main")).to_contain_text("Tilmeldingen er modtaget")
    assert Registration.objects.filter(round=round_).count() == 4
    assert len(mail.outbox) == 4

    # A fifth tries a closed round and is refused with the input kept.
    closed = IntakeRound.objects.create(
        season="Efterår 2026",
        theme="Bostøtte",
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=1),
        template_version=ProgrammeTemplate.objects.get(kind="group").current_version(),
    )
    register(page, axe, closed.pk, Organisation.objects.get(municipality_code="0461"), "sen@kommune.dk")
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Tilmeldingen til denne runde er lukket")
    expect(page.locator("#id_development_point")).to_have_value("Fast boligmøde med boligselskaberne")
    assert not Registration.objects.filter(round=closed).exists()

    # The advisor forms the group of four and sends the written acceptance.
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("intake:round_detail", args=[round_.pk]))
    checked(page, axe)
    for registration in Registration.objects.filter(round=round_):
        page.check(
            f"#id_registrations_{list(Registration.objects.filter(round=round_).order_by('pk')).index(registration)}"
        )
    page.fill("#id_acceptance_date", today.isoformat())
    page.get_by_role("button", name="Dan gruppen").click()
    checked(page, axe)
    expect(page.locator("h1")).to_contain_text("Forår 2027")
    expect(page.locator("table").first).to_contain_text("Opstartsmøde")
    # Four confirmations, four written acceptances, and each named coordinator invited to their organisation.
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 12 and sum(s.startswith("Invitation til") for s in subjects) == 4
    assert reverse("intake:round_detail", args=[round_.pk]) != page.url
