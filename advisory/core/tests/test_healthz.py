"""The health check for load balancers: 200 while the database answers, 503 when it does not."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/healthz"


def test_the_health_check_lives_at_a_fixed_address():
    assert reverse("core:healthz") == URL


def test_the_health_check_answers_ok_without_logging_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_is_never_cached(client):
    response = client.get(URL)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store"} <= cache_control


class UnavailableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_the_health_check_answers_503_when_the_database_is_unavailable(client, monkeypatch):
    monkeypatch.setattr("advisory.core.views.connection", UnavailableDatabase())
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_the_health_check_only_answers_get(client):
    assert client.post(URL).status_code == 405


def test_staff_who_must_still_set_up_two_factor_authentication_are_not_sent_away(advisor, client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(advisor)
    assert client.get("/").status_code == 302  # everything else sends them to set it up
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
