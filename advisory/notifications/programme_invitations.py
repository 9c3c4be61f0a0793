"""Invitations for programme meetings and calls, driven by advisory/programmes/signals.py.

- booked → ``METHOD:REQUEST`` to that person (organiser: the programme's first advisor, else the platform);
- date, time or place changed (activity_update, reflow_apply, version_change_apply) → the same UID with
  the higher SEQUENCE to every booked person;
- taken off the meeting, the activity removed, or the programme cancelled → ``METHOD:CANCEL``.

The signals arrive inside the service's transaction. The receivers only read what they need there
(and raise the activity's SEQUENCE when its place changes, which the service does not do); the mails
are put in the outbox by ``transaction.on_commit`` callbacks, so a rolled-back change sends nothing.
Each mail's key is ``invite:<uid>:<sequence>:<method>:<e-mail>:b<booking id>``: the same version is
never sent twice to the same booking, so calling these functions again is harmless. The scheduler's
``invitations_reconcile`` job does exactly that for every upcoming booked meeting, so an invitation
whose after-commit callback was lost (the process died right after the commit) still goes out.

Nothing is sent for activities that are over or done, or that are not meetings or calls.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from advisory.notifications.ical import CalendarEvent, Contact
from advisory.notifications.invitations import invitation_send
from advisory.notifications.models import OutboxMessage
from advisory.notifications.programme_calendar import (
    INACTIVE_PROGRAMME,
    MEETING_FORMATS,
    activity_event,
    is_meeting,
    organizer_for,
)
from advisory.programmes import signals
from advisory.programmes.models import Activity, MeetingParticipant

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    event: CalendarEvent
    contact: Contact
    booking_id: int


def _contact(user: Any) -> Contact:
    return Contact(user.get_full_name(), user.email)


def _upcoming(activity: Activity, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    last_day = activity.ends_on or activity.starts_on
    return (
        is_meeting(activity)
        and activity.done_at is None
        and last_day >= today
        and activity.programme.status not in INACTIVE_PROGRAMME
    )


def _send(deliveries: Iterable[Delivery], method: str) -> int:
    sent = 0
    for delivery in deliveries:
        if not delivery.contact.email:
            continue
        invitation_send(delivery.event, [delivery.contact], method, key_suffix=f"b{delivery.booking_id}")  # type: ignore[arg-type]
        sent += 1
    return sent


def _after_commit(deliveries: list[Delivery], method: str) -> None:
    if deliveries:
        transaction.on_commit(lambda: _send(deliveries, method), robust=True)


def invitations_send(activity_ids: Iterable[int], *, participant_ids: Iterable[int] | None = None) -> int:
    """Put the current version of each upcoming meeting in the outbox for its booked people (again: no-op).

    Returns how many people it went over (new mails or not). Public: other code may call it after a change.
    """
    bookings = MeetingParticipant.objects.filter(activity_id__in=list(activity_ids)).select_related(
        "user", "activity__programme"
    )
    if participant_ids is not None:
        bookings = bookings.filter(pk__in=list(participant_ids))
    organizers: dict[int, Contact] = {}
    deliveries = []
    today = timezone.localdate()
    for booking in bookings.order_by("activity_id", "pk"):
        activity = booking.activity
        if not _upcoming(activity, today) or not booking.user.is_active:
            continue
        programme = activity.programme
        if programme.pk not in organizers:
            organizers[programme.pk] = organizer_for(programme)
        event = activity_event(activity, programme=programme, organizer=organizers[programme.pk])
        deliveries.append(Delivery(event, _contact(booking.user), booking.pk))
    return _send(deliveries, "REQUEST")


def invitations_reconcile(now: datetime.datetime | None = None) -> int:
    """The scheduler's safety net: every upcoming booked meeting's current version, for anyone missing it."""
    today = timezone.localdate(now) if now else timezone.localdate()
    activity_ids = (
        Activity.objects.filter(
            Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today),
            format__in=MEETING_FORMATS,
            done_at__isnull=True,
            participants__isnull=False,
        )
        .exclude(programme__status__in=INACTIVE_PROGRAMME)
        .values_list("pk", flat=True)
        .distinct()
    )
    before = OutboxMessage.objects.count()
    invitations_send(list(activity_ids))
    return OutboxMessage.objects.count() - before


# --- Receivers ---------------------------------------------------------------------------------------------


def on_meeting_booked(sender: Any, participant: MeetingParticipant, **kwargs: Any) -> None:
    activity_id, participant_id = participant.activity_id, participant.pk
    transaction.on_commit(lambda: invitations_send([activity_id], participant_ids=[participant_id]), robust=True)


def on_meeting_unbooking(sender: Any, participant: MeetingParticipant, **kwargs: Any) -> None:
    activity = Activity.objects.select_related("programme").get(pk=participant.activity_id)
    if not _upcoming(activity):
        return
    event = activity_event(activity, organizer=organizer_for(activity.programme))
    _after_commit([Delivery(event, _contact(participant.user), participant.pk)], "CANCEL")


def on_activity_updating(
    sender: Any, activity: Activity, start_time: Any = None, location: str | None = None, **kwargs: Any
) -> None:
    """A new place is a change calendars must get: raise SEQUENCE (the service does so for a new time only)."""
    time_changes = start_time is not None and start_time != activity.start_time
    if location is not None and location != activity.location and not time_changes:
        Activity.objects.filter(pk=activity.pk).update(sequence=F("sequence") + 1)
        activity.sequence += 1


def on_activities_changed(
    sender: Any, programme: Any, activities: Iterable[Activity] | None = None, **kwargs: Any
) -> None:
    if activities is None:
        ids = list(programme.activities.filter(participants__isnull=False).values_list("pk", flat=True).distinct())
    else:
        ids = [activity.pk for activity in activities]
    if ids:
        transaction.on_commit(lambda: invitations_send(ids), robust=True)


def on_activities_removing(sender: Any, programme: Any, activities: Iterable[str], **kwargs: Any) -> None:
    """Cancel the removed meetings for everyone booked (read now: the bookings go with the activities)."""
    doomed = Activity.objects.filter(programme=programme, key__in=list(activities), done_at__isnull=True)
    bookings = MeetingParticipant.objects.filter(activity__in=doomed).select_related("user", "activity__programme")
    deliveries = []
    organizer = None
    for booking in bookings:
        if not _upcoming(booking.activity):
            continue
        organizer = organizer or organizer_for(programme)
        event = activity_event(booking.activity, organizer=organizer)
        # One above the last version sent, so calendars take the cancellation as the newest word.
        event = CalendarEvent(**{**event.__dict__, "sequence": event.sequence + 1})
        deliveries.append(Delivery(event, _contact(booking.user), booking.pk))
    _after_commit(deliveries, "CANCEL")


def on_programme_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A cancelled programme cancels its upcoming meetings for everyone booked (once: the keys)."""
    if instance.status in INACTIVE_PROGRAMME:
        programme_id = instance.pk
        transaction.on_commit(lambda: programme_meetings_cancel(programme_id), robust=True)


