"""A goal, a progress note or an action dated outside 1 January 2000 – 31 December 2100 is refused (issue 12)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from advisory.development.models import DevelopmentAction, DevelopmentPoint, Goal, ProgressNote
from tests.helpers import danish, parse_html


def message() -> str:
    return danish("The date must lie between %(first)s and %(last)s.", first="1. januar 2000", last="31. december 2100")


@pytest.fixture
def point(taskforce):
    return DevelopmentPoint.objects.create(programme=taskforce, prerequisite="housing", title="Boliger")


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_dates_outside_the_range_are_refused_on_the_api_and_the_page(advisor_client, taskforce, point, day):
    base = f"/api/programmes/{taskforce.pk}"
    goal = _post(advisor_client, f"{base}/development-points/{point.pk}/goals", {"text": "Mål", "due_on": day})
    assert goal.status_code == 400, goal.content
    assert goal.json()["errors"] == {"due_on": [message()]}
    action = _post(
        advisor_client,
        f"{base}/development-points/{point.pk}/actions",
        {"text": "Handling", "owner": "Tovholder", "deadline": day},
    )
    assert action.status_code == 400, action.content
    assert action.json()["errors"] == {"deadline": [message()]}
    page = advisor_client.post(reverse("development:goal_create", args=[point.pk]), {"text": "Mål", "due_on": day})
    assert page.status_code == 200
    assert message() in parse_html(page.content).by_id("id_due_on-error").text
    assert not Goal.objects.exists() and not DevelopmentAction.objects.exists()


def test_a_progress_note_dated_outside_the_range_is_refused(coordinator_client, taskforce, point):
    goal = Goal.objects.create(development_point=point, text="Mål", due_on="2027-06-01")
    note = _post(
        coordinator_client,
        f"/api/programmes/{taskforce.pk}/goals/{goal.pk}/progress-notes",
        {"written_on": "0001-01-01", "text": "Godt"},
    )
    assert note.status_code == 400, note.content
    assert note.json()["errors"] == {"written_on": [message()]}
    assert not ProgressNote.objects.exists()
