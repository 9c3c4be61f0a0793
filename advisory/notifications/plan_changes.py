"""What follows a change of plan, by mail: invitations, updates and cancellations of programme meetings.

The programme services call these through their port (advisory/programmes/plan_changes.py, where
``NotificationsConfig.ready()`` registers this module) at the point of the change, inside their transaction.
Each function reads now what it needs (a booking or an activity about to be deleted) and puts the mails in
the outbox with ``transaction.on_commit``: nothing goes out for a change that is rolled back, and the
outbox keys (programme_invitations) make each version go to each booking exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from advisory.notifications import programme_invitations
from advisory.notifications.programme_invitations import Delivery
from advisory.programmes.models import Activity, MeetingParticipant, Programme


def _after_commit(deliveries: list[Delivery], method: str) -> None:
    if deliveries:
        transaction.on_commit(lambda: programme_invitations.deliveries_send(deliveries, method), robust=True)


def meeting_booked(participant: MeetingParticipant) -> None:
    """The person gets the meeting's current version (booked again: nothing new)."""
    activity_id, participant_id = participant.activity_id, participant.pk
    transaction.on_commit(
        lambda: programme_invitations.invitations_send([activity_id], participant_ids=[participant_id]), robust=True
    )


def meeting_unbooked(participant: MeetingParticipant) -> None:
    """The person taken off the meeting gets its cancellation."""
    _after_commit(programme_invitations.unbooking_cancellation(participant), "CANCEL")


def activities_changed(programme: Programme, activities: Iterable[Activity] | None) -> None:
    """Everyone booked gets the new version of what changed (the same version again: nothing new)."""
    if activities is None:
        # Own calls whose time is set (pinned) are invitations without bookings.
        booked_or_own = Q(participants__isnull=False) | Q(organisation__isnull=False, pinned=True)
        ids = list(programme.activities.filter(booked_or_own).values_list("pk", flat=True).distinct())
    else:
        ids = [activity.pk for activity in activities]
    if ids:
        transaction.on_commit(lambda: programme_invitations.invitations_send(ids), robust=True)


def activities_removed(programme: Programme, keys: Iterable[str]) -> None:
    """Everyone booked for a removed meeting gets its cancellation."""
    _after_commit(programme_invitations.removal_cancellations(programme, keys), "CANCEL")


def programme_cancelled(programme: Programme) -> None:
    """Everyone booked for the programme's upcoming meetings gets their cancellation."""
    programme_id = programme.pk
    transaction.on_commit(lambda: programme_invitations.programme_meetings_cancel(programme_id), robust=True)
