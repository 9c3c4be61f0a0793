"""The anchoring plan: advisors and the organisation's coordinator write it; others read or do not see it."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from advisory.development.models import AnchoringPlan
from tests import factories
from tests.helpers import danish

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


DATA = {
    "what_continues": "Ugentlige boligmøder fortsætter",
    "responsible": "Styregruppen",
    "follow_up": "Status hvert kvartal",
    "next_review_on": "2029-01-15",
}


def test_coordinator_writes_the_plan(taskforce, coordinator):
    client = _client(coordinator)
    url = reverse("development:anchoring", args=[taskforce.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, DATA).status_code == 302
    plan = AnchoringPlan.objects.get(programme=taskforce)
    assert plan.responsible == "Styregruppen" and plan.updated_by == coordinator
    assert "Ugentlige boligmøder fortsætter" in client.get(url).content.decode()


def test_bad_date_is_refused_in_danish(individual, advisor):
    response = _client(advisor).post(
        reverse("development:anchoring", args=[individual.pk]), {**DATA, "next_review_on": "2029-02-30"}
    )
    assert response.status_code == 200
    assert danish("Enter a valid date.") in response.content.decode()
    assert "Status hvert kvartal" in response.content.decode()
    assert not AnchoringPlan.objects.exists()


def test_access(individual, group, stranger, advisor, municipality):
    url = reverse("development:anchoring", args=[individual.pk])
    member = factories.member_of(municipality)
    assert _client(member).get(url).status_code == 200
    assert _client(member).post(url, DATA).status_code == 403
    assert _client(stranger).get(url).status_code == 404
    assert _client(advisor).get(reverse("development:anchoring", args=[group.pk])).status_code == 404


def test_api(individual, coordinator, municipality):
    url = f"/api/programmes/{individual.pk}/anchoring-plan"
    client = _client(coordinator)
    assert client.get(url).json()["may_edit"] is True
    response = client.put(url, json.dumps(DATA), content_type="application/json")
    assert response.status_code == 200 and response.json()["next_review_on"] == "2029-01-15"
    member = factories.member_of(municipality)
    assert _client(member).put(url, json.dumps(DATA), content_type="application/json").status_code == 403
    assert _client(member).get(url).json()["may_edit"] is False