def programme_meetings_cancel(programme_id: int) -> int:
    """``METHOD:CANCEL`` for every upcoming, not done meeting of the programme, to each booked person."""
    today = timezone.localdate()
    bookings = MeetingParticipant.objects.filter(
        Q(activity__ends_on__gte=today) | Q(activity__ends_on__isnull=True, activity__starts_on__gte=today),
        activity__programme_id=programme_id,
        activity__format__in=MEETING_FORMATS,
        activity__done_at__isnull=True,
    ).select_related("user", "activity__programme")
    deliveries = []
    organizer = None
    for booking in bookings:
        organizer = organizer or organizer_for(booking.activity.programme)
        event = activity_event(booking.activity, organizer=organizer)
        event = CalendarEvent(**{**event.__dict__, "sequence": event.sequence + 1})
        deliveries.append(Delivery(event, _contact(booking.user), booking.pk))
    return _send(deliveries, "CANCEL")


def connect() -> None:
    from django.db.models.signals import post_save

    from advisory.programmes.models import Programme

    post_save.connect(on_programme_saved, sender=Programme, dispatch_uid="notifications.programme_saved")
    signals.meeting_booked.connect(on_meeting_booked, dispatch_uid="notifications.meeting_booked")
    signals.meeting_unbooking.connect(on_meeting_unbooking, dispatch_uid="notifications.meeting_unbooking")
    signals.activity_updating.connect(on_activity_updating, dispatch_uid="notifications.activity_updating")
    signals.activities_changed.connect(on_activities_changed, dispatch_uid="notifications.activities_changed")
    signals.activities_removing.connect(on_activities_removing, dispatch_uid="notifications.activities_removing")
