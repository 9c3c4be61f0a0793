"""The year's intake in Chromium (issue 17): the advisor plans next year's spring and autumn rounds on "Årets optag"
(the usual dates prefilled, a wrong announcement date refused with the text kept) and sees the taskforce seasons'
slots; an organisation left on the spring round's waiting list is offered a place in the autumn round, confirms by
the mail's link without logging in, and the advisor sees it at the top of the autumn round's registrations.
axe at 1280 and 320 px on every page visited."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisory.intake import services
from advisory.intake.models import IntakeRound, Registration
from advisory.programmes import services as programme_services
from advisory.requests import services as request_services
from tests import factories
from tests.browser.conftest import AxeChecker, checked, checked_narrow, login

pytestmark = [pytest.mark.browser]


def test_the_advisor_plans_the_year_and_the_waiting_list_gets_the_next_round_first(
    page: Page, axe: AxeChecker, transactional_db: None, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    programme_services.templates_load_builtin()
    request_services.seasons_ensure()
    year = timezone.localdate().year + 1
    advisor = factories.make_advisor()

    login(page, advisor.email, factories.PASSWORD)
    page.goto(reverse("intake:round_list"))
    page.get_by_role("link", name="Årets optag").click()
    page.get_by_role("link", name=f"Årets optag {year}").click()
    checked_narrow(page, axe)
    expect(page.locator("[data-testid=year-rounds]")).to_contain_text("Endnu ikke planlagt.")
    expect(page.locator("[data-testid=year-seasons]")).to_contain_text(f"Forår {year}")  # the taskforce seasons

    page.get_by_role("link", name="Planlæg runden: Forår").click()
    checked_narrow(page, axe)
    expect(page.locator("#id_opens_on")).to_have_value(f"{year}-02-01")  # the usual dates
    expect(page.locator("#id_expected_start")).to_have_value(f"{year}-04-01")
    page.fill("#id_theme", "Bolig først")
    page.fill("#id_announce_from", f"{year}-02-15")  # after registration opens: refused, the text kept
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("senest den dag, tilmeldingen åbner")
    expect(page.locator("#id_theme")).to_have_value("Bolig først")
    page.fill("#id_announce_from", f"{year}-01-05")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    expect(page.locator("[data-testid=year-rounds]")).to_contain_text("Bolig først")

    page.get_by_role("link", name="Planlæg runden: Efterår").click()
    page.fill("#id_theme", "Støtte i egen bolig")
    page.get_by_role("button", name="Gem").click()
    checked_narrow(page, axe)
    expect(page.locator("[data-testid=year-rounds]")).to_contain_text("Støtte i egen bolig")
    spring = IntakeRound.objects.get(year=year, half="spring")
    autumn = IntakeRound.objects.get(year=year, half="autumn")

    # The spring round: two registrations, one left on the waiting list.
    def register(name: str, email: str, round_: IntakeRound) -> Registration:
        return services.registration_create(
            round_=round_,
            organisation=factories.MunicipalityFactory(name=name),
            coordinator_name=f"Tovholder {name}",
            coordinator_email=email,
            motivation="Vi vil i gang.",
            development_point="Fast boligmøde",
            expected_participants=4,
            today=round_.opens_on,
        )

    waiting = register("Vejle", "tovholder@vejle.dk", spring)
    services.registrations_waitlist(by=advisor, round_=spring, ids=[waiting.pk])
    register("Odense", "tovholder@odense.dk", autumn)
    mail.outbox.clear()

    page.goto(reverse("intake:round_detail", args=[spring.pk]))
    checked(page, axe)
    page.get_by_role("button", name="Tilbyd plads i næste runde").click()
    checked_narrow(page, axe)
    expect(page.locator(".messages")).to_contain_text("1 organisation(er) på ventelisten")
    expect(page.locator("[data-testid=offers]")).to_contain_text("Vejle")
    assert [m.to for m in mail.outbox] == [["tovholder@vejle.dk"]]
    link = re.search(r"https?://\S+/tilmelding/venteliste/\S+/", mail.outbox[0].body)
    assert link is not None
    page.get_by_role("button", name="Log ud").click()

    # The coordinator confirms by the link, without logging in.
    page.goto(urlsplit(link.group(0)).path)
    checked_narrow(page, axe)
    expect(page.locator("main")).to_contain_text("Støtte i egen bolig")
    page.get_by_role("button", name="Bekræft pladsen").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("er bekræftet")

    # The advisor sees it at the top of the autumn round's registrations.
    login(page, advisor.email, factories.PASSWORD)
    page.goto(reverse("intake:round_detail", args=[autumn.pk]))
    checked_narrow(page, axe)
    first_row = page.locator("table").first.locator("tbody tr").first
    expect(first_row).to_contain_text("Vejle")
    expect(first_row).to_contain_text("Fra ventelisten")
