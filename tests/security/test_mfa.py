"""Two-factor authentication: required of agency staff (switchable), offered to everyone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken
from tests.factories import PASSWORD
from tests.security.conftest import activate_totp, current_code

pytestmark = pytest.mark.django_db

ACTIVATE_URL = reverse("mfa_activate_totp")


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("role", ["advisor", "taskforce_member", "administrator"])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(role, request):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(request.getfixturevalue(role))
    for path in ("/", "/organisationer/", reverse("accounts:profile"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ACTIVATE_URL
    assert client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_the_setup_itself_logging_out_and_public_pages_stay_reachable(advisor):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(advisor)
    assert client.get(reverse("core:accessibility")).status_code == 200
    assert client.get("/healthz").status_code == 200
    activate = client.get(ACTIVATE_URL)
    assert activate.status_code in (200, 302)
    if activate.status_code == 302:  # allauth asks for the password once more before a change of authenticators
        assert activate["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302  # ("/" shows the offers to the anonymous)
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("account_login"))


@pytest.mark.usefixtures("mfa_required")
def test_htmx_and_api_requests_get_answers_they_can_use(advisor):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(advisor)
    htmx = client.get("/organisationer/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == ACTIVATE_URL
    api = client.get("/api/me")
    assert api.status_code == 403
    assert "detail" in api.json()


@pytest.mark.usefixtures("mfa_required")
def test_staff_with_an_authenticator_go_on(advisor):  # type: ignore[no-untyped-def]
    activate_totp(advisor)
    client = Client()
    client.force_login(advisor)
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("role", ["coordinator", "stranger"])
def test_organisation_people_are_not_forced(role, request):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(request.getfixturevalue(role))
    assert client.get("/").status_code == 200


def test_the_requirement_can_be_switched_off(advisor, settings):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_STAFF = False
    client = Client()
    client.force_login(advisor)
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_a_token_of_staff_without_an_authenticator_is_refused(advisor):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(user=advisor, name="script")
    client = Client()
    assert client.get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    activate_totp(advisor)
    assert client.get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_logging_in_with_an_authenticator_asks_for_the_code(coordinator):  # type: ignore[no-untyped-def]
    secret = activate_totp(coordinator)
    client = Client()
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:profile")).status_code == 302, "not logged in before the code"
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "1"})
    assert wrong.status_code == 200
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_a_staff_member_can_set_up_the_authenticator_app(advisor):  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(reverse("account_login"), {"login": advisor.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(ACTIVATE_URL)
    if response.status_code == 302:
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        response = client.get(ACTIVATE_URL)
    assert response.status_code == 200
    assert b"form-input" in response.content, "the form is styled with DKFDS"
    secret = response.context["form"].secret
    done = client.post(ACTIVATE_URL, {"code": current_code(secret)})
    assert done.status_code == 302
    assert client.get("/").status_code == 200
    assert advisor.authenticator_set.filter(type="totp").exists()
    assert advisor.authenticator_set.filter(type="recovery_codes").exists()


def test_the_profile_offers_two_factor_authentication_to_everyone(coordinator_client):  # type: ignore[no-untyped-def]
    html = coordinator_client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    assert 'data-testid="mfa-status"' in html
