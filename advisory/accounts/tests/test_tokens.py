"""Personal API tokens: created on the profile page and shown once, used as bearer tokens, revoked."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken
from tests import factories
from tests.helpers import danish, parse_html
from tests.security.conftest import activate_totp

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def create_token_on_profile_page(client: Client, name: str = "Rapport-script") -> str:
    response = client.post(PROFILE, {"name": name}, follow=True)
    assert response.redirect_chain == [(PROFILE, 302)]  # post, redirect, get: a reload creates nothing
    shown = parse_html(response.content).find_all(data_testid="new-token")
    assert len(shown) == 1
    return shown[0].text


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_created_on_the_profile_page_is_shown_once(coordinator_client, coordinator):
    raw = create_token_on_profile_page(coordinator_client)
    token = ApiToken.objects.get(user=coordinator)
    assert token.name == "Rapport-script"
    assert len(raw) >= 40
    assert raw.startswith(token.prefix)
    # Only a digest is stored, never the token itself.
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.name, token.prefix, token.token_hash}
    # The next visit (or a reload) lists the token by its first characters only, and makes no new one.
    page = coordinator_client.get(PROFILE)
    assert ApiToken.objects.filter(user=coordinator).count() == 1
    assert raw.encode() not in page.content
    assert f"{token.prefix}…".encode() in page.content
    assert b"Rapport-script" in page.content


def test_a_token_needs_a_name(coordinator_client, coordinator):
    response = coordinator_client.post(PROFILE, {"name": "  "})
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=coordinator).exists()
    assert danish("This field is required.") in response.content.decode()
    assert not parse_html(response.content).find_all(data_testid="new-token")


def test_the_bearer_token_authenticates_the_api(coordinator_client, coordinator):
    raw = create_token_on_profile_page(coordinator_client)
    response = Client().get("/api/me", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == coordinator.email
    assert ApiToken.objects.get(user=coordinator).last_used_at is not None


def test_a_revoked_token_no_longer_authenticates(coordinator_client, coordinator):
    raw = create_token_on_profile_page(coordinator_client)
    token = ApiToken.objects.get(user=coordinator)
    assert Client().get("/api/me", **bearer(raw)).status_code == 200

    response = coordinator_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/me", **bearer(raw)).status_code == 401
    page = coordinator_client.get(PROFILE).content.decode()
    assert danish("Revoked") in page
    assert reverse("accounts:token_revoke", args=[token.pk]) not in page  # nothing left to revoke


def test_revoking_is_a_post_only(coordinator_client, coordinator):
    token, _raw = ApiToken.issue(user=coordinator, name="script")
    assert coordinator_client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.is_active


def test_another_persons_token_cannot_be_revoked_and_is_not_found(coordinator, stranger_client):
    token, raw = ApiToken.issue(user=coordinator, name="script")
    response = stranger_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active
    assert Client().get("/api/me", **bearer(raw)).status_code == 200


def test_another_persons_token_is_not_listed_on_my_profile(coordinator, stranger_client):
    ApiToken.issue(user=coordinator, name="Aarhus-scriptet")
    assert b"Aarhus-scriptet" not in stranger_client.get(PROFILE).content


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Token abc", "Basic dXNlcjpwdw=="])
def test_a_wrong_or_malformed_bearer_token_is_unauthorised(coordinator, header):
    ApiToken.issue(user=coordinator, name="script")
    response = Client().get("/api/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_the_token_of_a_deactivated_person_no_longer_authenticates(coordinator):
    _token, raw = ApiToken.issue(user=coordinator, name="script")
    coordinator.is_active = False
    coordinator.save()
    assert Client().get("/api/me", **bearer(raw)).status_code == 401


def test_a_token_made_through_the_api_is_returned_once_and_then_only_listed(coordinator):
    _token, raw = ApiToken.issue(user=coordinator, name="first")
    response = Client().post("/api/me/tokens", data={"name": "second"}, content_type="application/json", **bearer(raw))
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "second"
    assert created["token"].startswith(created["prefix"])
    listed = Client().get("/api/me/tokens", **bearer(created["token"])).json()
    assert {item["name"] for item in listed} == {"first", "second"}
    assert all("token" not in item and "token_hash" not in item for item in listed)


def test_a_token_revoked_through_the_api_stops_working_at_once(coordinator):
    token, raw = ApiToken.issue(user=coordinator, name="script")
    response = Client().delete(f"/api/me/tokens/{token.pk}", **bearer(raw))
    assert response.status_code == 204
    assert Client().get("/api/me", **bearer(raw)).status_code == 401


def test_another_persons_token_cannot_be_revoked_through_the_api(coordinator, stranger):
    token, raw = ApiToken.issue(user=coordinator, name="script")
    _own, stranger_raw = ApiToken.issue(user=stranger, name="mine")
    response = Client().delete(f"/api/me/tokens/{token.pk}", **bearer(stranger_raw))
    assert response.status_code == 404
    assert Client().get("/api/me", **bearer(raw)).status_code == 200


def test_tokens_of_agency_staff_work_once_two_factor_authentication_is_set_up(advisor, settings):
    _token, raw = ApiToken.issue(user=advisor, name="script")
    settings.MFA_REQUIRED_FOR_STAFF = True
    assert Client().get("/api/me", **bearer(raw)).status_code == 401
    activate_totp(advisor)
    assert Client().get("/api/me", **bearer(raw)).status_code == 200


def test_the_bearer_token_acts_with_the_persons_own_access(coordinator, other_municipality):
    _token, raw = ApiToken.issue(user=coordinator, name="script")
    shelter = factories.ShelterFactory(municipality=other_municipality)
    assert Client().get(f"/api/organisations/{shelter.pk}", **bearer(raw)).status_code == 404
