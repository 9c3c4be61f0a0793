"""Programmes in Chromium (issue #3): an advisor creates a group programme (a bad value refused first), sees the
plan before saving, moves the kickoff with the reflow preview, marks an activity done and pins another; a
coordinator of one of the organisations sees the programme read-only and nothing of other organisations'.
axe checks WCAG 2.1 A/AA on every page and every htmx swap visited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, Response, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes import scheduling
from advisory.programmes.models import Activity, Programme, ProgrammeTemplate, TemplateVersion
from tests.browser.conftest import AxeChecker, checked, login, settled

pytestmark = [pytest.mark.browser]

TITLE = "Gruppeforløb efterår: Bostøtte"


def danish_date(day: datetime.date) -> str:
    """As the plan tables show a date ("D j. N Y" in Danish), e.g. "tor 11. feb. 2027"."""
    from django.utils import formats, translation

    with translation.override("da"):
        return formats.date_format(day, "D j. N Y")


def preview_posted(response: Response) -> bool:
    """The create form's htmx request for the plan preview (posted a moment after a value changes)."""
    request = response.request
    return (
        request.method == "POST"
        and request.headers.get("hx-request") == "true"
        and response.url.endswith(reverse("programmes:create"))
    )


def acceptance_with_a_warning_after_the_move(version: TemplateVersion, today: datetime.date) -> datetime.date:
    """A written acceptance in the last four weeks (so the programme is in its first phase today) whose kickoff,
    moved two weeks, breaks "about one month after acceptance". Near Christmas the days off between 24 December
    and 1 January can absorb most of the two weeks, so the test picks its dates with the engine."""
    template = version.engine_template()
    for days_back in range(29):
        acceptance = today - datetime.timedelta(days=days_back)
        plan = scheduling.generate_plan(template, {"acceptance": acceptance})
        kickoff = plan.by_key()["kickoff"].start
        if scheduling.reflow(template, plan, {"kickoff": kickoff + datetime.timedelta(days=14)}).violations:
            return acceptance
    raise AssertionError("no acceptance date in the last four weeks gives a warning")


