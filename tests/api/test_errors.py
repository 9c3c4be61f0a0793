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
