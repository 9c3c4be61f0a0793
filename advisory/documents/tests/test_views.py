"""The documents page (list, upload with the form kept on refusal), download headers and deleting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisory.documents import services
from advisory.documents.models import Document, DocumentKind
from advisory.documents.tests import files
from tests.helpers import danish, parse_html


def _page(programme) -> str:
    return reverse("documents:programme", args=[programme.pk])


def _form_data(**overrides):
    data = {"kind": "presentation", "title": "Vores erfaringer", "activity": "reflection_meeting-1"}
    data["shared_with_group"] = "on"
    data.update(overrides)
    return data


def test_the_page_shows_the_upload_form_and_an_empty_state(coordinator_client, group_programme, municipality):
    response = coordinator_client.get(_page(group_programme) + "?activity=reflection_meeting-1")
    assert response.status_code == 200
    page = response.content.decode()
    assert danish("No documents have been uploaded yet.") in page
    (form,) = [f for f in parse_html(page).find_all("form") if "/dokumenter/" in (f.get("action") or "")]
    assert form.get("enctype") == "multipart/form-data"
    document = parse_html(page)
    # Only the own organisation (preselected), the group's meetings (the one asked for preselected).
    organisation_options = document.by_id("id_organisation").find_all("option")
    assert [o.get("value") for o in organisation_options] == [str(municipality.pk)]
    meeting = [o for o in document.by_id("id_activity").find_all("option") if "selected" in o.attrs]
    assert [o.get("value") for o in meeting] == ["reflection_meeting-1"]
    assert document.by_id("id_file").get("accept") == ".pdf,.pptx,.ppt,.docx,.doc"


def test_a_wrong_file_comes_back_with_the_fields_kept(coordinator_client, group_programme, municipality):
    data = _form_data(organisation=municipality.pk, file=files.upload(files.EXE_BYTES, "oplaeg.pdf"))
    response = coordinator_client.post(_page(group_programme), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-error-summary" in page
    assert danish("The file is not a PDF, PowerPoint or Word file.") in page
    assert 'value="Vores erfaringer"' in page
    document = parse_html(page)
    selected = [o.get("value") for o in document.by_id("id_activity").find_all("option") if "selected" in o.attrs]
    assert selected == ["reflection_meeting-1"]
    assert document.by_id("id_file-error") is not None
    assert not Document.objects.exists()


def test_a_pdf_is_stored_under_a_random_name_and_listed(
    coordinator_client, group_programme, municipality, coordinator, settings
):
    data = _form_data(organisation=municipality.pk, file=files.upload(files.PDF_BYTES, "Oplæg Aarhus.pdf", "x/y"))
    response = coordinator_client.post(_page(group_programme), data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.organisation, document.activity.key, document.uploaded_by) == (
        municipality,
        "reflection_meeting-1",
        coordinator,
    )
    assert (document.original_name, document.content_type, document.size) == (
        "Oplæg Aarhus.pdf",
        "application/pdf",
        len(files.PDF_BYTES),
    )
    assert document.file.name.startswith("documents/") and "Opl" not in document.file.name
    assert document.file.name.endswith(".pdf")
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == files.PDF_BYTES
    page = coordinator_client.get(_page(group_programme)).content.decode()
    assert "Vores erfaringer" in page and "Aarhus" in page
    assert reverse("documents:download", args=[document.pk]) in page


def test_the_other_organisation_cannot_be_chosen(coordinator_client, group_programme, other_municipality):
    data = _form_data(organisation=other_municipality.pk, file=files.upload(files.PDF_BYTES))
    response = coordinator_client.post(_page(group_programme), data)
    assert response.status_code == 200
    assert parse_html(response.content.decode()).by_id("id_organisation-error") is not None
    assert not Document.objects.exists()


def test_the_advisor_uploads_for_the_advisory_function(advisor_client, group_programme):
    data = _form_data(organisation="", kind="material", activity="", file=files.upload(files.ooxml("word"), "x.docx"))
    assert advisor_client.post(_page(group_programme), data).status_code == 302
    document = Document.objects.get()
    assert document.organisation is None and document.activity is None
    assert document.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_outsiders_get_404_and_pages_need_log_in(client, group_programme, outsider):
    assert client.get(_page(group_programme)).status_code == 302
    client.force_login(outsider)
    assert client.get(_page(group_programme)).status_code == 404
    assert client.post(_page(group_programme), _form_data()).status_code == 404


def test_download_headers(coordinator_client, group_programme, municipality):
    content = files.ooxml("ppt")
    document = services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        uploaded_file=files.upload(content, "Oplæg til mødet.pptx"),
        title="Oplæg",
    )
    response = coordinator_client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Opl%C3%A6g%20til%20m%C3%B8det.pptx" in disposition
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(document.pk)).exists()


def test_a_file_larger_than_the_memory_limit_is_checked_from_its_temporary_file(
    coordinator_client, group_programme, municipality, settings
):
    import io
    import os
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
        archive.writestr("word/media/image1.bin", os.urandom(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1000))
    data = _form_data(organisation=municipality.pk, file=files.upload(buffer.getvalue(), "stor.docx"))
    assert coordinator_client.post(_page(group_programme), data).status_code == 302
    assert Document.objects.get().content_type.endswith("wordprocessingml.document")


def test_a_missing_file_is_a_404_not_a_500(coordinator_client, group_programme, municipality):
    document = services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="X",
    )
    document.file.storage.delete(document.file.name)
    assert coordinator_client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_delete_asks_first_then_deletes_record_and_file(
    coordinator_client, stranger_client, group_programme, municipality, settings, django_capture_on_commit_callbacks
):
    document = services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="X",
    )
    path = settings.MEDIA_ROOT / document.file.name
    url = reverse("documents:delete", args=[document.pk])
    assert stranger_client.get(url).status_code == 403  # shared, so visible, but not theirs
    confirm = coordinator_client.get(url)
    assert confirm.status_code == 200 and danish("Delete document") in confirm.content.decode()
    assert Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url)
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not path.exists()


def test_long_lists_are_paginated(coordinator_client, group_programme, municipality, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        services.document_upload(
            by=group_programme.advisors.first(),
            programme=group_programme,
            organisation=municipality,
            uploaded_file=files.upload(files.PDF_BYTES),
            title=f"Dokument {n}",
        )
    first = coordinator_client.get(_page(group_programme)).content.decode()
    second = coordinator_client.get(_page(group_programme) + "?side=2").content.decode()
    assert first.count("/hent/") == 2 and second.count("/hent/") == 1


def test_the_meeting_partial_lists_presentations_and_links_to_upload(
    rf, coordinator, stranger, group_programme, municipality
):
    from django.template.loader import render_to_string

    activity = group_programme.activities.get(key="reflection_meeting-1")
    services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        activity=activity,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="Aarhus' oplæg",
        kind=DocumentKind.PRESENTATION,
        shared_with_group=False,
    )
    request = rf.get("/")
    request.user = coordinator
    html = render_to_string("documents/_meeting_test.html", {"activity": activity}, request=request)
    assert "Aarhus&#x27; oplæg" in html
    assert f"{_page(group_programme)}?activity=reflection_meeting-1" in html
    assert danish("Upload presentation") in html
    request.user = stranger
    html = render_to_string("documents/_meeting_test.html", {"activity": activity}, request=request)
    assert "oplæg" not in html  # not shared with the group
    assert danish("No presentations have been uploaded for this meeting yet.") in html


@pytest.fixture(autouse=True)
def _meeting_test_template(settings, tmp_path):
    """A page that uses the tag as the meeting page will."""
    folder = tmp_path / "templates" / "documents"
    folder.mkdir(parents=True)
    (folder / "_meeting_test.html").write_text("{% load documents %}{% activity_documents activity %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}]


def test_the_upload_form_defaults_to_the_next_joint_meeting(client, group_programme):
    import datetime

    import time_machine

    kickoff = group_programme.activities.get(key="kickoff")
    after = group_programme.activities.filter(
        scope="shared", format__in=["virtual", "in_person"], starts_on__gt=kickoff.starts_on
    ).order_by("starts_on", "position")[0]
    with time_machine.travel(datetime.datetime.combine(kickoff.starts_on, datetime.time(12), tzinfo=datetime.UTC)):
        client.force_login(group_programme.advisors.first())
        before = parse_html(client.get(_page(group_programme)).content.decode())
    with time_machine.travel(
        datetime.datetime.combine(
            kickoff.starts_on + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
        )
    ):
        client.force_login(group_programme.advisors.first())
        later = parse_html(client.get(_page(group_programme)).content.decode())

    def chosen(document) -> list[str | None]:
        return [o.get("value") for o in document.by_id("id_activity").find_all("option") if "selected" in o.attrs]

    assert chosen(before) == ["kickoff"]  # on the meeting's day it is still the next
    assert chosen(later) == [after.key]
