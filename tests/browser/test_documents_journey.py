"""Presentations in Chromium: a wrong file first (message, fields kept), then a PDF, listed and downloaded; another
organisation of the group sees the shared one. axe on every page visited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.demo.demo import DEMO_PASSWORD, demo_data_load
from advisory.documents.models import Document
from advisory.documents.tests import files
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Programme
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def test_a_coordinator_uploads_a_presentation_and_the_group_sees_it(
    page: Page, axe: AxeChecker, transactional_db: None, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    reference_data_load()
    demo_data_load()
    group = Programme.objects.get(kind="group")

    # From the meeting page, Aarhus' coordinator goes to upload a presentation for that meeting.
    login(page, "tovholder.aarhus@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    checked(page, axe)
    page.get_by_role("link", name="Upload præsentation").click()
    checked(page, axe)
    expect(page.locator("#id_activity")).to_have_value("reflection_meeting-1")

    # A program renamed to .pdf: refused by its content, the fields typed are kept.
    page.fill("#id_title", "Aarhus' erfaringer med boligmøder")
    page.set_input_files("#id_file", {"name": "oplaeg.pdf", "mimeType": "application/pdf", "buffer": files.EXE_BYTES})
    page.get_by_role("button", name="Upload", exact=True).click()
    checked(page, axe)
    expect(page.locator("[data-error-summary]")).to_contain_text("Filen er ikke en PDF-, PowerPoint- eller Word-fil")
    expect(page.locator("#id_title")).to_have_value("Aarhus' erfaringer med boligmøder")
    expect(page.locator("#id_activity")).to_have_value("reflection_meeting-1")
    assert not Document.objects.exists()

    # The real PDF.
    page.set_input_files(
        "#id_file", {"name": "Oplæg Aarhus.pdf", "mimeType": "application/pdf", "buffer": files.PDF_BYTES}
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Aarhus' erfaringer med boligmøder")
    document = Document.objects.get()
    assert (document.activity.key, document.organisation.municipality_code) == ("reflection_meeting-1", "0751")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Aarhus' erfaringer med boligmøder", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "Oplæg Aarhus.pdf"
    assert Path(download.path()).read_bytes() == files.PDF_BYTES

    # The delete page asks first; cancelled.
    page.get_by_role("link", name="Slet Aarhus' erfaringer med boligmøder").click()
    checked(page, axe)
    page.get_by_role("link", name="Annullér").click()
    checked(page, axe)
    assert Document.objects.exists()
    page.get_by_role("button", name="Log ud").click()

    # Odense's coordinator sees the shared presentation on the meeting page and the documents page.
    login(page, "tovholder.odense@example.dk", DEMO_PASSWORD)
    page.goto(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Aarhus' erfaringer med boligmøder")
    page.goto(reverse("documents:programme", args=[group.pk]))
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Aarhus' erfaringer med boligmøder")
    expect(page.get_by_role("link", name="Slet Aarhus' erfaringer med boligmøder")).to_have_count(0)
