"""How individual and taskforce programmes start, in Chromium, axe on every page visited:
(a) interest expressed, one declined with a reason, one accepted → the individual programme;
(b) a shelter's taskforce request refused, three municipalities request, two get a slot in spring 2027 and the
third goes on the waiting list, one is started → the taskforce programme."""

from __future__ import annotations

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.accounts.models import User
from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Programme
from advisory.requests.models import ExpressionOfInterest, RequestStatus, Season, TaskforceRequest
from tests.browser.conftest import AxeChecker, at, checked, login, plan_row_menu

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
    expect(page.locator("main")).to_contain_text("Vi har modtaget interessetilkendegivelsen fra Herberget Sct. Nikolaj")

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
    individual_programme_to_completion(page, axe, interest.programme)


def _rate(page: Page, axe: AxeChecker, moment: str, scores: dict[str, str]) -> None:
    for prerequisite, score in scores.items():
        form = page.locator(f"form[action$='/vurderinger/{prerequisite}/{moment}/']")
        form.locator(f"input[name='{prerequisite}-{moment}-score'][value='{score}']").check()
        form.locator(f"#id_{prerequisite}-{moment}-justification").fill(f"Vurderet ud fra {moment}")
        form.get_by_role("button", name="Gem vurderingen").click()
        checked(page, axe)