def test_an_advisor_plans_moves_and_runs_a_group_programme_and_a_coordinator_reads_it(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    reference_data_load()
    demo_data_load()
    today = timezone.localdate()
    aarhus, odense, copenhagen = (Organisation.objects.get(municipality_code=c) for c in ("0751", "0461", "0101"))
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    acceptance = acceptance_with_a_warning_after_the_move(version, today)

    # --- the advisor opens Forløb and the create form ---------------------------------------------
    page.goto("/accounts/login/")
    checked(page, axe)  # the login page too: every page visited
    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    checked(page, axe)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Forløb").click()
    checked(page, axe)
    expect(page.locator("h1")).to_have_text("Forløb")
    expect(page.locator("#programme-results")).to_contain_text("Gruppeforløb forår: Boligsociale indsatser")
    page.get_by_role("link", name="Opret et forløb").click()
    checked(page, axe)

    # A bad value first: only two organisations for a group. Refused in Danish, the rest kept.
    page.select_option("#id_version", str(version.pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_theme", "Bostøtte efter CTI")
    page.select_option("#id_organisations", [str(aarhus.pk), str(odense.pk)])
    with page.expect_response(preview_posted):  # the form re-posts the preview on change (htmx)
        page.fill("#id_anchor_date", acceptance.isoformat())
    settled(page)
    page.get_by_role("button", name="Vis plan").click()
    checked(page, axe)
    message = "Denne type forløb har 3 til 6 organisationer; du valgte 2."
    expect(page.locator("[data-error-summary]")).to_contain_text(message)
    expect(page.locator("#id_organisations-error")).to_contain_text(message)
    expect(page.locator("#id_organisations")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_theme")).to_have_value("Bostøtte efter CTI")
    expect(page.locator("#id_anchor_date")).to_have_value(acceptance.isoformat())
    expect(page.locator("#id_version")).to_have_value(str(version.pk))
    expect(page.locator("#plan-preview table")).to_have_count(0)
    assert not Programme.objects.filter(title=TITLE).exists()

    # Corrected: three organisations; the preview shows the plan (picture and table) before anything is saved.
    with page.expect_response(preview_posted):
        page.select_option("#id_organisations", [str(aarhus.pk), str(odense.pk), str(copenhagen.pk)])
    settled(page)
    page.get_by_role("button", name="Vis plan").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    preview = page.locator("#plan-preview")
    expect(preview.get_by_role("heading", name="Forhåndsvisning af planen")).to_be_visible()
    expect(preview).to_contain_text("Planen overholder alle skabelonens regler.")
    expect(preview.locator("svg.timeline-svg")).to_be_visible()
    expect(preview.get_by_role("img", name="Tidslinje for planen")).to_be_visible()
    expect(preview.locator("svg .timeline-phase")).to_have_count(3)  # seed 003: Forberede, Forandre, Forankre
    expect(preview.locator("table tbody tr")).to_have_count(13)
    expect(preview.locator("table")).to_contain_text("Opstartsmøde")
    expect(preview.locator("table")).to_contain_text("Fælles refleksionsmøde 2")
    assert not Programme.objects.filter(title=TITLE).exists()

    # Changing a value re-posts the preview in place (htmx): three reflection meetings.
    page.fill("#id_count", "3")
    page.locator("#id_count").dispatch_event("change")
    expect(preview.locator("table")).to_contain_text("Fælles refleksionsmøde 3")
    settled(page)
    axe(page)
    page.fill("#id_count", "")
    page.locator("#id_count").dispatch_event("change")
    expect(preview.locator("table")).not_to_contain_text("Fælles refleksionsmøde 3")
    settled(page)

    page.get_by_role("button", name="Gem forløb").click()
    checked(page, axe)
    programme = Programme.objects.get(title=TITLE)
    assert page.url.endswith(reverse("programmes:detail", args=[programme.pk]))
    # Saved: the 7 shared rows of the preview and each organisation's own calls and preparations (6 for each of 3).
    assert programme.activities.filter(organisation__isnull=True).count() == 7
    assert programme.activities.count() == 7 + 6 * 3
    assert set(programme.organisations.all()) == {aarhus, odense, copenhagen}

    # --- the programme page: phase, plan table and timeline -------------------------------------------
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".messages")).to_contain_text(TITLE)
    expect(page.get_by_test_id("phase")).to_have_text("Forberede")
    expect(page.get_by_role("img", name="Tidslinje for planen")).to_be_visible()
    expect(page.locator("svg.timeline-svg .timeline-phase")).to_have_count(3)
    expect(page.locator("svg.timeline-svg .timeline-month-label").first).to_be_visible()
    expect(page.locator("svg.timeline-svg .timeline-today")).to_have_count(1)
    table = page.get_by_role("table", name="Aktiviteter i planen")
    expect(table.locator("tbody tr")).to_have_count(25)  # the advisor sees every organisation's own rows
    kickoff = Activity.objects.get(programme=programme, key="kickoff")
    kickoff_row = page.locator("#activity-kickoff")
    expect(kickoff_row).to_contain_text("Opstartsmøde")
    expect(kickoff_row).to_contain_text(danish_date(kickoff.starts_on))
    expect(page.locator(".alert-warning")).to_have_count(0)

    # --- move the kickoff two weeks: preview (old → new) and a warning, then confirm ----------------
    before = {a.key: a.starts_on for a in programme.activities.all()}
    new_kickoff = kickoff.starts_on + datetime.timedelta(days=14)
    expect(kickoff_row.locator("input[type=date]")).to_be_hidden()  # in the row's action menu, closed at first
    kickoff_row.locator("summary").focus()
    page.keyboard.press("Enter")  # the menu opens with the keyboard
    kickoff_row.locator("input[type=date]").fill(new_kickoff.isoformat())
    kickoff_row.get_by_role("button", name="Flyt Opstartsmøde").click()
    move_preview = page.locator("#move-preview")
    expect(move_preview.get_by_role("heading", name="Hvad ændrer sig, hvis »Opstartsmøde« flyttes")).to_be_visible()
    settled(page)
    axe(page)
    changes = move_preview.get_by_role("table", name="Gamle og nye datoer")
    kickoff_change = changes.get_by_role("row").filter(has=page.get_by_role("cell", name="Opstartsmøde", exact=True))
    expect(kickoff_change).to_contain_text(danish_date(kickoff.starts_on))
    expect(kickoff_change).to_contain_text(danish_date(new_kickoff))
    expect(changes).to_contain_text("Afsluttende møde")
    expect(move_preview.locator(".alert-warning")).to_contain_text("Efter flytningen bryder planen disse regler")
    expect(move_preview.locator(".alert-warning")).to_contain_text("Opstartsmøde ligger")
    assert Activity.objects.get(pk=kickoff.pk).starts_on == kickoff.starts_on  # nothing changes before confirming

    move_preview.get_by_role("button", name="Bekræft flytningen").click()
    checked(page, axe)
    expect(page.locator(".messages")).to_contain_text("Planen er opdateret.")
    after = {a.key: a for a in programme.activities.all()}
    assert after["kickoff"].starts_on == new_kickoff and after["kickoff"].pinned
    assert after["closing_meeting"].starts_on > before["closing_meeting"]
    call = programme.activities.filter(template_key="expectations_call").order_by("pk").first()
    assert call is not None  # each organisation's own expectations call moves with the kickoff (~14 days before)
    assert after[call.key].starts_on > before[call.key]
    expect(page.locator("#activity-kickoff")).to_contain_text(danish_date(new_kickoff))
    expect(page.locator("#activity-kickoff")).to_contain_text("Fastlåst")
    expect(page.locator(".alert-warning")).to_contain_text("Opstartsmøde ligger")

    # --- mark an activity done and pin another ----------------------------------------------------------
    page.locator(f"#activity-{call.key}").locator("summary").click()
    page.locator(f"#activity-{call.key}").get_by_role("button", name="Markér som udført").click()
    checked(page, axe)
    expect(page.locator(f"#activity-{call.key}")).to_contain_text("Udført")
    expect(page.locator(f"#activity-{call.key}").get_by_role("button", name="Flyt")).to_have_count(0)
    page.locator("#activity-reflection_meeting-1").locator("summary").click()
    page.locator("#activity-reflection_meeting-1").get_by_role("button", name="Fastlås dato").click()
    checked(page, axe)
    expect(page.locator("#activity-reflection_meeting-1")).to_contain_text("Fastlåst")
    expect(page.locator("#activity-reflection_meeting-1")).to_contain_text("Datoen er sat i hånden")
    page.locator("#activity-reflection_meeting-1").locator("summary").click()
    expect(page.locator("#activity-reflection_meeting-1").get_by_role("button", name="Frigør dato")).to_be_visible()
    after = {a.key: a for a in programme.activities.all()}
    assert after[call.key].done and not after[call.key].pinned
    assert after["reflection_meeting-1"].pinned and not after["reflection_meeting-1"].done

    page.get_by_role("button", name="Log ud").click()
    checked(page, axe)

    # --- a coordinator of Aarhus reads the programme, and nothing of other organisations ---------------
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    checked(page, axe)
    page.goto(reverse("programmes:list"))
    checked(page, axe)
    results = page.locator("#programme-results")
    expect(results).to_contain_text(TITLE)
    expect(results).not_to_contain_text("Taskforce: Aalborg Kommune")
    expect(page.get_by_role("link", name="Opret et forløb")).to_have_count(0)
    results.get_by_role("link", name=TITLE).click()
    checked(page, axe)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_role("table", name="Aktiviteter i planen").locator("tbody tr")).to_have_count(13)
    expect(page.locator("#activity-kickoff")).to_contain_text(danish_date(new_kickoff))
    main = page.locator("main")
    for name in ("Markér som udført", "Markér som ikke udført", "Fastlås dato", "Frigør dato", "Flyt"):
        expect(main.get_by_role("button", name=name)).to_have_count(0)
    expect(main.locator("input[type=date]")).to_have_count(0)
    expect(main.get_by_role("button", name="Flyt og se konsekvenserne")).to_have_count(0)

    taskforce = Programme.objects.get(title="Taskforce: Aalborg Kommune")
    for url in (
        reverse("programmes:detail", args=[taskforce.pk]),
        reverse("programmes:move", args=[programme.pk]) + f"?key=kickoff&date={new_kickoff.isoformat()}",
    ):
        response = page.goto(url)
        assert response is not None
        checked(page, axe)
        assert response.status == (404 if "flyt" not in url else 403), url
    assert Activity.objects.get(programme=programme, key="kickoff").starts_on == new_kickoff
    assert len(axe.checked) >= 15
