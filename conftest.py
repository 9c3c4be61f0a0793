"""Fixtures for every test: the people of the three-user pattern, and a client per role."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from tests import factories


@pytest.fixture(autouse=True)
def _danish_and_fast(settings):  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "da"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Two-factor authentication is required of agency staff in production; tests that are about it switch it on.
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def municipality(db):  # type: ignore[no-untyped-def]
    return factories.MunicipalityFactory(name="Aarhus", municipality_code="0751")


@pytest.fixture
def other_municipality(db):  # type: ignore[no-untyped-def]
    return factories.MunicipalityFactory(name="Odense", municipality_code="0461")


@pytest.fixture
def advisor(db):  # type: ignore[no-untyped-def]
    return factories.AdvisorFactory(email="advisor@example.dk", first_name="Rikke")


@pytest.fixture
def administrator(db):  # type: ignore[no-untyped-def]
    return factories.AdministratorFactory(email="admin@example.dk")


@pytest.fixture
def taskforce_member(db):  # type: ignore[no-untyped-def]
    return factories.TaskforceMemberFactory(email="taskforce@example.dk")


@pytest.fixture
def coordinator(municipality):  # type: ignore[no-untyped-def]
    return factories.coordinator_of(municipality, email="coordinator@example.dk", first_name="Thomas")


@pytest.fixture
def stranger(other_municipality):  # type: ignore[no-untyped-def]
    """A coordinator of another organisation."""
    return factories.coordinator_of(other_municipality, email="stranger@example.dk")


def _client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def advisor_client(advisor):  # type: ignore[no-untyped-def]
    return _client_for(advisor)


@pytest.fixture
def coordinator_client(coordinator):  # type: ignore[no-untyped-def]
    return _client_for(coordinator)


@pytest.fixture
def stranger_client(stranger):  # type: ignore[no-untyped-def]
    return _client_for(stranger)


@pytest.fixture
def admin_client_(administrator):  # type: ignore[no-untyped-def]
    return _client_for(administrator)


# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that thread are still synchronous, so Django's async guard is relaxed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
