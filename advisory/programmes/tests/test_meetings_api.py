"""Meetings through the API: the agenda, bookings with the template's warnings, unbooking, attendance."""

from __future__ import annotations

import json

from django.test import Client

from advisory.organisations.models import MembershipFunction
from advisory.programmes.models import MeetingParticipant
from tests import factories


def _json(client: Client, method: str, url: str, body: dict | None = None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_agenda_is_set_and_shown(group, advisor_client):
    url = f"/api/programmes/{group.pk}/activities/kickoff"
    response = _json(advisor_client, "patch", url, {"agenda": "1. Velkomst\n2. Prøvehandlinger"})
    assert response.status_code == 200 and response.json()["agenda"].startswith("1. Velkomst")
    page = advisor_client.get(f"/forloeb/{group.pk}/aktiviteter/kickoff/")
    assert "1. Velkomst" in page.content.decode()
    too_long = _json(advisor_client, "patch", url, {"agenda": "x" * 5001})
    assert too_long.status_code in (400, 422)
    assert group.activities.get(key="kickoff").agenda.startswith("1. Velkomst")  # unchanged by the bad request


def test_coordinator_books_own_people_sees_warnings_and_runners_record_attendance(
    group, municipality, other_municipality, coordinator_client, advisor_client, stranger
):
    url = f"/api/programmes/{group.pk}/activities/reflection_meeting-1/participants"
    team = [factories.member_of(municipality, function=MembershipFunction.IMPLEMENTATION_TEAM) for _ in range(2)]
    for person in team:
        response = _json(coordinator_client, "post", url, {"user_id": person.pk, "organisation_id": municipality.pk})
        assert response.status_code == 201, response.content
    listing = _json(coordinator_client, "get", url).json()
    assert {p["user_id"] for p in listing["participants"]} == {p.pk for p in team}
    aarhus_warnings = [w for w in listing["warnings"] if w["organisation"] == municipality.name]
    assert [w["code"] for w in aarhus_warnings] == ["too_few", "missing_function"]  # 2 booked, no tovholder
    assert "2 booket" in aarhus_warnings[0]["message"]

    odense_person = factories.member_of(other_municipality)
    refused = _json(
        coordinator_client, "post", url, {"user_id": odense_person.pk, "organisation_id": other_municipality.pk}
    )
    assert refused.status_code == 400 and "user_id" in refused.json()["errors"]
    assert not MeetingParticipant.objects.filter(user=odense_person).exists()

    participant = MeetingParticipant.objects.get(user=team[0])
    attendance = f"{url}/{participant.pk}"
    assert _json(coordinator_client, "patch", attendance, {"attended": True}).status_code == 403
    response = _json(advisor_client, "patch", attendance, {"attended": False})
    assert response.status_code == 200 and response.json()["attended"] is False
    assert _json(coordinator_client, "delete", attendance).status_code == 204
    assert not MeetingParticipant.objects.filter(pk=participant.pk).exists()
    assert _json(coordinator_client, "delete", attendance).status_code == 404
