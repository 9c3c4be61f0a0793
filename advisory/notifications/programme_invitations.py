"""Invitations for programme meetings and calls: the mails behind advisory/notifications/plan_changes.py.

- booked → ``METHOD:REQUEST`` to that person (organiser: the programme's first advisor, else the platform);
- date, time or place changed (activity_update, reflow_apply, version_change_apply) → the same UID with
  the higher SEQUENCE (raised by the programme services) to every booked person;
- taken off the meeting, the activity removed, or the programme cancelled → ``METHOD:CANCEL``.

The functions here build and send; when they run is plan_changes' business (after the commit).

Each mail's key is ``invite:<uid>:<sequence>:<method>:<e-mail>:b<booking id>``: the same version is
never sent twice to the same booking, so calling these functions again is harmless. The scheduler's
``invitations_reconcile`` job does exactly that for every upcoming booked meeting, so an invitation
whose after-commit callback was lost (the process died right after the commit) still goes out.

An organisation's own call (``Activity.organisation`` set) is in both calendars without a booking once its
time is set – booked by the coordinator at an offered time, or moved by an advisor (both pin it): its
organisation's coordinators and the programme's advisors get it (key suffix ``p<user id>``), on every version,
like those booked. Until then the proposed date is in the calendar feeds only.

Nothing is sent for activities that are over or done, or that are not meetings or calls.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
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
from advisory.organisations.models import Membership, MembershipFunction
from advisory.programmes.models import Activity, MeetingParticipant, Programme

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    event: CalendarEvent
    contact: Contact
    booking_id: int
    key_suffix: str = ""  # default: b<booking id>; an own call's coordinator or advisor: p<user id>


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


def deliveries_send(deliveries: Iterable[Delivery], method: str) -> int:
    """Put each delivery in the outbox (its key makes a second call harmless); how many it went over."""
    sent = 0
    for delivery in deliveries:
        if not delivery.contact.email:
            continue
        suffix = delivery.key_suffix or f"b{delivery.booking_id}"
        invitation_send(delivery.event, [delivery.contact], method, key_suffix=suffix)  # type: ignore[arg-type]
        sent += 1
    return sent


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
    if participant_ids is None:
        deliveries += own_call_deliveries(activity_ids, today=today)
    return deliveries_send(deliveries, "REQUEST")


def _own_call_people(activities: list[Activity]) -> dict[int, list[Any]]:
    """Per own call: its organisation's active coordinators and the programme's active advisors (two queries)."""
    coordinators: dict[int, list[Any]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in={a.organisation_id for a in activities},
        function=MembershipFunction.COORDINATOR,
        user__is_active=True,
    ).select_related("user"):
        coordinators.setdefault(membership.organisation_id, []).append(membership.user)
    advisors: dict[int, list[Any]] = {}
    for row in Programme.advisors.through.objects.filter(
        programme_id__in={a.programme_id for a in activities}, user__is_active=True
    ).select_related("user"):
        advisors.setdefault(row.programme_id, []).append(row.user)
    result = {}
    for activity in activities:
        people = coordinators.get(activity.organisation_id or 0, []) + advisors.get(activity.programme_id, [])
        result[activity.pk] = list({user.pk: user for user in people}.values())
    return result


def own_call_deliveries(
    activity_ids: Iterable[int], *, today: datetime.date | None = None, cancelled: bool = False
) -> list[Delivery]:
    """The current version of each upcoming own call among ``activity_ids`` for its organisation's coordinators and
    the programme's advisors (``cancelled``: its cancellation, one SEQUENCE above)."""
    activities = [
        a
        for a in Activity.objects.filter(
            pk__in=list(activity_ids), organisation__isnull=False, pinned=True
        ).select_related("programme")
        if _upcoming(a, today)
    ]
    if not activities:
        return []
    people = _own_call_people(activities)
    deliveries = []
    organizers: dict[int, Contact] = {}
    for activity in activities:
        programme = activity.programme
        if programme.pk not in organizers:
            organizers[programme.pk] = organizer_for(programme)
        event = activity_event(activity, programme=programme, organizer=organizers[programme.pk])
        if cancelled:
            event = _cancelled(event)
        for user in people[activity.pk]:
            deliveries.append(Delivery(event, _contact(user), 0, key_suffix=f"p{user.pk}"))
    return deliveries


