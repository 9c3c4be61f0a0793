"""A programme's progress: what is next, who does what, and its status from planned to completed.

The phase shown on the programme page follows the plan's dates and what is done (services.programme_phase).
The stored status moves planned → running when the first activity is done or its date has come, and
running → completed when an advisor completes the programme after its last activity (for a group
programme: the follow-up call three months after the closing meeting) is done.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.core.access import Action, AnyUser, require, scope
from advisory.core.dates import short_date
from advisory.programmes.models import Activity, MeetingParticipant, Programme, ProgrammeStatus
from advisory.programmes.template_data import spec_value


@dataclass(frozen=True)
class Role:
    party: str  # "organisation" or "agency"
    title: str
    tasks: tuple[str, ...]


def roles(programme: Programme) -> list[Role]:
    """The parties' roles and tasks from the template (seeds 001, 003, 004); versions stored before the
    roles were part of the template data fall back to the built-in template of the same kind."""
    data = spec_value(programme.template_version.spec, programme.kind, "roles") or []
    return [Role(r.get("party", ""), r.get("title", ""), tuple(r.get("tasks", ()))) for r in data]


def upcoming(activities: list[Activity], *, today: datetime.date | None = None, limit: int = 3) -> list[Activity]:
    """``next_activities`` of activities already read in the plan's order (starts_on, position): no query."""
    today = today or timezone.localdate()
    return [
        a
        for a in activities
        if a.done_at is None and (a.ends_on >= today if a.ends_on is not None else a.starts_on >= today)
    ][:limit]


def next_activities(
    programme: Programme, *, today: datetime.date | None = None, limit: int = 3, user: Any = None
) -> list[Activity]:
    """The next activities not yet done that have not ended (shared and per organisation alike; with ``user``,
    only the organisations' own calls and preparations that the user may see)."""
    today = today or timezone.localdate()
    activities = programme.activities.all() if user is None else scope(user, Activity).filter(programme=programme)
    return list(
        activities.filter(done_at__isnull=True)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .order_by("starts_on", "position")[:limit]
    )


def final_activity(programme: Programme) -> Activity | None:
    """The activity that ends the plan; of an organisation's own (each its follow-up call), the first not done,
    else the latest."""
    ends_with = programme.template_version.engine_template().ends_with
    finals = programme.activities.filter(template_key=ends_with)
    return finals.filter(done_at__isnull=True).order_by("starts_on").first() or finals.order_by("-starts_on").first()


def completion_blockers(programme: Programme) -> list[str]:
    """Why the programme cannot be completed yet (empty when it can)."""
    if programme.status == ProgrammeStatus.COMPLETED:
        return [_("The programme is already completed.")]
    if programme.status == ProgrammeStatus.CANCELLED:
        return [_("The programme is cancelled.")]
    last = final_activity(programme)
    if last is not None and not last.done:
        return [
            _("“%(title)s” (%(date)s) must be marked as done before the programme can be completed.")
            % {"title": last.title, "date": short_date(last.starts_on)}
        ]
    return []


@transaction.atomic
def programme_complete(programme: Programme, *, by: AnyUser = None) -> Programme:
    """Complete the programme after its last activity; refused with the reason otherwise. ``by``: one who runs it."""
    if by is not None:
        require(by, Action.CHANGE, programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    blockers = completion_blockers(programme)
    if blockers:
        raise ValidationError(blockers)
    programme.status = ProgrammeStatus.COMPLETED
    programme.save(update_fields=["status", "updated_at"])
    return programme


def programme_status_refresh(programme: Programme, *, today: datetime.date | None = None) -> Programme:
    """Planned → running once the first activity is done or its date has come."""
    if programme.status != ProgrammeStatus.PLANNED:
        return programme
    today = today or timezone.localdate()
    started = programme.activities.filter(Q(done_at__isnull=False) | Q(starts_on__lte=today)).exists()
    if started:
        programme.status = ProgrammeStatus.RUNNING
        programme.save(update_fields=["status", "updated_at"])  # saved (not updated in bulk) for the audit log
    return programme


@dataclass
class OrganisationView:
    """What a coordinator sees of their own organisation in a programme."""

    organisation: Any
    next_activities: list[Activity]
    bookings: list[tuple[Activity, list[Any]]]  # each joint meeting or own call with the organisation's people
    criteria: Any  # the organisation's column of the success-criteria overview: (activity, its state or None)


def organisation_view(programme: Programme, organisation: Any, summary: Any) -> OrganisationView:
    """``summary``: the success-criteria overview's (``criteria.Overview.summary()``)."""
    plan = list(programme.activities.order_by("starts_on", "position"))
    meetings = ("virtual", "in_person", "phone")
    activities = [a for a in plan if a.format in meetings and a.organisation_id in (None, organisation.pk)]
    booked: dict[int, list[Any]] = {}
    for participant in MeetingParticipant.objects.filter(
        activity__programme=programme, organisation=organisation
    ).select_related("user"):
        booked.setdefault(participant.activity_id, []).append(participant)
    by_pk = {a.pk: a for a in plan}
    cells = [(by_pk[pk], state) for pk, state in summary.column(organisation.pk) if pk in by_pk]
    return OrganisationView(
        organisation=organisation,
        next_activities=[
            a for a in next_activities(programme, limit=50) if a.organisation_id in (None, organisation.pk)
        ][:3],
        bookings=[(a, booked.get(a.pk, [])) for a in activities],
        criteria=cells,
    )
