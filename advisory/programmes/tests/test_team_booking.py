"""Book a team for the joint meetings in one step: the write function, the page (with its live warnings) and the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from advisory.organisations.models import MembershipFunction
from advisory.programmes import booking_matrix, services
from advisory.programmes.models import MeetingParticipant
from tests import factories

JOINT = ["kickoff", "reflection_meeting-1", "reflection_meeting-2", "closing_meeting"]


@pytest.fixture
def team(municipality, coordinator):
    leader = factories.member_of(municipality, function=MembershipFunction.LEADERSHIP_GROUP)
    staff = [factories.member_of(municipality) for _ in range(2)]
    return [coordinator, leader, *staff]


def booked(organisation) -> set[tuple[str, int]]:
    rows = MeetingParticipant.objects.filter(organisation=organisation)
    return set(rows.values_list("activity__key", "user_id"))


def test_the_joint_meetings_are_the_shared_meetings_not_the_organisations_own_calls(group):
    assert [m.key for m in booking_matrix.joint_meetings(group)] == JOINT


def test_advisor_books_a_whole_team_for_every_joint_meeting_and_the_warnings_go(group, advisor, municipality, team):
    before = booking_matrix.team_matrix(group, municipality)
    assert {w.code for _m, found in before.warnings for w in found} == {"too_few", "missing_function"}
    wanted = {(key, person.pk) for key in JOINT for person in team}
    change = booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=wanted)
    assert len(change.created) == 16 and change.removed == 0
    assert booked(municipality) == wanted
    assert change.matrix.warnings == []
    assert all(row.all_booked for row in change.matrix.rows)
    again = booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=wanted)
    assert again.created == [] and again.removed == 0  # the same set: nothing booked twice


def test_unticking_cancels_only_that_booking(group, advisor, municipality, team):
    wanted = {(key, person.pk) for key in JOINT for person in team}
    booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=wanted)
    fewer = wanted - {("kickoff", team[3].pk)}
    change = booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=fewer)
    assert change.created == [] and change.removed == 1
    assert booked(municipality) == fewer


def test_the_warnings_follow_the_wanted_set(group, municipality, team):
    staff_only = {("kickoff", team[2].pk), ("kickoff", team[3].pk)}
    matrix = booking_matrix.team_matrix(group, municipality, staff_only)
    kickoff = next(found for meeting, found in matrix.warnings if meeting.key == "kickoff")
    assert [w.message for w in kickoff] == ["Aarhus har ingen ledere booket til opstartsmøde."]


def test_a_coordinator_books_their_own_organisation_only(group, municipality, other_municipality, coordinator, team):
    booking_matrix.bookings_set(
        by=coordinator, programme=group, organisation=municipality, wanted={("kickoff", team[1].pk)}
    )
    assert booked(municipality) == {("kickoff", team[1].pk)}
    odense = factories.member_of(other_municipality)
    with pytest.raises(PermissionDenied):
        booking_matrix.bookings_set(
            by=coordinator, programme=group, organisation=other_municipality, wanted={("kickoff", odense.pk)}
        )
    member = team[2]  # a member who is not the coordinator books no team
    with pytest.raises(PermissionDenied):
        booking_matrix.bookings_set(by=member, programme=group, organisation=municipality, wanted=set())
    assert booked(other_municipality) == set()


def test_unknown_meetings_and_people_refuse_the_whole_set(group, advisor, municipality, other_municipality, team):
    odense = factories.member_of(other_municipality)
    wanted = {("kickoff", team[0].pk), ("expectations_call-aarhus", team[0].pk), ("kickoff", odense.pk)}
    with pytest.raises(ValidationError) as refused:
        booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=wanted)
    assert "Ukendt fælles møde" in " ".join(refused.value.messages)
    assert "Hører ikke til Aarhus (bruger-id)" in " ".join(refused.value.messages)
    assert booked(municipality) == set()


def test_the_page_books_the_team_with_all_joint_meetings_per_person(group, municipality, team, coordinator):
    client = Client()
    client.force_login(coordinator)
    url = reverse("programmes:team_booking", args=[group.pk])
    page = client.get(url).content.decode()
    assert "Alle fælles møder" in page and "Aarhus har 0 booket til fælles refleksionsmøde" in page
    preview = client.post(
        url,
        {"organisation": municipality.pk, "action": "preview", "all": [p.pk for p in team]},
        HTTP_HX_REQUEST="true",
    )
    assert "Bookingerne overholder skabelonens regler" in preview.content.decode()
    assert f'id="book-closing_meeting-{team[3].pk}" checked' in preview.content.decode()  # the row is ticked
    assert booked(municipality) == set()  # the preview saves nothing
    saved = client.post(url, {"organisation": municipality.pk, "action": "save", "all": [p.pk for p in team]})
    assert saved.status_code == 302
    assert booked(municipality) == {(key, person.pk) for key in JOINT for person in team}
    page = client.get(saved["Location"]).content.decode()
    assert page.count('name="all_shown"') == 4
    # Unticking »all« for one person cancels their bookings; the others stay.
    others = [p.pk for p in team[:3]]
    client.post(
        url,
        {
            "organisation": municipality.pk,
            "action": "save",
            "all": others,
            "all_shown": [p.pk for p in team],
            "book": [f"{key}:{p.pk}" for key in JOINT for p in team],
        },
    )
    assert booked(municipality) == {(key, pk) for key in JOINT for pk in others}


def test_the_page_is_the_runners_and_the_coordinators(group, other_municipality, stranger, team, municipality):
    url = reverse("programmes:team_booking", args=[group.pk])
    member = Client()
    member.force_login(team[2])
    assert member.get(url).status_code == 403
    other = Client()
    other.force_login(stranger)
    assert other.get(f"{url}?organisation={municipality.pk}").status_code == 404
    assert other.get(url).status_code == 200  # their own organisation's matrix


def test_the_programme_page_links_to_the_matrix(group, advisor_client, coordinator_client):
    link = reverse("programmes:team_booking", args=[group.pk])
    assert link in advisor_client.get(group.get_absolute_url()).content.decode()
    assert link in coordinator_client.get(group.get_absolute_url()).content.decode()
    meeting = reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"])
    assert link in coordinator_client.get(meeting).content.decode()  # from a joint meeting's page too


def _put(client: Client, url: str, body: dict):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_the_api_sets_the_bookings_in_one_call(
    group, municipality, other_municipality, team, advisor_client, stranger_client
):
    url = f"/api/programmes/{group.pk}/organisations/{municipality.pk}/bookings"
    body = {"bookings": [{"activity_key": key, "user_id": p.pk} for key in JOINT for p in team]}
    response = _put(advisor_client, url, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["created"] == 16 and data["removed"] == 0 and data["warnings"] == []
    assert data["meetings"] == JOINT
    assert len(advisor_client.get(url).json()["bookings"]) == 16
    fewer = _put(advisor_client, url, {"bookings": body["bookings"][1:]})
    assert fewer.json()["removed"] == 1
    unknown = _put(advisor_client, url, {"bookings": [{"activity_key": "no_such_meeting", "user_id": team[0].pk}]})
    assert unknown.status_code == 400 and "Ukendt fælles møde" in unknown.json()["errors"]["bookings"][0]
    assert _put(stranger_client, url, {"bookings": []}).status_code == 404
    too_many = {"bookings": [{"activity_key": "kickoff", "user_id": 1}] * (booking_matrix.MAX_BOOKINGS + 1)}
    assert _put(advisor_client, url, too_many).status_code in (400, 422)
    assert len(booked(municipality)) == 15


def test_a_person_booked_through_their_other_organisation_is_neither_booked_again_nor_cancelled(
    group, advisor, municipality, other_municipality, team
):
    both = factories.member_of(municipality)
    factories.MembershipFactory(user=both, organisation=other_municipality)
    kickoff = group.activities.get(key="kickoff")
    services.meeting_book(activity=kickoff, user=both, organisation=other_municipality)
    change = booking_matrix.bookings_set(
        by=advisor, programme=group, organisation=municipality, wanted={("kickoff", both.pk)}
    )
    assert change.created == [] and change.removed == 0
    booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=set())
    assert MeetingParticipant.objects.get(activity=kickoff, user=both).organisation == other_municipality


def test_an_advisor_saves_and_goes_on_to_the_next_organisation(group, advisor_client, municipality, team):
    """»Gem og vis <next>« saves this organisation's set and opens the next one's matrix (fewer actions for a runner
    booking every team); the last organisation has the plain »Gem bookinger« as its primary button."""
    organisations = sorted(group.organisations.all(), key=lambda o: o.name)
    assert len(organisations) >= 2 and organisations[0] == municipality  # Aarhus first, then Odense
    url = reverse("programmes:team_booking", args=[group.pk])
    page = advisor_client.get(url).content.decode()
    assert f"Gem og vis {organisations[1].name}" in page
    saved = advisor_client.post(url, {"organisation": municipality.pk, "action": "save_next", "all": [team[0].pk]})
    assert saved.status_code == 302 and saved["Location"].endswith(f"?organisation={organisations[1].pk}")
    assert booked(municipality) == {(key, team[0].pk) for key in JOINT}
    last = advisor_client.get(saved["Location"]).content.decode()
    assert "Aarhus: 4 booket (inviteret)" in last and "Gem og vis" not in last
    # On the last organisation »save_next« saves and stays.
    stays = advisor_client.post(url, {"organisation": organisations[-1].pk, "action": "save_next"})
    assert stays["Location"].endswith(f"?organisation={organisations[-1].pk}")
