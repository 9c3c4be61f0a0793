"""A group programme from intake to follow-up in Chromium, as its users run it (issue 4).

The advisor opens a round; four coordinators register (a late one is refused); the advisor forms the group
and sends the written acceptance; the plan appears; the coordinator books people, logs three trial actions
and uploads a presentation (a wrong file first); a participant answers the evaluation; the success criteria
turn met; the closing meeting and the follow-up call are done and the programme is completed. The clock is
moved with time-machine between the stages (the live server runs in this process, so it moves too). Axe
checks every page visited.
"""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from advisory.accounts.models import User
from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.documents.models import Document
from advisory.evaluations.models import EvaluationReceipt
from advisory.intake.models import IntakeRound, Registration
from advisory.organisations.models import MembershipFunction, Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import MeetingParticipant, Programme, ProgrammeStatus, TrialAction
from tests import factories
from tests.browser.conftest import AxeChecker, at, checked, checked_narrow, login, plan_row_menu, settled
from tests.browser.test_intake_journey import register

pytestmark = [pytest.mark.browser]

CODES = ["0751", "0461", "0101", "0851"]  # Aarhus, Odense, København, Aalborg
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def logout(page: Page) -> None:
    page.get_by_role("button", name="Log ud").click()
    settled(page)


def test_a_group_programme_from_intake_to_follow_up(
    page: Page, axe: AxeChecker, transactional_db: None, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # One participant answers the evaluation below; "relevant sparring" is judged from one answer here (the
    # minimum of 3 and its "for få svar" are tested in advisory/evaluations/tests/test_charts.py).
    settings.EVALUATION_SPARRING_MIN_ANSWERS = 1
    settings.MEDIA_ROOT = tmp_path
    reference_data_load()
    demo_data_load()
    today = timezone.localdate()
    aarhus = Organisation.objects.get(municipality_code="0751")
    team = [
        factories.member_of(aarhus, function=MembershipFunction.IMPLEMENTATION_TEAM),
        factories.member_of(aarhus, function=MembershipFunction.IMPLEMENTATION_TEAM),
    ]
    leader = factories.member_of(aarhus, function=MembershipFunction.LEADERSHIP_GROUP)
    team[0].set_password(DEMO_PASSWORD)
    team[0].save()

    # --- Intake: the advisor opens a round -------------------------------------------------------------
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("intake:round_list"))
    checked(page, axe)
    page.get_by_role("link", name="Opret en runde").click()
    checked(page, axe)
    page.fill("#id_season", "Forår 2027")
    page.fill("#id_theme", "Boligsociale indsatser")
    page.fill("#id_opens_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Gem").click()
    checked(page, axe)
    round_ = IntakeRound.objects.get(theme="Boligsociale indsatser")
    logout(page)

    # Four coordinators register; a fifth registration after the deadline is refused.
    for n, code in enumerate(CODES):
        register(page, axe, round_.pk, Organisation.objects.get(municipality_code=code), f"tovholder{n}@kommune.dk")
        checked(page, axe)
        expect(page.locator("main")).to_contain_text("Tilmeldingen er modtaget")
    with at(today + datetime.timedelta(days=15)):
        register(page, axe, round_.pk, Organisation.objects.get(municipality_code="0561"), "sen@kommune.dk")
        checked(page, axe)
        expect(page.locator("[data-error-summary]")).to_contain_text("lukket")
        expect(page.locator("#id_development_point")).to_have_value("Fast boligmøde med boligselskaberne")
    assert Registration.objects.filter(round=round_).count() == 4

    # The advisor forms the group and sends the written acceptance: the plan appears.
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto(reverse("intake:round_detail", args=[round_.pk]))
    checked(page, axe)
    for index in range(4):
        page.check(f"#id_registrations_{index}")
    page.fill("#id_acceptance_date", today.isoformat())
    page.get_by_role("button", name="Dan gruppen").click()
    checked(page, axe)
    expect(page.locator("table").first).to_contain_text("Opstartsmøde")
    group = Programme.objects.get(title__contains="Forår 2027")
    assert group.organisations.count() == 4
    page.goto(reverse("programmes:detail", args=[group.pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Fælles refleksionsmøde")
    # Seed 003's three phases with their focus (the follow-up call belongs to Forankre), and full-day meetings.
    phases = page.get_by_test_id("phases")
    expect(phases.locator("dt")).to_have_count(3)
    for title in ("Forberede", "Forandre", "Forankre"):
        expect(phases).to_contain_text(title)
    expect(phases).to_contain_text("Særligt fokus på forankring af justerede arbejdsgange")
    expect(page.locator("#activity-kickoff")).to_contain_text("hel dag 09:30–15:00")
    # The advisor books Odense's team for every joint meeting in one save (issue 15): 8 actions for 4 people and
    # the 4 joint meetings (one select-and-click per person and meeting on the meeting pages: 16 of them, 32 actions).
    odense = Organisation.objects.get(municipality_code="0461")
    odense_team = [
        factories.member_of(odense, function=MembershipFunction.LEADERSHIP_GROUP),
        factories.member_of(odense, function=MembershipFunction.COORDINATOR),  # the tovholder, wanted at reflection
        factories.member_of(odense),
        factories.member_of(odense),
    ]
    page.get_by_role("link", name="Book et hold til de fælles møder").click()
    checked_narrow(page, axe)
    page.select_option("#id_organisation", label="Odense")
    page.get_by_role("button", name="Vis").click()
    checked(page, axe)
    expect(page.get_by_test_id("team-warnings")).to_contain_text("Odense har 0 booket til fælles refleksionsmøde")
    for person in odense_team:
        page.get_by_label(f"{person}: alle fælles møder").check()
        settled(page)  # the row is ticked and the warnings follow (htmx)
        expect(page.locator(f"#book-closing_meeting-{person.pk}")).to_be_checked()
    expect(page.get_by_test_id("team-warnings")).to_contain_text("Bookingerne overholder skabelonens regler")
    checked(page, axe)  # after the htmx swaps too
    page.get_by_role("button", name="Gem bookinger").click()
    checked_narrow(page, axe)
    expect(page.locator("main")).to_contain_text("Odense: 16 booket (inviteret), 0 bookinger aflyst.")
    assert MeetingParticipant.objects.filter(organisation=odense).count() == 4 * 4
    # Each organisation has its own calls (issue 14), each on its own day or time; the advisor offers a time for
    # the expectations calls, which one organisation's coordinator may book for their own call.
    aarhus_call = group.activities.get(template_key="expectations_call", organisation=aarhus)
    odense_call = group.activities.get(template_key="expectations_call", organisation=odense)
    calls = group.activities.filter(template_key="expectations_call")
    assert calls.count() == 4 and len({(c.starts_on, c.start_time) for c in calls}) == 4
    page.goto(reverse("programmes:detail", args=[group.pk]))
    expect(page.locator(f"#activity-{odense_call.key}")).to_contain_text("Odense")  # the plan names whose call
    page.goto(reverse("programmes:activity", args=[group.pk, aarhus_call.key]))
    checked(page, axe)
    page.fill("#id_slot-starts_on", aarhus_call.starts_on.isoformat())
    page.fill("#id_slot-start_time", "13:30")
    page.get_by_role("button", name="Tilbyd tidspunktet").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Tidspunktet er tilbudt organisationerne.")
    logout(page)
    dates = {a.key: a.starts_on for a in group.activities.all()}

    # --- The coordinator: what is expected, bookings, trial actions --------------------------------------
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:detail", args=[group.pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Det forventes af jer")
    expect(page.locator("main")).to_contain_text("Ansvarlig for den lokale fremdrift")
    for key in ("kickoff", "reflection_meeting-1", "reflection_meeting-2", "closing_meeting"):
        page.goto(reverse("programmes:activity", args=[group.pk, key]))
        checked(page, axe)
        people = [leader, *team] if key in ("kickoff", "closing_meeting") else team
        for person in [*people]:
            page.select_option(
                "#id_membership", label=f"{person} – Aarhus ({person.memberships.get().get_function_display().lower()})"
            )
            page.get_by_role("button", name="Book", exact=True).click()
            checked(page, axe)
        if key.startswith("reflection"):
            expect(page.locator("main")).to_contain_text("Aarhus har 2 booket")  # fewer than 3: warned
            page.select_option("#id_membership", label="Thomas Tovholder – Aarhus (tovholder)")
            page.get_by_role("button", name="Book", exact=True).click()
            checked(page, axe)
    assert MeetingParticipant.objects.filter(organisation=aarhus).count() == 3 + 3 + 3 + 3
    # Aarhus's own calls only: the coordinator books the offered time for Aarhus's expectations call.
    page.goto(reverse("programmes:detail", args=[group.pk]))
    expect(page.locator(f"#activity-{aarhus_call.key}")).to_be_visible()
    expect(page.locator(f"#activity-{odense_call.key}")).to_have_count(0)
    page.goto(reverse("programmes:activity", args=[group.pk, aarhus_call.key]))
    checked(page, axe)
    page.get_by_role("button", name="Book dette tidspunkt").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Samtalen er booket")
    aarhus_call.refresh_from_db()
    assert (aarhus_call.start_time, aarhus_call.pinned) == (datetime.time(13, 30), True)

    page.goto(reverse("programmes:trial_actions", args=[group.pk]))
    checked(page, axe)
    for n in range(3):
        page.get_by_role("link", name="Registrér en prøvehandling").click()
        checked(page, axe)
        page.fill("#id_development_point", f"Boligmøder, runde {n + 1}")
        page.fill("#id_plan", "Ugentligt møde med boligselskabet")
        page.fill("#id_starts_on", (dates["kickoff"] + datetime.timedelta(days=7 + 14 * n)).isoformat())
        page.fill("#id_ends_on", (dates["kickoff"] + datetime.timedelta(days=20 + 14 * n)).isoformat())
        page.select_option("#id_status", "completed")
        if n == 0:  # bad input first: the period ends before it starts; everything typed is kept
            page.fill("#id_ends_on", dates["kickoff"].isoformat())
            page.get_by_role("button", name="Gem").click()
            checked(page, axe)
            expect(page.locator("[data-error-summary]")).to_contain_text("Perioden skal slutte")
            expect(page.locator("#id_plan")).to_have_value("Ugentligt møde med boligselskabet")
            page.fill("#id_ends_on", (dates["kickoff"] + datetime.timedelta(days=20)).isoformat())
        page.get_by_role("button", name="Gem").click()
        checked(page, axe)
    assert TrialAction.objects.filter(organisation=aarhus, status="completed").count() == 3
    logout(page)

    # --- Before the first reflection meeting: the presentation (a renamed text file is refused first) ---
    with at(dates["reflection_meeting-1"] - datetime.timedelta(days=3)):
        login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
        page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
        checked(page, axe)
        page.get_by_role("link", name="Upload præsentation").click()
        checked(page, axe)
        page.fill("#id_title", "Erfaringer med boligmøder")
        page.set_input_files(
            "#id_file", files=[{"name": "slides.pdf", "mimeType": "application/pdf", "buffer": b"hej"}]
        )
        page.get_by_role("button", name="Upload", exact=True).click()
        checked(page, axe)
        expect(page.locator("[data-error-summary]")).to_be_visible()
        expect(page.locator("#id_title")).to_have_value("Erfaringer med boligmøder")
        page.set_input_files("#id_file", files=[{"name": "slides.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        page.get_by_role("button", name="Upload", exact=True).click()
        checked(page, axe)
        expect(page.locator("main")).to_contain_text("Erfaringer med boligmøder")
        document = Document.objects.get()
        assert document.activity.key == "reflection_meeting-1" and document.organisation == aarhus
        logout(page)

    # --- After the meeting: a participant answers the evaluation; the criteria turn met ----------------
    with at(dates["reflection_meeting-1"] + datetime.timedelta(days=1)):
        login(page, team[0].email, DEMO_PASSWORD)
        page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
        checked(page, axe)
        page.get_by_role("link", name="Besvar evalueringen").click()
        checked(page, axe)
        page.get_by_role("button", name="Send svar").click()  # nothing chosen: a Danish message
        checked(page, axe)
        expect(page.locator("[data-error-summary]")).to_contain_text("Vælg et svar fra 1 til 5.")
        page.get_by_role("group", name="Jeg fik relevant sparring").get_by_label("5 – Helt enig").check()
        page.get_by_role("group", name="Mødet var brugbart").get_by_label("4", exact=True).check()
        page.get_by_role("button", name="Send svar").click()
        checked(page, axe)
        expect(page.locator("h1")).to_contain_text("Tak for dit svar")
        assert EvaluationReceipt.objects.filter(user=team[0]).exists()
        logout(page)

        login(page, "raadgiver@example.dk", DEMO_PASSWORD)
        page.goto(reverse("evaluations:results", args=[group.pk]))
        checked(page, axe)
        page.goto(reverse("programmes:criteria", args=[group.pk]))
        checked(page, axe)
        table = page.get_by_test_id("criteria-overview")
        names = sorted(Organisation.objects.filter(municipality_code__in=CODES).values_list("name", flat=True))
        aarhus_column = names.index(aarhus.name) + 3  # the activity, its date, then the organisations by name
        own_preparation = group.activities.get(template_key="reflection_preparation", occurrence=1, organisation=aarhus)
        for key in (own_preparation.key, "reflection_meeting-1"):  # Aarhus's own preparation, the joint meeting
            url = reverse("programmes:activity", args=[group.pk, key])
            row = table.locator("tr", has=page.locator(f'a[href="{url}#criteria"]')).first
            expect(row.locator(f":nth-child({aarhus_column})")).to_contain_text("Opfyldt")

        # The trial-action period: the system shows the three trial actions. The kickoff's criterion only
        # people can judge: the advisor assesses it (bad input first, the comment kept), and the cell turns met.
        period = group.activities.get(key="trial_action_period-1")
        page.goto(reverse("programmes:activity", args=[group.pk, period.key]))
        checked(page, axe)
        evidence = page.locator("table", has_text="minimum 3 lokale prøvehandlinger")
        expect(evidence.locator("tr", has_text=aarhus.name)).to_contain_text("Opfyldt")
        period = group.activities.get(key="kickoff")
        page.goto(reverse("programmes:activity", args=[group.pk, period.key]))
        checked(page, axe)
        page.get_by_role("link", name=f"Vurder {aarhus.name}").click()
        checked(page, axe)
        page.fill("#id_comment", "Boligmøderne er blevet fast praksis")
        page.get_by_role("button", name="Gem vurdering").click()
        checked(page, axe)
        expect(page.locator("[data-error-summary]")).to_be_visible()
        expect(page.locator("#id_comment")).to_have_value("Boligmøderne er blevet fast praksis")
        page.get_by_label("Ja, det er opfyldt").check()
        page.get_by_role("button", name="Gem vurdering").click()
        checked(page, axe)
        expect(page.locator("main")).to_contain_text("Boligmøderne er blevet fast praksis")
        page.goto(reverse("programmes:criteria", args=[group.pk]))
        checked(page, axe)
        row = page.get_by_test_id("criteria-overview").locator(
            "tr", has=page.get_by_role("link", name=period.title, exact=True)
        )
        expect(row.first.locator(f":nth-child({aarhus_column})")).to_contain_text("Opfyldt")
        logout(page)

    # --- Closing, follow-up three months later, completed -----------------------------------------------
    last_call = max(a.starts_on for a in group.activities.filter(template_key="follow_up_call"))
    with at(last_call + datetime.timedelta(days=1)):
        login(page, "raadgiver@example.dk", DEMO_PASSWORD)
        page.goto(reverse("programmes:detail", args=[group.pk]))
        checked(page, axe)
        page.get_by_role("link", name="Afslut forløbet").click()
        checked(page, axe)
        expect(page.locator("main")).to_contain_text("Telefonisk opfølgning")  # must be done first
        # The closing meeting and every organisation's own follow-up call.
        for title in ("Afsluttende møde", *["Telefonisk opfølgning"] * group.organisations.count()):
            page.goto(reverse("programmes:detail", args=[group.pk]))
            action = f"Markér som udført {title}"
            plan_row_menu(page, action).get_by_role("button", name=action, exact=True).click()
            checked(page, axe)
        page.get_by_role("link", name="Afslut forløbet").click()
        checked(page, axe)
        page.get_by_role("button", name="Afslut forløbet").click()  # without the confirmation: refused
        checked(page, axe)
        expect(page.locator("[data-error-summary]")).to_contain_text("Sæt flueben for at bekræfte.")
        page.get_by_label("Jeg bekræfter, at forløbet er afsluttet").check()
        page.get_by_role("button", name="Afslut forløbet").click()
        checked(page, axe)
        expect(page.get_by_test_id("status")).to_have_text("Afsluttet")
        group.refresh_from_db()
        assert group.status == ProgrammeStatus.COMPLETED
    assert len(axe.checked) >= 40

    # Every change made in the browser is in the audit log, with who made it (issue 7).
    advisor = User.objects.get(email="raadgiver@example.dk")
    coordinator = User.objects.get(email="tovholder.aarhus@example.dk")
    entries = LogEntry.objects.all()
    created = LogEntry.Action.CREATE
    assert entries.filter(content_type__model="trialaction", action=created, actor=coordinator).count() == 3
    assert entries.filter(content_type__model="meetingparticipant", action=created, actor=coordinator).count() == 12
    assert entries.filter(content_type__model="document", action=created, actor=coordinator).exists()
    assert entries.filter(content_type__model="evaluationreceipt", action=created, actor=team[0]).exists()
    assert not entries.filter(content_type__model__in=["evaluationresponse", "evaluationanswer"]).exists()
    assert entries.filter(content_type__model="criterioncheck", actor=advisor).exists()
    completion = entries.filter(
        content_type__model="programme", object_pk=str(group.pk), action=LogEntry.Action.UPDATE, actor=advisor
    )
    assert any(entry.changes_dict.get("status") == ["running", "completed"] for entry in completion)
