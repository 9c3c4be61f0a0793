"""The documents API: list, upload (multipart), metadata, download, delete; the same rules as the pages."""

from __future__ import annotations

from advisory.documents import services
from advisory.documents.models import Document
from advisory.documents.tests import files
from tests.helpers import danish


def _url(programme) -> str:
    return f"/api/programmes/{programme.pk}/documents"


def test_upload_list_get_download_delete(coordinator_client, group_programme, municipality):
    created = coordinator_client.post(
        _url(group_programme),
        {
            "organisation_id": municipality.pk,
            "activity_key": "closing_meeting",
            "title": "Afsluttende oplæg",
            "file": files.upload(files.ole("PowerPoint Document"), "oplaeg.ppt", "application/octet-stream"),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["activity_key"] == "closing_meeting"
    assert (body["kind"], body["content_type"], body["original_name"]) == (
        "presentation",
        "application/vnd.ms-powerpoint",
        "oplaeg.ppt",
    )
    assert body["shared_with_group"] is True
    listed = coordinator_client.get(_url(group_programme)).json()
    assert [d["id"] for d in listed] == [body["id"]]
    assert coordinator_client.get(f"/api/documents/{body['id']}").json()["title"] == "Afsluttende oplæg"
    download = coordinator_client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.ms-powerpoint"
    documented = coordinator_client.get("/api/openapi.json").json()["paths"]["/api/documents/{document_id}/file"]
    assert download["Content-Type"] in documented["get"]["responses"]["200"]["content"]  # not octet-stream
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="oplaeg.ppt"'
    assert coordinator_client.delete(f"/api/documents/{body['id']}").status_code == 204
    assert not Document.objects.exists()


def test_a_wrong_file_is_refused_in_danish_json(coordinator_client, group_programme, municipality):
    response = coordinator_client.post(
        _url(group_programme),
        {"organisation_id": municipality.pk, "title": "Oplæg", "file": files.upload(files.TEXT_BYTES, "x.pdf")},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"file": [danish("The file is not a PDF, PowerPoint or Word file.")]}
    assert not Document.objects.exists()


def test_missing_fields_are_named(coordinator_client, group_programme):
    response = coordinator_client.post(_url(group_programme), {"activity_key": "no-such-meeting"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"organisation_id", "activity_key", "title", "file"}


def test_other_organisations_and_outsiders(client, stranger, outsider, group_programme, municipality):
    private = services.document_upload(
        by=group_programme.advisors.first(),
        programme=group_programme,
        organisation=municipality,
        uploaded_file=files.upload(files.PDF_BYTES),
        title="Privat",
        shared_with_group=False,
    )
    client.force_login(stranger)
    assert client.get(_url(group_programme)).json() == []
    assert client.get(f"/api/documents/{private.pk}").status_code == 404
    assert client.get(f"/api/documents/{private.pk}/file").status_code == 404
    assert client.delete(f"/api/documents/{private.pk}").status_code == 404
    # Odense may not upload for Aarhus: the organisation is not one of its choices.
    refused = client.post(
        _url(group_programme),
        {"organisation_id": municipality.pk, "title": "X", "file": files.upload(files.PDF_BYTES)},
    )
    assert refused.status_code == 400 and "organisation_id" in refused.json()["errors"]
    client.force_login(outsider)
    assert client.get(_url(group_programme)).status_code == 404
    assert client.post(_url(group_programme), {}).status_code == 404


def test_anonymous_gets_401(client, group_programme):
    assert client.get(_url(group_programme)).status_code == 401
