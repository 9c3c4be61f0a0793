"""The front door (issue 17), in Chromium with axe at 1280 and 320 px on every page visited: a person with no
account goes from ``/`` to a sent registration, expression of interest and taskforce request, reading on the way
what each offer is, who may take part, how it runs, that it is free, how to start and whom to call, and what is
stored for how long; an advisor edits an offer's text with a preview and keeps its contact people."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.intake.models import IntakeRound, Registration
from advisory.offers.models import ContactPerson, OfferText
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import ProgrammeTemplate
from advisory.requests import services as request_services
from advisory.requests.models import ExpressionOfInterest, TaskforceRequest
from tests.browser.conftest import AxeChecker, checked_narrow, login

pytestmark = [pytest.mark.browser]


def _world() -> None:
    reverse("offers:list")  # the URL configuration imported before the first page (slow on a busy machine)
    reference_data_load()
    demo_data_load()  # an open round (»Bostøtte efter CTI og ICM«) and the seeds' contact people
    request_services.seasons_ensure()  # as the scheduler's daily job does
    today = timezone.localdate()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    IntakeRound.objects.create(
        season="Næste runde",
        theme="Unge i hjemløshed",
        announce_from=today - datetime.timedelta(days=1),
        opens_on=today + datetime.timedelta(days=60),
        closes_on=today + datetime.timedelta(days=90),
        expected_start=today + datetime.timedelta(days=120),
        template_version=version,
    )
    IntakeRound.objects.create(
        season="Sidste år",
        theme="Housing First i praksis",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=370),
        template_version=version,
    )


def _contact(page: Page, name: str, email: str) -> None:
    page.fill("#id_contact_name", name)
    page.fill("#id_contact_email", email)
    page.fill("#id_needs", "Vi vil arbejde med Housing First i hele kommunen.")
    page.fill("#id_expectations", "Sparring og en plan for arbejdet.")


def test_a_visitor_without_an_account_goes_from_the_front_door_to_each_form(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    _world()

    # The front door: the three offers, free of charge, each with its way in, and a log-in button.
    page.goto("/")
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Rådgivningsforløb på hjemløshedsområdet")
    expect(page.get_by_role("link", name="Log ind")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 runde åben for tilmelding")

    # The group offer: what it is, who, how it runs (the timeline and its table), roles, free, rounds, contact.
    page.get_by_role("link", name="Læs mere – Gruppebaserede rådgivningsforløb").click()
    checked_narrow(page, axe)
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("Gruppebaserede rådgivningsforløb")
    for text in (
        "Kommuner og § 110-boformer",
        "Forberede",
        "Forandre",
        "Forankre",
        "Det er gratis at deltage",
        "Bostøtte efter CTI og ICM",
        "Unge i hjemløshed",
        "Tilmeldingen åbner den",
        "Forventet opstart",
        "Christina Skøtt-Christensen",
        "Temaer i tidligere runder",
        "Housing First i praksis",
    ):
        expect(main).to_contain_text(text)
    expect(page.get_by_role("img", name="Tidslinje for planen")).to_be_visible()
    expect(page.get_by_role("table", name="Faserne og omtrent hvor længe hver varer")).to_be_visible()

    # Into the open round's registration: the form says what is stored, why and for how long; then the receipt.
    page.get_by_role("link", name="Tilmeld – Bostøtte efter CTI og ICM").click()
    checked_narrow(page, axe)
    expect(main).to_contain_text("Hvad vi gemmer, hvorfor og hvor længe")
    page.select_option("#id_organisation", label="Vejle")
    page.fill("#id_coordinator_name", "Vera Vejle")
    page.fill("#id_coordinator_email", "vera@vejle.dk")
    page.fill("#id_motivation", "Vi vil styrke bostøtten i overgangen til egen bolig.")
    page.fill("#id_development_point", "Fast overlevering fra herberg til bostøtte")
    page.fill("#id_expected_participants", "4")
    page.get_by_role("button", name="Send tilmelding").click()
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Tilmeldingen er modtaget")
    expect(main).to_contain_text("Det sker der nu")
    assert Registration.objects.filter(organisation__name="Vejle", coordinator_email="vera@vejle.dk").exists()

    # The individual offer: any time of the year, straight into the expression of interest.
    page.goto("/")
    page.get_by_role("link", name="Læs mere – Individuelle rådgivningsforløb").click()
    checked_narrow(page, axe)
    expect(main).to_contain_text("hele året rundt")
    expect(main).to_contain_text("Christina Skøtt-Christensen")
    page.get_by_role("link", name="Tilkendegiv interesse", exact=True).click()
    checked_narrow(page, axe)
    expect(main).to_contain_text("slettes den 2 år efter afgørelsen")
    page.select_option("#id_organisation", label="Herberget Sct. Nikolaj")
    _contact(page, "Hanne Herberg", "hanne@herberget.dk")
    page.get_by_role("button", name="Send interessetilkendegivelse").click()
    checked_narrow(page, axe)
    expect(main).to_contain_text("kontakter Hanne Herberg senest")
    assert ExpressionOfInterest.objects.filter(contact_email="hanne@herberget.dk").exists()

    # The taskforce offer: municipalities only, the coming seasons with free places, the contact from seed 004.
    page.goto(reverse("offers:list"))
    checked_narrow(page, axe)
    page.get_by_role("link", name="Læs mere – Taskforce-forløb").click()
    checked_narrow(page, axe)
    expect(main).to_contain_text("Karina Amtkjær Schrøder")
    expect(main).to_contain_text("Specialkonsulent")
    expect(main).to_contain_text("2 ledige pladser")
    expect(main).to_contain_text("forplejning")
    page.locator("main").get_by_role("link", name="Anmod om et taskforce-forløb").click()
    checked_narrow(page, axe)
    page.select_option("#id_organisation", label="Horsens")
    _contact(page, "Henrik Horsens", "henrik@horsens.dk")
    page.get_by_role("button", name="Send henvendelse").click()
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Henvendelsen er modtaget")
    expect(main).to_contain_text("kontakter Henrik Horsens senest")
    assert TaskforceRequest.objects.filter(contact_email="henrik@horsens.dk").exists()

    # The log-in button leads to the log-in page; once logged in, / is the person's start page.
    page.goto("/")
    page.get_by_role("link", name="Log ind").click()
    expect(page).to_have_url(reverse("account_login"))
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto("/")
    expect(page.get_by_role("link", name="Læs mere – Taskforce-forløb")).to_have_count(0)
    expect(page.get_by_role("button", name="Log ud").first).to_be_attached()


def test_an_advisor_edits_an_offer_with_a_preview_and_keeps_its_contact_people(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    _world()
    page.goto(reverse("offers:detail", args=["taskforce"]))  # cached before the edit
    expect(page.locator("main")).not_to_contain_text("Vi har fire pladser")

    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("offers:detail", args=["taskforce"]))
    checked_narrow(page, axe)
    page.get_by_role("link", name="Redigér den danske tekst").click()
    checked_narrow(page, axe)
    page.fill("#id_summary", "Vi har fire pladser om året.")
    page.fill("#id_body", "Første afsnit.\n\nTo ting:\n- <b>analyse</b>\n- udvikling")
    page.get_by_role("button", name="Forhåndsvis").click()
    checked_narrow(page, axe)
    preview = page.get_by_role("region", name="Forhåndsvisning (ikke gemt endnu)")
    expect(preview.locator("li")).to_have_text(["<b>analyse</b>", "udvikling"])
    assert not OfferText.objects.exists()
    page.get_by_role("button", name="Gem").click()
    checked_narrow(page, axe)
    expect(page.locator("main")).to_contain_text("Vi har fire pladser om året.")

    page.get_by_role("link", name="Kontaktpersoner").click()
    checked_narrow(page, axe)
    page.fill("#id_name", "Rikke Rådgiver")
    page.fill("#id_title", "Specialkonsulent")
    page.fill("#id_position", "2")
    page.get_by_role("button", name="Tilføj").click()
    checked_narrow(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Angiv et telefonnummer eller en e-mailadresse")
    page.fill("#id_phone", "33 33 33 33")
    page.get_by_role("button", name="Tilføj").click()
    checked_narrow(page, axe)
    page.get_by_role("link", name="Rikke Rådgiver").click()
    checked_narrow(page, axe)
    page.fill("#id_email", "rikke@example.dk")
    page.get_by_role("button", name="Gem").click()
    checked_narrow(page, axe)
    assert ContactPerson.objects.get(name="Rikke Rådgiver").email == "rikke@example.dk"
    page.get_by_role("button", name="Log ud").first.click()

    # The visitor sees the new text and contact at once (the cached page followed the edits).
    page.goto(reverse("offers:detail", args=["taskforce"]))
    checked_narrow(page, axe)
    expect(page.locator("main")).to_contain_text("Vi har fire pladser om året.")
    expect(page.locator("main")).to_contain_text("Rikke Rådgiver")
    expect(page.get_by_role("link", name="33 33 33 33")).to_be_visible()
