"""Meetings: bookings checked against the template (3–5 per organisation; leaders and staff), attendance."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from advisory.programmes import services
from advisory.programmes.models import MeetingParticipant, TrialAction
from advisory.programmes.participation import Booking, participation_warnings
from advisory.programmes.template_data import builtin_template, template_from_dict
from tests import factories

TEMPLATE = template_from_dict(builtin_template("group"))
REFLECTION = TEMPLATE.activity("reflection_meeting")
KICKOFF = TEMPLATE.activity("kickoff")


def team(organisation: str, n: int) -> list[Booking]:
    """``n`` people of the organisation, the first of them its coordinator (tovholder)."""
    return [
        Booking(organisation, frozenset({"implementation_team", "coordinator"} if i == 0 else {"implementation_team"}))
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("booked", "code", "message"),
    [
        (2, "too_few", "Aarhus har 2 booket til fælles refleksionsmøde; der skal være 3–5."),
        (6, "too_many", "Aarhus har 6 booket til fælles refleksionsmøde; der må højst være 5."),
    ],
)
def test_reflection_meeting_wants_three_to_five_per_organisation(booked: int, code: str, message: str) -> None:
    warnings = participation_warnings(REFLECTION, team("Aarhus", booked) + team("Odense", 4), ["Aarhus", "Odense"])
    assert [(w.organisation, w.code, w.message) for w in warnings] == [("Aarhus", code, message)]


def test_an_organisation_with_nobody_booked_is_warned() -> None:
    warnings = participation_warnings(REFLECTION, team("Odense", 3), ["Aarhus", "Odense"])
    assert [(w.organisation, w.code) for w in warnings] == [("Aarhus", "too_few"), ("Aarhus", "missing_function")]


def test_reflection_meeting_without_the_coordinator_is_warned() -> None:
    """Seed 003: the tovholder and 3-5 of the implementation team take part in each joint reflection meeting."""
    staff_only = [Booking("Aarhus", frozenset({"implementation_team"})) for _ in range(4)]
    warnings = participation_warnings(REFLECTION, staff_only, ["Aarhus"])
    assert [(w.code, w.message) for w in warnings] == [
        ("missing_function", "Aarhus har ingen tovholder booket til fælles refleksionsmøde.")
    ]
    assert participation_warnings(REFLECTION, team("Aarhus", 4), ["Aarhus"]) == []


def test_kickoff_without_leaders_is_warned() -> None:
    staff_only = team("Aarhus", 3)
    warnings = participation_warnings(KICKOFF, staff_only, ["Aarhus"])
    assert [(w.code, w.message) for w in warnings] == [
        ("missing_function", "Aarhus har ingen ledere booket til opstartsmøde.")
    ]
    with_leader = [*staff_only, Booking("Aarhus", frozenset({"leadership_group"}))]
    assert participation_warnings(KICKOFF, with_leader, ["Aarhus"]) == []


def test_coordinator_books_own_people_and_sees_the_warning_go(group, municipality, coordinator):
    members = [factories.member_of(municipality) for _ in range(2)]
    client = Client()
    client.force_login(coordinator)
    url = reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"])
    booking = reverse("programmes:meeting_booking", args=[group.pk, "reflection_meeting-1"])
    assert "Aarhus har 0 booket" in client.get(url).content.decode()
    memberships = [coordinator.memberships.get(organisation=municipality)] + [m.memberships.get() for m in members]
    for membership in memberships:
        assert client.post(booking, {"action": "book", "membership": membership.pk}).status_code == 302
    page = client.get(url).content.decode()
    assert "Aarhus har" not in page
    assert MeetingParticipant.objects.filter(activity__key="reflection_meeting-1").count() == 3


def test_a_coordinator_cannot_book_another_organisations_people(group, other_municipality, coordinator):
    stranger_membership = factories.member_of(other_municipality).memberships.get()
    client = Client()
    client.force_login(coordinator)
    booking = reverse("programmes:meeting_booking", args=[group.pk, "kickoff"])
    client.post(booking, {"action": "book", "membership": stranger_membership.pk})
    assert MeetingParticipant.objects.count() == 0


def test_only_the_runners_record_attendance(group, municipality, coordinator, advisor_client):
    participant = services.meeting_book(
        activity=group.activities.get(key="kickoff"), user=coordinator, organisation=municipality
    )
    booking = reverse("programmes:meeting_booking", args=[group.pk, "kickoff"])
    client = Client()
    client.force_login(coordinator)
    assert client.post(booking, {"action": "attended", "participant": participant.pk}).status_code == 403
    assert advisor_client.post(booking, {"action": "attended", "participant": participant.pk}).status_code == 302
    assert MeetingParticipant.objects.get().attended is True


def test_reflection_meeting_page_shows_the_group_s_shared_trial_actions(group, municipality, advisor_client):
    TrialAction.objects.create(
        programme=group,
        organisation=municipality,
        development_point="Fast boligmøde",
        plan="Prøv det",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 20),
    )
    page = advisor_client.get(reverse("programmes:activity", args=[group.pk, "reflection_meeting-1"]))
    assert "Fast boligmøde" in page.content.decode()
