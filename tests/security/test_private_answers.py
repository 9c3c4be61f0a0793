"""Answers to authenticated requests are not cached; cookies carry the __Host- prefix in production; a staff token
without two-factor authentication is refused with 401, as the README says."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken
from tests.helpers import danish
from tests.security.conftest import production_settings

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


# --- Cache-Control ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/organisationer/", "/henvendelser/", "/api/me", "/api/programmes"])
def test_answers_to_a_logged_in_person_are_private_and_not_stored(coordinator, path):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(coordinator)
    response = client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.django_db
def test_answers_to_an_api_token_are_private_and_not_stored(coordinator):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(user=coordinator, name="script")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.django_db
def test_a_refusal_to_a_logged_in_person_is_not_stored_either(coordinator):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("requests:interest_list"))
    assert response.status_code == 403
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.django_db
def test_anonymous_public_pages_are_left_alone(client):  # type: ignore[no-untyped-def]
    response = client.get(reverse("requests:interest_create"))
    assert response.status_code == 200
    assert "no-store" not in directives(response)


# --- Cookies ---------------------------------------------------------------------------------------------------


def test_production_cookies_carry_the_host_prefix():  # type: ignore[no-untyped-def]
    shown = production_settings(
        "s.SESSION_COOKIE_NAME",
        "s.CSRF_COOKIE_NAME",
        "s.SESSION_COOKIE_SECURE",
        "s.CSRF_COOKIE_SECURE",
        "s.SESSION_COOKIE_PATH",
        "s.CSRF_COOKIE_PATH",
        "s.SESSION_COOKIE_DOMAIN",
        "s.CSRF_COOKIE_DOMAIN",
    )
    assert shown == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "/",
        "/",
        "None",
        "None",
    ]


@pytest.mark.django_db
def test_the_platform_works_with_host_prefixed_cookies(settings, coordinator):  # type: ignore[no-untyped-def]
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    page = client.get(reverse("requests:interest_create"), secure=True)
    assert page.status_code == 200
    cookie = page.cookies["__Host-csrftoken"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    session = client.get("/", secure=True).cookies["__Host-sessionid"]
    assert session["secure"] and session["path"] == "/" and not session["domain"]
    # The API's session authentication checks the CSRF token from the prefixed cookie.
    token = page.context["csrf_token"]
    answer = client.get("/api/me", secure=True, headers={"X-CSRFToken": str(token)})
    assert answer.status_code == 200


# --- A staff token without two-factor authentication ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("mfa_required")
def test_a_staff_token_without_two_factor_is_401_and_says_why(advisor):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(user=advisor, name="script")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response.json()["detail"] == danish("Set up two-factor authentication before using an API token.")


def test_the_readme_says_what_the_api_answers_staff_without_two_factor():  # type: ignore[no-untyped-def]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "their API tokens are refused with 401" in readme
    assert "the API answers their session 403" in readme