def invitations_reconcile(now: datetime.datetime | None = None) -> int:
    """The scheduler's safety net: every upcoming booked meeting's current version, for anyone missing it."""
    today = timezone.localdate(now) if now else timezone.localdate()
    activity_ids = (
        Activity.objects.filter(
            Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today),
            Q(participants__isnull=False) | Q(organisation__isnull=False, pinned=True),
            format__in=MEETING_FORMATS,
            done_at__isnull=True,
        )
        .exclude(programme__status__in=INACTIVE_PROGRAMME)
        .values_list("pk", flat=True)
        .distinct()
    )
    before = OutboxMessage.objects.count()
    invitations_send(list(activity_ids))
    return OutboxMessage.objects.count() - before


def unbooking_cancellation(participant: MeetingParticipant) -> list[Delivery]:
    """``METHOD:CANCEL`` of the meeting's current version for a person taken off it (read before the booking goes;
    nothing for a meeting that is over, done or not a meeting)."""
    activity = Activity.objects.select_related("programme").get(pk=participant.activity_id)
    if not _upcoming(activity):
        return []
    event = activity_event(activity, organizer=organizer_for(activity.programme))
    return [Delivery(event, _contact(participant.user), participant.pk)]


def _cancelled(event: CalendarEvent) -> CalendarEvent:
    """A meeting that is called off: one above the last version sent, so calendars take it as the newest word
    (the activity is gone or its programme cancelled, so its own SEQUENCE goes no higher)."""
    return CalendarEvent(**{**event.__dict__, "sequence": event.sequence + 1})


def removal_cancellations(programme: Any, keys: Iterable[str]) -> list[Delivery]:
    """``METHOD:CANCEL`` for everyone booked for the programme's activities with these keys that are not done
    (read before the activities are deleted: the bookings go with them)."""
    doomed = Activity.objects.filter(programme=programme, key__in=list(keys), done_at__isnull=True)
    bookings = MeetingParticipant.objects.filter(activity__in=doomed).select_related("user", "activity__programme")
    deliveries = own_call_deliveries(doomed.values_list("pk", flat=True), cancelled=True)
    organizer = None
    for booking in bookings:
        if not _upcoming(booking.activity):
            continue
        organizer = organizer or organizer_for(programme)
        event = _cancelled(activity_event(booking.activity, organizer=organizer))
        deliveries.append(Delivery(event, _contact(booking.user), booking.pk))
    return deliveries


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
        event = _cancelled(activity_event(booking.activity, organizer=organizer))
        deliveries.append(Delivery(event, _contact(booking.user), booking.pk))
    own_calls = Activity.objects.filter(
        programme_id=programme_id, organisation__isnull=False, pinned=True, done_at__isnull=True
    )
    # The programme is cancelled already: its own calls' versions are read as they were (not "upcoming" any more).
    deliveries += _own_calls_cancelled(list(own_calls.select_related("programme")), today)
    return deliveries_send(deliveries, "CANCEL")


def _own_calls_cancelled(activities: list[Activity], today: datetime.date) -> list[Delivery]:
    calls = [a for a in activities if is_meeting(a) and (a.ends_on or a.starts_on) >= today]
    if not calls:
        return []
    people = _own_call_people(calls)
    organizer = organizer_for(calls[0].programme)
    return [
        Delivery(_cancelled(activity_event(a, organizer=organizer)), _contact(user), 0, key_suffix=f"p{user.pk}")
        for a in calls
        for user in people[a.pk]
    ]