def individual_programme_to_completion(page: Page, axe: AxeChecker, programme: Programme) -> None:
    """Forberede (mapping, recommendation, development point and goal, ratings, agreement signed), Forandre
    (a progress note), Forankre (anchoring plan, evaluation, ratings after), completed. The advisor is logged in."""
    pk = programme.pk
    # Forberede: the mapping of the three prerequisites.
    page.get_by_role("link", name="Afdækning, anbefalinger, udviklingspunkter og mål").click()
    checked(page, axe)
    for number in range(3):
        page.locator("section[aria-labelledby=mapping] a").nth(number).click()
        checked(page, axe)
        page.fill("#id_current_practice", f"Nuværende praksis {number + 1}")
        page.fill("#id_challenges", f"Udfordring {number + 1}")
        page.get_by_role("button", name="Gem").click()
        checked(page, axe)
    # A prioritised recommendation, made a development point with a goal.
    page.get_by_role("link", name="Tilføj en anbefaling").click()
    checked(page, axe)
    page.select_option("#id_prerequisite", "housing")
    page.fill("#id_text", "Faste boligmøder med boligselskaberne")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.get_by_role("link", name="Gør til udviklingspunkt ud fra anbefaling 1").click()
    checked(page, axe)
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.fill("#id_text", "Alle i målgruppen får et boligtilbud inden for tre måneder")
    page.fill("#id_due_on", (programme.activities.get(key="closing_meeting").starts_on).isoformat())
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    # Ratings at the start.
    page.goto(reverse("development:ratings", args=[pk]))
    checked(page, axe)
    _rate(page, axe, "before", {"housing": "2", "support": "3", "organisation": "2"})
    # The collaboration agreement, produced from the records, is signed: the 18 months start.
    page.goto(reverse("development:agreement", args=[pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Alle i målgruppen får et boligtilbud inden for tre måneder")
    page.get_by_role("link", name="Registrér underskrift").click()
    checked(page, axe)
    signed_on = programme.activities.get(key="agreement_signed").starts_on
    page.fill("#id_signed_on", signed_on.isoformat())
    page.fill("#id_signed_by_organisation", "Anne Holm, direktør")
    page.fill("#id_signed_by_agency", "Rikke Rådgiver")
    page.get_by_role("button", name="Fortsæt").click()
    checked(page, axe)
    page.get_by_role("button", name="Bekræft underskriften").click()
    checked(page, axe)
    expect(page.locator("#agreement-status")).to_contain_text("Underskrevet")
    page.get_by_role("button", name="Log ud").click()
    dates = {a.key: a.starts_on for a in programme.activities.all()}

    # Forandre: the coordinator writes a progress note against the goal after the support meeting.
    with at(dates["support_meeting-1"] + datetime.timedelta(days=1)):
        login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
        page.goto(reverse("development:programme", args=[pk]))
        checked(page, axe)
        page.get_by_role("link", name="Skriv et fremdriftsnotat om mål 1").click()
        checked(page, axe)
        page.fill("#id_text", "Første boligmøde er holdt; fire borgere har fået tilbud")
        page.get_by_role("button", name="Gem").click()
        checked(page, axe)
        page.goto(reverse("programmes:activity", args=[pk, "closing_meeting"]))
        checked(page, axe)
        page.select_option("#id_membership", label="Thomas Tovholder – Aarhus (tovholder)")
        page.get_by_role("button", name="Book", exact=True).click()
        checked(page, axe)
        page.get_by_role("button", name="Log ud").click()

    # Forankre: the anchoring plan and the evaluation after the closing meeting; the ratings at the end; completed.
    with at(dates["closing_meeting"] + datetime.timedelta(days=1)):
        login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
        page.goto(reverse("development:anchoring", args=[pk]))
        checked(page, axe)
        page.fill("#id_what_continues", "De faste boligmøder fortsætter hver måned")
        page.fill("#id_responsible", "Styregruppen")
        page.get_by_role("button", name="Gem planen").click()
        checked(page, axe)
        page.goto(reverse("programmes:activity", args=[pk, "closing_meeting"]))
        checked(page, axe)
        page.get_by_role("link", name="Besvar evalueringen").click()
        checked(page, axe)
        page.get_by_role("group", name="Jeg fik relevant sparring").get_by_label("5 – Helt enig").check()
        page.get_by_role("group", name="Mødet var brugbart").get_by_label("5 – Helt enig").check()
        page.get_by_role("button", name="Send svar").click()
        checked(page, axe)
        page.get_by_role("button", name="Log ud").click()

        login(page, "raadgiver@example.dk", DEMO_PASSWORD)
        page.goto(reverse("development:ratings", args=[pk]))
        checked(page, axe)
        _rate(page, axe, "after", {"housing": "4", "support": "4", "organisation": "3"})
        page.goto(reverse("programmes:detail", args=[pk]))
        checked(page, axe)
        chart = page.locator(f"#ratings-chart-{pk}")
        expect(chart.locator("rect[data-prerequisite='housing'][data-moment='before']")).to_have_attribute(
            "data-score", "2"
        )
        expect(chart.locator("rect[data-prerequisite='housing'][data-moment='after']")).to_have_attribute(
            "data-score", "4"
        )
        plan_row_menu(page, "Markér som udført Afslutning og evaluering").get_by_role(
            "button", name="Markér som udført Afslutning og evaluering", exact=True
        ).click()
        checked(page, axe)
        page.get_by_role("link", name="Afslut forløbet").click()
        checked(page, axe)
        page.get_by_label("Jeg bekræfter, at forløbet er afsluttet").check()
        page.get_by_role("button", name="Afslut forløbet").click()
        checked(page, axe)
        expect(page.get_by_test_id("status")).to_have_text("Afsluttet")
    programme.refresh_from_db()
    assert programme.status == "completed"
    assert_audited(
        {
            "practicemapping": "raadgiver@example.dk",
            "recommendation": "raadgiver@example.dk",
            "developmentpoint": "raadgiver@example.dk",
            "goal": "raadgiver@example.dk",
            "prerequisiterating": "raadgiver@example.dk",
            "collaborationagreement": "raadgiver@example.dk",
            "progressnote": "tovholder.aarhus@example.dk",
            "anchoringplan": "tovholder.aarhus@example.dk",
            "programme": "raadgiver@example.dk",
        }
    )


def assert_audited(changes: dict[str, str]) -> None:
    """Every kind of record changed in the browser is in the audit log with the person who changed it."""
    for model, email in changes.items():
        entries = LogEntry.objects.filter(content_type__model=model, actor__email=email)
        assert entries.exists(), f"no audit log entry for {model} by {email}"


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
    page.get_by_role("button", name="Log ud").click()
    taskforce_programme_to_completion(page, axe, request.programme)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def taskforce_programme_to_completion(page: Page, axe: AxeChecker, programme: Programme) -> None:
    """Forberedelse (teams, agreement with data collection), Analyse (data, report, recommendations, development
    point, presentation to the committee), Udvikling (plan, learning activity, status meetings), Forankring
    (continuation plan, effects presented, ratings), completed; by the taskforce member and the advisor."""
    pk = programme.pk
    municipality = programme.organisations.get()
    # Ankestyrelsen's taskforce member, staffed on the programme, registers the teams and the agreement.
    login(page, "taskforce@example.dk", DEMO_PASSWORD)
    page.goto(reverse("taskforce:overview", args=[pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Styregruppe: ikke registreret endnu.")
    page.get_by_role("button", name="Log ud").click()
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    for email, function in (("team@vejle.dk", "implementation_team"), ("styregruppe@vejle.dk", "steering_group")):
        page.goto(reverse("organisations:membership_add", args=[municipality.pk]))
        checked(page, axe)
        page.fill("#id_email", email)
        page.fill("#id_first_name", "Vejle")
        page.fill("#id_last_name", function.replace("_", " ").title())
        page.select_option("#id_function", function)
        page.locator("main form button[type=submit]").first.click()
        checked(page, axe)
    page.goto(reverse("taskforce:overview", args=[pk]))
    checked(page, axe)
    expect(page.locator("main")).not_to_contain_text("ikke registreret endnu")
    page.goto(reverse("development:agreement_edit", args=[pk]))
    checked(page, axe)
    page.fill("#id_data_collection", "Kommunen udleverer sagsakter for 20 borgere; Ankestyrelsen gennemgår dem.")
    page.locator("main form button[type=submit]").first.click()
    checked(page, axe)
    page.get_by_role("link", name="Registrér underskrift").click()
    checked(page, axe)
    page.fill("#id_signed_on", programme.activities.get(key="collaboration_agreement").starts_on.isoformat())
    page.fill("#id_signed_by_organisation", "Social- og sundhedsdirektør")
    page.fill("#id_signed_by_agency", "Rikke Rådgiver")
    page.fill("#id_signed_by_appeals_agency", "Tina Taskforce")
    page.get_by_role("button", name="Fortsæt").click()
    checked(page, axe)
    page.get_by_role("button", name="Bekræft underskriften").click()
    checked(page, axe)
    expect(page.locator("#agreement-status")).to_contain_text("Underskrevet")

    # Analyse: data collection, the analysis report, recommendations under the four themes, a development point.
    page.goto(reverse("taskforce:data_items", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name="Registrér data, der skal indsamles").click()
    checked(page, axe)
    page.fill("#id_what", "Sagsakter for 20 borgere")
    page.fill("#id_source", "Socialafdelingen")
    page.fill("#id_due_on", programme.activities.get(key="analysis_report").starts_on.isoformat())
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.goto(reverse("documents:programme", args=[pk]) + "?activity=analysis_report")
    checked(page, axe)
    page.select_option("#id_kind", "analysis_report")
    page.fill("#id_title", "Analyserapport Vejle")
    page.set_input_files("#id_file", files=[{"name": "analyse.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Upload", exact=True).click()
    checked(page, axe)
    page.goto(reverse("development:programme", args=[pk]))
    checked(page, axe)
    for prerequisite, text in (("housing", "Boligsocial samarbejdsaftale"), ("case_handling", "Klare afgørelser")):
        page.get_by_role("link", name="Tilføj en anbefaling").click()
        checked(page, axe)
        page.select_option("#id_prerequisite", prerequisite)
        page.fill("#id_text", text)
        page.get_by_role("button", name="Gem").click()
        checked(page, axe)
    page.get_by_role("link", name="Gør til udviklingspunkt ud fra anbefaling 2").click()
    checked(page, axe)
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.fill("#id_text", "Afgørelserne i boligsager er begrundede og rettidige")
    page.fill("#id_due_on", programme.activities.get(key="closing_meeting").starts_on.isoformat())
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.goto(reverse("development:ratings", args=[pk]))
    checked(page, axe)
    _rate(page, axe, "before", {"housing": "2", "support": "2", "organisation": "3", "case_handling": "1"})
    page.goto(reverse("taskforce:presentations", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name="Registrér en præsentation").click()
    checked(page, axe)
    page.select_option("#id_kind", "analysis")
    page.fill("#id_presented_on", programme.activities.get(key="political_presentation_analysis").starts_on.isoformat())
    page.fill("#id_committee", "Social- og Sundhedsudvalget")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)

    # Udvikling: the development plan, a learning activity, status meetings with a follow-up item checked.
    page.goto(reverse("development:plan", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name="Tilføj en handling til Klare afgørelser").click()
    checked(page, axe)
    page.fill("#id_text", "Gennemgå ti afgørelser sammen med Ankestyrelsen")
    page.fill("#id_owner", "Teamleder i myndighed")
    page.fill("#id_deadline", programme.activities.get(key="status_meeting-1").starts_on.isoformat())
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.goto(reverse("taskforce:learning_activities", args=[pk]))
    checked(page, axe)
    page.get_by_role("link", name="Registrér en læringsaktivitet").click()
    checked(page, axe)
    page.fill("#id_title", "Temadag om afgørelser")
    page.fill("#id_held_on", programme.activities.get(key="kickoff_workshop").starts_on.isoformat())
    page.fill("#id_offered_by", "Ankestyrelsen")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.goto(reverse("taskforce:status_meeting", args=[pk, "status_meeting-1"]))
    checked(page, axe)
    page.fill("#id_decision-text", "Ugentlig gennemgang af nye afgørelser")
    page.fill("#id_decision-follow_up", "Skabelon til begrundelser")
    page.fill("#id_decision-owner", "Teamleder i myndighed")
    page.get_by_role("button", name="Registrér beslutning").click()
    checked(page, axe)
    page.goto(reverse("taskforce:status_meeting", args=[pk, "status_meeting-2"]))
    checked(page, axe)
    page.get_by_role("button", name=re.compile("^Markér som udført")).click()
    checked(page, axe)

    # Forankring: the plan for continued development, the effects presented, the ratings at the end, completed.
    page.goto(reverse("development:anchoring", args=[pk]))
    checked(page, axe)
    page.fill("#id_what_continues", "Den ugentlige gennemgang af afgørelser fortsætter")
    page.fill("#id_responsible", "Styregruppen")
    page.get_by_role("button", name="Gem planen").click()
    checked(page, axe)
    page.goto(reverse("taskforce:presentations", args=[pk]))
    page.get_by_role("link", name="Registrér en præsentation").click()
    checked(page, axe)
    page.select_option("#id_kind", "effects")
    page.fill("#id_presented_on", programme.activities.get(key="political_presentation_effects").starts_on.isoformat())
    page.fill("#id_committee", "Social- og Sundhedsudvalget")
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    page.goto(reverse("development:ratings", args=[pk]))
    checked(page, axe)
    _rate(page, axe, "after", {"housing": "3", "support": "3", "organisation": "4", "case_handling": "4"})
    page.goto(reverse("programmes:detail", args=[pk]))
    checked(page, axe)
    expect(
        page.locator(f"#ratings-chart-{pk} rect[data-prerequisite='case_handling'][data-moment='after']")
    ).to_have_attribute("data-score", "4")
    plan_row_menu(page, "Markér som udført Afsluttende møde").get_by_role(
        "button", name="Markér som udført Afsluttende møde", exact=True
    ).click()
    checked(page, axe)
    page.get_by_role("link", name="Afslut forløbet").click()
    checked(page, axe)
    page.get_by_label("Jeg bekræfter, at forløbet er afsluttet").check()
    page.get_by_role("button", name="Afslut forløbet").click()
    checked(page, axe)
    expect(page.get_by_test_id("status")).to_have_text("Afsluttet")
    assert_audited(
        {
            "membership": "raadgiver@example.dk",
            "datacollectionitem": "raadgiver@example.dk",
            "document": "raadgiver@example.dk",
            "politicalpresentation": "raadgiver@example.dk",
            "developmentaction": "raadgiver@example.dk",
            "learningactivity": "raadgiver@example.dk",
            "statusdecision": "raadgiver@example.dk",
            "followupitem": "raadgiver@example.dk",
            "taskforcerequest": "raadgiver@example.dk",
        }
    )
