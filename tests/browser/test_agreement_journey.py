"""The collaboration agreement, the ratings before/after and the anchoring plan in Chromium, axe on every page.

An advisor opens an individual programme's agreement: while its development point has no goal, the page says the
agreement cannot be signed yet (seed 001: the agreement follows the goals); with a goal in the records, downloads it
as a Word document, records the signing (first without a date: a Danish message, the names kept),
sees the plan's new dates, rates a prerequisite before and after and sees both in the chart. The municipality's
coordinator reads the agreement and writes the anchoring plan.
"""

from __future__ import annotations

import datetime

import docx
import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from advisory.development.models import AnchoringPlan, CollaborationAgreement, DevelopmentPoint, Goal
from advisory.programmes import services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def _danish_date(value: datetime.date) -> str:
    with translation.override("da"):
        return formats.date_format(value, "j. F Y")


def test_an_advisor_signs_the_agreement_and_rates_and_the_coordinator_writes_the_anchoring_plan(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    services.templates_load_builtin()
    municipality = factories.MunicipalityFactory(name="Aarhus", municipality_code="0751")
    advisor = factories.AdvisorFactory(email="raadgiver.aftale@example.dk", first_name="Rikke")
    factories.coordinator_of(municipality, email="tovholder.aftale@example.dk", first_name="Thomas")
    start = timezone.localdate() - datetime.timedelta(days=30)
    programme = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="individual").current_version(),
        title="Individuelt forløb Aarhus",
        anchors={"start": start},
        organisations=[municipality],
        advisors=[advisor],
    )
    point = DevelopmentPoint.objects.create(
        programme=programme, prerequisite="housing", title="Fast boligmøde med boligselskaberne"
    )
    closing_before = programme.activities.get(key="closing_meeting").starts_on

    # No goal yet: the agreement cannot be signed, and the page says why before anyone tries.
    login(page, "raadgiver.aftale@example.dk", factories.PASSWORD)
    page.goto(reverse("development:agreement", args=[programme.pk]))
    checked(page, axe)
    expect(page.locator("#signing-blockers")).to_contain_text("Samarbejdsaftalen kan ikke underskrives endnu")
    expect(page.locator("#signing-blockers")).to_contain_text("Vælg først mindst ét udviklingspunkt")
    Goal.objects.create(
        development_point=point, text="Alle i målgruppen får et boligtilbud", due_on=start.replace(year=start.year + 1)
    )

    # The advisor reads the agreement produced from the records and downloads it.
    page.goto(reverse("development:agreement", args=[programme.pk]))
    checked(page, axe)
    expect(page.locator("#signing-blockers")).to_have_count(0)
    main = page.locator("main")
    expect(main).to_contain_text("Fast boligmøde med boligselskaberne")
    expect(main).to_contain_text("Alle i målgruppen får et boligtilbud")
    expect(main).to_contain_text("Social- og Boligstyrelsens rådgivningsfunktions rolle og opgaver")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent samarbejdsaftalen som dokument").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(download.path())
    assert "Fast boligmøde med boligselskaberne" in "\n".join(p.text for p in document.paragraphs)

    # Signing: first without a date (a Danish message, the names kept), then with one, confirmed.
    page.get_by_role("link", name="Registrér underskrift").click()
    checked(page, axe)
    page.fill("#id_signed_by_organisation", "Anne Holm, direktør")
    page.fill("#id_signed_by_agency", "Rikke Andreasen")
    page.get_by_role("button", name="Fortsæt").click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Angiv datoen, hvor samarbejdsaftalen blev underskrevet."
    )
    expect(page.locator("#id_signed_by_organisation")).to_have_value("Anne Holm, direktør")
    signed_on = start + datetime.timedelta(days=100)
    page.fill("#id_signed_on", signed_on.isoformat())
    page.get_by_role("button", name="Fortsæt").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Datoerne i planen, der flytter sig")
    page.get_by_role("button", name="Bekræft underskriften").click()
    checked(page, axe)
    agreement = CollaborationAgreement.objects.get(programme=programme)
    assert agreement.is_signed and agreement.signed_on == signed_on
    closing_after = programme.activities.get(key="closing_meeting").starts_on
    assert closing_after != closing_before
    expect(page.locator("#agreement-status")).to_contain_text("Underskrevet")
    expect(page.locator("#activity-closing_meeting")).to_contain_text(_danish_date(closing_after))
    expect(page.locator("#activity-agreement_signed")).to_contain_text(_danish_date(signed_on))
    expect(page.locator("#agreement-period")).to_contain_text(_danish_date(signed_on))

    # Ratings: housing before (2) and after (4); the chart shows both bars and the table the change.
    page.goto(reverse("development:ratings", args=[programme.pk]))
    checked(page, axe)
    for moment, score, text in (("before", "2", "Ingen fast praksis"), ("after", "4", "Faste boligmøder")):
        form = page.locator(f"form[action$='/vurderinger/housing/{moment}/']")
        form.locator(f"input[name='housing-{moment}-score'][value='{score}']").check()
        form.locator(f"#id_housing-{moment}-justification").fill(text)
        form.get_by_role("button", name="Gem vurderingen").click()
        checked(page, axe)
    chart = page.locator(f"#ratings-chart-{programme.pk}")
    expect(chart.locator("rect[data-prerequisite='housing'][data-moment='before']")).to_have_attribute(
        "data-score", "2"
    )
    expect(chart.locator("rect[data-prerequisite='housing'][data-moment='after']")).to_have_attribute("data-score", "4")
    expect(page.locator(f"#ratings-table-{programme.pk} tr[data-prerequisite='housing']")).to_contain_text("+2")
    page.get_by_role("button", name="Log ud").click()

    # The coordinator reads the agreement (no signing for them) and writes the anchoring plan.
    login(page, "tovholder.aftale@example.dk", factories.PASSWORD)
    page.goto(reverse("development:agreement", args=[programme.pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Fast boligmøde med boligselskaberne")
    expect(page.get_by_role("link", name="Genåbn samarbejdsaftalen")).to_have_count(0)
    page.goto(reverse("development:ratings", args=[programme.pk]))
    checked(page, axe)
    page.goto(reverse("development:anchoring", args=[programme.pk]))
    checked(page, axe)
    page.fill("#id_what_continues", "De ugentlige boligmøder fortsætter")
    page.fill("#id_responsible", "Styregruppen")
    page.fill("#id_next_review_on", (signed_on + datetime.timedelta(days=600)).isoformat())
    page.get_by_role("button", name="Gem planen").click()
    checked(page, axe)
    expect(page.locator("#anchoring-plan")).to_contain_text("De ugentlige boligmøder fortsætter")
    assert AnchoringPlan.objects.get(programme=programme).responsible == "Styregruppen"
    assert len(axe.checked) >= 12
