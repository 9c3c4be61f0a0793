"""What follows a change of plan outside the plan itself: the port the programme services call.

The services call these functions by name, at the point of the change (``meeting_book`` →
``plan_changes.meeting_booked(participant)``), inside their transaction. Notifications, which sits above
programmes in the layers and reads its models, puts its implementation here in its ``AppConfig.ready()``
(advisory/notifications/plan_changes.py: invitations and cancellations by mail, sent after the commit).
Programmes imports nothing of notifications; with no implementation registered the calls do nothing.

The functions are called while the rows still are as the change found them: ``meeting_unbooked`` and
``activities_removed`` before the rows are deleted, so the mail can still name the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from advisory.programmes.models import Activity, MeetingParticipant, Programme


class PlanChanges(Protocol):
    """What an implementation provides (a module with these functions will do)."""

    def meeting_booked(self, participant: MeetingParticipant) -> None: ...

    def meeting_unbooked(self, participant: MeetingParticipant) -> None: ...

    def activities_changed(self, programme: Programme, activities: Iterable[Activity] | None) -> None: ...

    def activities_removed(self, programme: Programme, keys: Iterable[str]) -> None: ...

    def programme_cancelled(self, programme: Programme) -> None: ...


_implementation: PlanChanges | None = None


def implement(implementation: PlanChanges) -> None:
    """Register what follows a change of plan (once, from an AppConfig.ready(); again with the same: no change)."""
    global _implementation
    if _implementation is not None and _implementation is not implementation:
        raise RuntimeError("What follows a change of plan is already implemented elsewhere.")
    _implementation = implementation


def meeting_booked(participant: MeetingParticipant) -> None:
    """A person was booked for a meeting or call (booked again: the same)."""
    if _implementation is not None:
        _implementation.meeting_booked(participant)


def meeting_unbooked(participant: MeetingParticipant) -> None:
    """A person is taken off a meeting (called before the booking is deleted)."""
    if _implementation is not None:
        _implementation.meeting_unbooked(participant)


def activities_changed(programme: Programme, activities: Iterable[Activity] | None = None) -> None:
    """Dates, times or places of these activities (None: any of the programme's) may have changed; called after
    the rows are saved, with their SEQUENCE already raised where the calendar item changed."""
    if _implementation is not None:
        _implementation.activities_changed(programme, activities)


def activities_removed(programme: Programme, keys: Iterable[str]) -> None:
    """The programme's activities with these keys that are not done are about to be deleted."""
    if _implementation is not None:
        _implementation.activities_removed(programme, keys)


def programme_cancelled(programme: Programme) -> None:
    """The programme has just been cancelled."""
    if _implementation is not None:
        _implementation.programme_cancelled(programme)
