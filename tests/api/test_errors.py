"""The API answers in JSON and in the user's language also when the request never reaches an endpoint."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_an_anonymous_request_gets_a_danish_json_401(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/me", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "API-token" in response.json()["detail"] and "Log ind" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/organisations/abc", "/api/no-such-endpoint", "/api/programmes/1/x/y"])
def test_an_address_without_an_endpoint_gets_a_json_404(advisor_client, path):  # type: ignore[no-untyped-def]
    response = advisor_client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Ikke fundet."}


# --- Bodies too large or broken (issue 12): 413 and 400 in Danish, JSON on the API, a page elsewhere ---------------


@pytest.fixture
def group_programme(advisor, municipality):  # type: ignore[no-untyped-def]
    import datetime

    from advisory.programmes import services
    from advisory.programmes.models import ProgrammeTemplate
    from tests import factories

    services.templates_load_builtin()
    return services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def _too_large() -> str:
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    from tests.helpers import danish

    size = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return danish("The request is too large: at most %(size)s can be sent at a time.", size=size)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/plans/preview", "/api/programmes", "/api/organisations/shelters"])
def test_a_json_body_over_the_limit_gets_a_danish_json_413(advisor_client, settings, path):  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"title": "' + "x" * 2000 + '"}'
    response = advisor_client.post(path, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": _too_large()}


@pytest.mark.django_db
@pytest.mark.parametrize("enforce_csrf", [False, True])
def test_a_form_over_the_limit_gets_a_danish_413_page(advisor, settings, enforce_csrf):  # type: ignore[no-untyped-def]
    """The CSRF check reads the body first in production; without it the view does. Both end in the same page."""
    from django.test import Client

    from tests.helpers import danish

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(advisor)
    token = client.get("/forloeb/opret/").context["csrf_token"]
    response = client.post("/forloeb/opret/", {"csrfmiddlewaretoken": token, "title": "x" * 2000, "action": "preview"})
    assert response.status_code == 413
    page = response.content.decode()
    assert danish("Too much was sent") in page
    assert danish("The plan keeps every rule of the template.") not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content_type", "body"),
    [("multipart/form-data", b"--x\r\nbroken"), ('multipart/form-data; boundary=""', b"x")],
    ids=["no-boundary", "empty-boundary"],
)
def test_a_broken_multipart_upload_gets_a_danish_json_400(  # type: ignore[no-untyped-def]
    advisor_client, group_programme, content_type, body
):
    from advisory.documents.models import Document
    from tests.helpers import danish

    response = advisor_client.generic(
        "POST", f"/api/programmes/{group_programme.pk}/documents", body, content_type=content_type
    )
    assert response.status_code == 400
    assert response.json() == {"detail": danish("The content of the request could not be read.")}
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_broken_multipart_form_gets_a_danish_400_page(advisor_client, group_programme):  # type: ignore[no-untyped-def]
    from tests.helpers import danish

    response = advisor_client.generic(
        "POST", f"/dokumenter/forloeb/{group_programme.pk}/", b"--x\r\nbroken", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert danish("The request could not be read") in response.content.decode()


@pytest.mark.django_db
def test_a_document_may_still_be_larger_than_the_body_limit(advisor_client, group_programme, settings, tmp_path):  # type: ignore[no-untyped-def]
    """Files do not count towards DATA_UPLOAD_MAX_MEMORY_SIZE: documents keep their own limit."""
    from advisory.documents.tests import files

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    pdf = files.PDF_BYTES + b"%" + b"x" * 5000 + b"\n"
    response = advisor_client.post(
        f"/api/programmes/{group_programme.pk}/documents",
        {"title": "Stor fil", "kind": "other", "file": files.upload(pdf, "stor.pdf", "application/pdf")},
    )
    assert response.status_code == 201, response.content
