"""Data items, presentations and learning activities dated outside 1 January 2000 – 31 December 2100 are refused
(issue 12), on the API and on the pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from advisory.taskforce.models import DataCollectionItem, LearningActivity, PoliticalPresentation
from tests.helpers import danish, parse_html


def message() -> str:
    return danish("The date must lie between %(first)s and %(last)s.", first="1. januar 2000", last="31. december 2100")


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_taskforce_dates_outside_the_range_are_refused(advisor_client, taskforce, day):
    base = f"/api/programmes/{taskforce.pk}"
    item = _post(
        advisor_client, f"{base}/data-collection-items", {"what": "Sager", "source": "Jobcenter", "due_on": day}
    )
    assert item.status_code == 400, item.content
    assert item.json()["errors"] == {"due_on": [message()]}
    presentation = _post(
        advisor_client, f"{base}/political-presentations", {"kind": "effects", "presented_on": day, "committee": "x"}
    )
    assert presentation.status_code == 400, presentation.content
    assert presentation.json()["errors"] == {"presented_on": [message()]}
    learning = _post(advisor_client, f"{base}/learning-activities", {"title": "Kursus", "held_on": day})
    assert learning.status_code == 400, learning.content
    assert learning.json()["errors"] == {"held_on": [message()]}
    page = advisor_client.post(
        reverse("taskforce:data_item_create", args=[taskforce.pk]),
        {"what": "Sager", "source": "Jobcenter", "due_on": day, "status": "pending"},
    )
    assert page.status_code == 200
    assert message() in parse_html(page.content).by_id("id_due_on-error").text
    assert not DataCollectionItem.objects.exists()
    assert not PoliticalPresentation.objects.exists() and not LearningActivity.objects.exists()
