"""The API's lists: offset and limit within what a database takes, and every refusal in the document."""

from __future__ import annotations

import pytest
from django.test import Client

from advisory.core.pagination import MAX_OFFSET
from tests.helpers import danish

pytestmark = pytest.mark.django_db

LISTS = ("/api/people", "/api/organisations", "/api/programmes", "/api/outbox")


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("parameter", ["offset", "limit"])
def test_an_offset_or_limit_no_database_takes_is_refused_in_danish(advisor_client, path, parameter):  # type: ignore[no-untyped-def]
    """2**63 made SQLite fail with "datatype mismatch" (answered as a 409 conflict) and PostgreSQL with a 500."""
    response = advisor_client.get(path, {parameter: 2**63})
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {parameter: [danish("Enter a valid value.")]}


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_offset_answers_an_empty_page(advisor_client, path):  # type: ignore[no-untyped-def]
    response = advisor_client.get(path, {"offset": MAX_OFFSET, "limit": MAX_OFFSET})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_every_list_documents_its_refusals(client: Client):  # type: ignore[no-untyped-def]
    """A list with parameters answers 422 to a wrong one (and /api/outbox 403 to those it is not for, a region that
    does not exist 404): the document says so, as it does for the other endpoints."""
    document = client.get("/api/openapi.json").json()
    for path in LISTS:
        responses = document["paths"][path]["get"]["responses"]
        assert {"200", "403", "404", "422"} <= set(responses), (path, sorted(responses))
