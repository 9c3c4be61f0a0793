"""The year's figures in the browser (issue 16): the advisor reads how many trial actions were completed this year,
downloads the answer as XLSX and PDF, and a coordinator downloads the programme's plan; axe at 1280 and 320 px."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Programme, TrialAction, TrialActionStatus
from advisory.reports import figures
from tests.browser.conftest import AxeChecker, checked, checked_narrow, login

pytestmark = [pytest.mark.browser]


def test_the_advisor_reads_and_downloads_the_year_s_trial_actions(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    page.set_default_timeout(60_000)  # the PDFs take a few seconds on a busy machine
    reference_data_load()
    demo_data_load()
    today = timezone.localdate()
    group = Programme.objects.filter(kind="group").first()
    assert group is not None
    organisation = group.organisations.order_by("name").first()
    assert organisation is not None
    for n in range(3):
        TrialAction.objects.create(
            programme=group,
            organisation=organisation,
            development_point=f"Boligmøde {n}",
            plan="Ugentligt boligmøde",
            starts_on=datetime.date(today.year, 1, 2 + n),
            ends_on=datetime.date(today.year, 1, 20 + n),
            status=TrialActionStatus.COMPLETED,
        )
    expected = figures.year_figures(today.year, ("group", "individual", "taskforce")).trial_actions_completed
    assert expected >= 3

    login(page, "raadgiver@example.dk", DEMO_PASSWORD)
    page.goto("/overblik/statistik/")
    checked_narrow(page, axe)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tallene for {today.year}")
    cell = page.locator('#table-trial_actions tr[data-row="completed"] td')
    expect(cell).to_have_text(str(expected))
    expect(page.locator("#table-trial_actions tr", has_text="Gennemførte prøvehandlinger")).to_be_visible()

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name=f"Hent tallene for {today.year} (XLSX)").click()
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()), read_only=True)
    rows = {r[0]: r[1] for r in book["Prøvehandlinger"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rows["Gennemførte prøvehandlinger"] == expected

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=f"Hent tallene for {today.year} (PDF)").click()
    content = Path(pdf_download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert f"Gennemførte prøvehandlinger {expected}" in text

    # Another year through the form.
    page.get_by_label("År", exact=True).select_option(str(today.year - 1))
    page.get_by_role("button", name="Vis").click()
    checked(page, axe)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tallene for {today.year - 1}")

    # The programme page offers its plan as PDF and XLSX.
    page.goto(group.get_absolute_url())
    with page.expect_download() as plan_download:
        page.get_by_role("link", name="Hent plan som PDF").click()
    plan_text = " ".join(p.extract_text() for p in PdfReader(plan_download.value.path()).pages)
    assert group.title in " ".join(plan_text.split())
    with page.expect_download() as plan_xlsx:
        page.get_by_role("link", name="Hent plan som XLSX").click()
    assert load_workbook(io.BytesIO(Path(plan_xlsx.value.path()).read_bytes()), read_only=True)["Plan"].max_row > 3
