"""Booking a team for the joint meetings in one step (advisory/programmes/booking_matrix.py): each new booking's
invitation goes out once, saving the same set again sends nothing, an unticked booking gets its cancellation."""

from __future__ import annotations

import pytest

from advisory.notifications.models import OutboxMessage
from advisory.organisations.models import MembershipFunction
from advisory.programmes import booking_matrix
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_new_booking_is_invited_once(
    group, advisor, municipality, coordinator, django_capture_on_commit_callbacks
):
    leader = factories.member_of(municipality, function=MembershipFunction.LEADERSHIP_GROUP)
    team = [coordinator, leader, factories.member_of(municipality)]
    keys = [m.key for m in booking_matrix.joint_meetings(group)]
    wanted = {(key, person.pk) for key in keys for person in team}
    with django_capture_on_commit_callbacks(execute=True):
        booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=wanted)
    requests = list(OutboxMessage.objects.filter(ical_method="REQUEST").values_list("to", flat=True))
    assert len(requests) == len(wanted)
    assert sorted(set(requests)) == sorted(person.email for person in team)
    with django_capture_on_commit_callbacks(execute=True):
        booking_matrix.bookings_set(by=advisor, programme=group, organisation=municipality, wanted=wanted)
    assert OutboxMessage.objects.count() == len(wanted)  # the same set again: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        booking_matrix.bookings_set(
            by=advisor, programme=group, organisation=municipality, wanted=wanted - {(keys[0], leader.pk)}
        )
    cancellations = OutboxMessage.objects.filter(ical_method="CANCEL")
    assert list(cancellations.values_list("to", flat=True)) == [leader.email]
