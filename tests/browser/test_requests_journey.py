"""How individual and taskforce programmes start, in Chromium, axe on every page visited:
(a) interest expressed, one declined with a reason, one accepted → the individual programme;
(b) a shelter's taskforce request refused, three municipalities request, two get a slot in spring 2027 and the
third goes on the waiting list, one is started → the taskforce programme."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.accounts.models import User
from advisory.core.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.requests.models import ExpressionOfInterest, RequestStatus, Season, TaskforceRequest
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def fill_contact(page: Page, name: str, email: str, needs: str) -> None:
    page.fill("#id_contact_name", name)
    page.fill("#id_contact_email", email)
    page.fill("#id_needs", needs)
    page.fill("#id_expectations", "Sparring fra rådgiverne og en plan for arbejdet.")


def test_interest_is_declined_with_a_reason_and_accepted_into_an_individual_programme(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()

    # A shelter expresses interest on the public form, without logging in.
    page.goto(reverse("requests:interest_create"))
    checked(page, axe)
    page.select_option("#id_organisation", label="Herberget Sct. Nikolaj")
    fill_contact(page, "Hanne Herberg", "hanne@herberget.dk", "Vi vil arbejde med Housing First på herberget.")
    page.get_by_role("button", name="Send interessetilkendegivelse").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Vi har modtaget Herberget Sct. Nikolaj' interessetilkendegivelse")

    # The coordinator of Aarhus expresses interest for their own municipality (chosen for them).
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.get_by_role("link", name="Henvendelser").click()
    checked(page, axe)
    page.get_by_role("link", name="Tilkendegiv interesse for et individuelt forløb").click()
    checked(page, axe)
    expect(page.locator("#id_organisation")).to_have_value(str(Organisation.objects.get(municipality_code="0751").pk))
    page.fill("#id_needs", "Vi har brug for hjælp til at skaffe boliger til borgere i hjemløshed.")
    page.fill("#id_expectations", "En kortlægning og anbefalinger.")
    page.get_by_role("button", name="Send interessetilkendegivelse").click()
    checked(page, axe)
    page.get_by_role("link", name="Se interessetilkendegivelsen").click()
    checked(page, axe)
    expect(page.get_by_test_id("status")).to_have_text("Ny")
    page.get_by_role("button", name="Log ud").click()

    # The advisor sees the queue, newest first, and declines the shelter's – first without a reason.
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.get_by_role("link", name="Henvendelser").click()
    checked(page, axe)
    expect(page.locator("h1")).to_have_text("Interessetilkendegivelser")
    page.select_option("#id_status", value="new")
    page.get_by_role("button", name="Filtrér").click()
    checked(page, axe)
    page.get_by_role("link", name="Herberget Sct. Nikolaj").click()
    checked(page, axe)
    page.fill("#id_accept-title", "Skal ikke gemmes")
    page.get_by_role("button", name="Afvis").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Skriv en begrundelse")
    expect(page.locator("#id_accept-title")).not_to_have_value("")
    page.fill("#id_decline-reason", "Vi har ikke kapacitet før efter sommer; søg gerne igen.")
    page.get_by_role("button", name="Afvis").click()
    checked(page, axe)
    expect(page.get_by_test_id("status")).to_have_text("Afvist")
    expect(page.locator("main")).to_contain_text("Vi har ikke kapacitet før efter sommer")

    # … and accepts Aarhus': the individual programme is created and the advisor lands on it.
    page.goto(reverse("requests:interest_list"))
    checked(page, axe)
    page.get_by_role("link", name="Aarhus").first.click()
    checked(page, axe)
    page.fill("#id_accept-start_date", "2027-02-01")
    page.fill("#id_accept-title", "Individuelt forløb: Aarhus")
    page.get_by_role("button", name="Imødekom og opret forløbet").click()
    checked(page, axe)
    expect(page.locator("h1")).to_have_text("Individuelt forløb: Aarhus")
    interest = ExpressionOfInterest.objects.get(organisation__municipality_code="0751")
    assert interest.programme is not None and interest.programme.kind == "individual"
    assert page.url.endswith(reverse("programmes:detail", args=[interest.programme.pk]))


def test_a_shelter_is_refused_a_full_season_has_a_waiting_list_and_a_taskforce_programme_starts(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()

    # A § 110 shelter cannot request a taskforce programme: the form comes back with the reason, input kept.
    page.goto(reverse("requests:request_create"))
    checked(page, axe)
    page.select_option("#id_organisation", label="Herberget Sct. Nikolaj")
    fill_contact(page, "Hanne Herberg", "hanne@herberget.dk", "Vi ønsker en analyse af vores indsats.")
    page.get_by_role("button", name="Send henvendelse").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Kun kommuner kan anmode om et taskforce-forløb")
    expect(page.locator("#id_needs")).to_have_value("Vi ønsker en analyse af vores indsats.")
    assert TaskforceRequest.objects.count() == 0

    # Three municipalities request one.
    for name in ("Vejle", "Horsens", "Skive"):
        page.goto(reverse("requests:request_create"))
        page.select_option("#id_organisation", label=name)
        fill_contact(
            page, f"Tovholder i {name}", f"tovholder@{name.lower()}.dk", f"{name} vil styrke hjemløseindsatsen."
        )
        page.get_by_role("button", name="Send henvendelse").click()
        checked(page, axe)
        expect(page.locator("main")).to_contain_text("Henvendelsen er modtaget")

    # The advisor creates the seasons and allocates two to spring 2027; the third goes on the waiting list.
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("requests:taskforce_list"))
    checked(page, axe)
    page.get_by_role("button", name="Opret sæsonerne for de næste tre år").click()
    checked(page, axe)
    Season.objects.get_or_create(year=2027, half="spring")
    for name in ("Vejle", "Horsens", "Skive"):
        page.goto(reverse("requests:taskforce_list"))
        page.get_by_role("link", name=name, exact=True).click()
        checked(page, axe)
        page.select_option("#id_allocate-season", label="Forår 2027")
        page.get_by_role("button", name="Tildel").click()
        checked(page, axe)
    expect(page.locator("main")).to_contain_text("Forår 2027 er fuld. Henvendelsen er nummer 1 på sæsonens venteliste.")
    statuses = dict(TaskforceRequest.objects.values_list("organisation__name", "status"))
    assert statuses == {"Vejle": "allocated", "Horsens": "allocated", "Skive": "waiting"}
    page.goto(reverse("requests:taskforce_list"))
    checked(page, axe)
    expect(page.get_by_test_id("seasons")).to_contain_text("1. Skive")
    page.get_by_role("link", name="Forår 2027").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("2 af 2 pladser er optaget")

    # Horsens withdraws: the slot is free, and Skive moves up from the waiting list (confirmed first).
    page.goto(reverse("requests:taskforce_list"))
    page.get_by_role("link", name="Horsens", exact=True).click()
    checked(page, axe)
    page.fill("#id_withdraw-reason", "Kommunen har valgt at vente et år.")
    page.get_by_role("button", name="Registrér tilbagetrækningen").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("den første på ventelisten kan rykke op")
    page.get_by_role("link", name="Ryk Skive op").click()
    checked(page, axe)
    page.get_by_role("button", name="Ja, ryk op").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Skive er rykket op og har fået en plads i Forår 2027.")
    assert TaskforceRequest.objects.get(organisation__name="Skive").status == RequestStatus.ALLOCATED

    # The advisor starts Vejle's programme, staffed with a taskforce member: the taskforce programme page.
    page.goto(reverse("requests:taskforce_list"))
    page.get_by_role("link", name="Vejle", exact=True).click()
    checked(page, axe)
    page.fill("#id_start-start_date", "2027-03-01")
    tina = User.objects.get(email="taskforce@example.dk")
    page.check(f"input[name='start-advisors'][value='{tina.pk}']")
    page.get_by_role("button", name="Start forløbet").click()
    checked(page, axe)
    expect(page.locator("h1")).to_have_text("Taskforce-forløb: Vejle")
    request = TaskforceRequest.objects.get(organisation__name="Vejle")
    assert request.status == RequestStatus.STARTED and request.programme.kind == "taskforce"
    assert set(request.programme.advisors.values_list("email", flat=True)) == {"raadgiver@example.dk", tina.email}
