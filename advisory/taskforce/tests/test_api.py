"""The taskforce API: CRUD with Danish errors, the coordinator's status-only changes, other kinds 404."""

from __future__ import annotations

import json

from advisory.taskforce.models import FollowUpItem


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_data_items(advisor_client, coordinator_client, stranger_client, taskforce, group):
    base = f"/api/programmes/{taskforce.pk}/data-collection-items"
    refused = _post(advisor_client, base, {"what": "Sager", "source": "", "due_on": "2027-04-01"})
    assert refused.status_code == 400
    assert refused.json()["errors"]["source"] == ["Dette felt er påkrævet."]
    created = _post(advisor_client, base, {"what": "Sager", "source": "Jobcenter", "due_on": "2020-04-01"})
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["overdue"] is True
    assert _patch(coordinator_client, f"{base}/{item['id']}", {"what": "Andet"}).status_code == 403
    changed = _patch(coordinator_client, f"{base}/{item['id']}", {"status": "received"})
    assert changed.status_code == 200 and changed.json()["overdue"] is False
    assert _post(coordinator_client, base, {"what": "x", "source": "y"}).status_code == 403
    assert stranger_client.get(base).status_code == 404
    assert advisor_client.get(f"/api/programmes/{group.pk}/data-collection-items").status_code == 404
    assert coordinator_client.delete(f"{base}/{item['id']}").status_code == 403
    assert advisor_client.delete(f"{base}/{item['id']}").status_code == 204


def test_presentations_and_learning_activities(advisor_client, taskforce):
    base = f"/api/programmes/{taskforce.pk}"
    created = _post(
        advisor_client,
        f"{base}/political-presentations",
        {"kind": "effects", "presented_on": "2029-01-15", "committee": "Socialudvalget"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["activity_key"] == "political_presentation_effects"
    assert taskforce.activities.get(key="political_presentation_effects").starts_on.isoformat() == "2029-01-15"
    bad = _post(
        advisor_client,
        f"{base}/political-presentations",
        {"kind": "analysis", "presented_on": "2027-10-01", "committee": "x", "material_id": 99999},
    )
    assert bad.status_code == 400 and "material_id" in bad.json()["errors"]
    learning = _post(
        advisor_client,
        f"{base}/learning-activities",
        {"title": "Kursus", "held_on": "2027-11-01", "attended": True, "participants": 6},
    )
    assert learning.status_code == 201, learning.content
    patched = _patch(advisor_client, f"{base}/learning-activities/{learning.json()['id']}", {"participants": 7})
    assert patched.json()["participants"] == 7 and patched.json()["attended"] is True


def test_decisions_follow_ups_and_the_check(advisor_client, coordinator_client, taskforce):
    base = f"/api/programmes/{taskforce.pk}"
    created = _post(
        advisor_client,
        f"{base}/status-meetings/status_meeting-1/decisions",
        {"text": "Fast boligmøde", "follow_ups": [{"text": "Indkald", "owner": "Lene", "due_on": "2027-12-01"}]},
    )
    assert created.status_code == 201, created.content
    item_id = created.json()["follow_ups"][0]["id"]
    to_check = advisor_client.get(f"{base}/follow-up-items?to_check_at=status_meeting-2").json()
    assert [i["id"] for i in to_check] == [item_id]
    check = f"{base}/status-meetings/status_meeting-2/follow-up-items/{item_id}/check"
    assert _post(coordinator_client, check, {"status": "done"}).status_code == 403
    same = _post(
        advisor_client, f"{base}/status-meetings/status_meeting-1/follow-up-items/{item_id}/check", {"status": "done"}
    )
    assert same.status_code == 400 and same.json()["detail"]
    checked = _post(advisor_client, check, {"status": "done"})
    assert checked.status_code == 200 and checked.json()["checked_at_key"] == "status_meeting-2"
    assert _post(advisor_client, f"{base}/status-meetings/kickoff/decisions", {"text": "x"}).status_code == 404
    loose = _post(
        advisor_client, f"{base}/status-meetings/status_meeting-2/follow-up-items", {"text": "Ring", "owner": "Bo"}
    )
    assert loose.status_code == 201, loose.content
    assert (
        _patch(coordinator_client, f"{base}/follow-up-items/{loose.json()['id']}", {"status": "done"}).status_code
        == 200
    )
    assert FollowUpItem.objects.get(pk=loose.json()["id"]).status == "done"
