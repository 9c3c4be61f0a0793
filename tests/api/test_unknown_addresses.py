"""An address under /api/ that no endpoint has answers a JSON 404, whatever the method."""

from __future__ import annotations

import pytest
from django.test import Client

from advisory.accounts.models import ApiToken
from tests.helpers import danish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_a_text_where_an_id_belongs_is_a_json_404_for_a_script_with_a_token(advisor, method):  # type: ignore[no-untyped-def]
    """A script sends a bearer token and no CSRF cookie: a POST, PATCH or DELETE got Django's HTML page about the
    CSRF cookie (403) instead of the API's JSON 404."""
    _token, raw = ApiToken.issue(user=advisor, name="script")
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = "/api/programmes/abc/reflow/apply"
    if method == "get":
        response = client.get(url, **headers)
    else:
        response = getattr(client, method)(url, "{}", content_type="application/json", **headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": danish("Not found.")}


@pytest.mark.parametrize("path", ["/api/programmes/%0A/decisions/1", "/api/programmes/1/goals/a%0Ab", "/api/%0A"])
def test_a_line_break_in_the_address_is_a_json_404_as_well(advisor_client, path):  # type: ignore[no-untyped-def]
    """A line break (%0A) in a path segment made the address miss the API's catch-all: the site's HTML 404 page."""
    response = advisor_client.delete(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": danish("Not found.")}
