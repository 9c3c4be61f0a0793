"""MitID Erhverv switched on against the test IdP (advisory/saml/tests/idp.py): keys made once per test process and
name, certificates and metadata per test."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from advisory.saml.tests.idp import TestIdP, configure_platform, oiosaml_attributes

AARHUS_CVR = "55133018"
ODENSE_CVR = "35209115"
COORDINATOR_UUID = "urn:uuid:3d8a1c2e-4b5f-4a6d-9e7f-0a1b2c3d4e5f"


@pytest.fixture
def idp(tmp_path, settings) -> TestIdP:
    return configure_platform(tmp_path / "saml", "http://testserver", settings)


@pytest.fixture
def aarhus(municipality):
    municipality.cvr = AARHUS_CVR
    municipality.save()
    return municipality


@pytest.fixture
def odense(other_municipality):
    other_municipality.cvr = ODENSE_CVR
    other_municipality.save()
    return other_municipality


def coordinator_attributes(coordinator: Any, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"email": coordinator.email, "cvr": AARHUS_CVR, "persistent_uuid": COORDINATOR_UUID}
    values.update(changes)
    return oiosaml_attributes(**values)


def start_login(client: Client, idp: TestIdP, next_url: str = "") -> tuple[str, str]:
    """The platform's redirect to the IdP: the request's id and the RelayState."""
    response = client.get("/saml2/login/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(idp.sso_url)
    request_id, relay_state, _query = idp.read_request(response["Location"])
    return request_id, relay_state


def post_answer(client: Client, answer: str, relay_state: str = "/") -> Any:
    return client.post("/saml2/acs/", {"SAMLResponse": answer, "RelayState": relay_state})


def logged_in_user_id(client: Client) -> Any:
    return client.session.get("_auth_user_id")
