"""The start page's work list: what is overdue (and by how long), this week, and in the next 30 days, and what waits
for the person themself – bookings missing for the joint meetings ahead, assessments an advisor has to make, and,
for a coordinator, the trial action to register. Evaluations to answer and decisions on requests are the
evaluations' and the requests' own start-page sections.

Bounded: each list shows at most ``LIMIT`` items and says how many more there are; a fixed number of queries
whatever the number of programmes (the assessments: one query per programme the advisor runs with such a meeting
behind it, at most ``ASSESS_PROGRAMMES``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from advisory.core.access import scope
from advisory.organisations.policies import member_organisation_ids
from advisory.programmes.models import (
    Activity,
    ActivityFormat,
    ActivityScope,
    CriterionCheck,
    MeetingParticipant,
    Programme,
    ProgrammeOrganisation,
    ProgrammeStatus,
    TemplateVersion,
)

LIMIT = 15
HORIZON = 30  # days ahead
OVERDUE_SINCE = 365  # days back: older open items are the programme's own matter, not the week's
ASSESS_PROGRAMMES = 50
MEETINGS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON)


@dataclass(frozen=True)
class Item:
    activity: Activity
    days_overdue: int = 0
    show_year: bool = False  # the activity lies in another year than today


@dataclass
class Bucket:
    items: list[Item] = field(default_factory=list)
    more: int = 0


@dataclass(frozen=True)
class MissingBooking:
    activity: Activity
    organisations: list[str]  # the names of the programme's organisations with nobody booked


@dataclass(frozen=True)
class Assessment:
    activity: Activity
    count: int  # criteria times organisations not assessed yet


@dataclass
class WorkList:
    overdue: Bucket
    this_week: Bucket
    next_30_days: Bucket
    bookings_missing: list[MissingBooking]
    assessments: list[Assessment]
    trial_action_programmes: list[Programme]  # a coordinator's running group programmes
    is_staff: bool

    @property
    def empty(self) -> bool:
        return not (self.overdue.items or self.this_week.items or self.next_30_days.items)


def _programmes(user: Any) -> QuerySet[Programme]:
    """Planned and running programmes the user works in: the ones an advisor runs, an organisation's people's own."""
    programmes = scope(user, Programme).filter(status__in=[ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING])
    if user.is_advisor or user.is_taskforce_member:
        programmes = programmes.filter(advisors=user)
    return programmes


def _bucket(activities: QuerySet[Activity], today: datetime.date, overdue: bool = False) -> Bucket:
    rows = list(activities.select_related("programme").order_by("starts_on", "position")[: LIMIT + 1])
    shown = rows[:LIMIT]
    more = activities.count() - LIMIT if len(rows) > LIMIT else 0
    return Bucket(
        items=[Item(a, (today - a.starts_on).days if overdue else 0, a.starts_on.year != today.year) for a in shown],
        more=more,
    )


def work_list(user: Any, today: datetime.date | None = None) -> WorkList:
    today = today or timezone.localdate()
    # The programmes' ids first, then lists by ids: SQLite planned the date-ranged lists with the programmes as a
    # subquery by scanning a year of every programme's activities (about 50 ms each at scale).
    programme_ids = list(_programmes(user).values_list("pk", flat=True))
    activities = scope(user, Activity).filter(programme_id__in=programme_ids, done_at__isnull=True)
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    horizon = today + datetime.timedelta(days=HORIZON)
    overdue = activities.filter(starts_on__lt=today, starts_on__gte=today - datetime.timedelta(days=OVERDUE_SINCE))
    return WorkList(
        overdue=_bucket(overdue.order_by("-starts_on"), today, overdue=True),
        this_week=_bucket(activities.filter(starts_on__gte=today, starts_on__lte=end_of_week), today),
        next_30_days=_bucket(activities.filter(starts_on__gt=end_of_week, starts_on__lte=horizon), today),
        bookings_missing=bookings_missing(user, programme_ids, today),
        assessments=assessments_waiting(user, programme_ids, today) if user.is_agency_staff else [],
        trial_action_programmes=[]
        if user.is_agency_staff
        else list(
            Programme.objects.filter(pk__in=programme_ids, kind="group", status=ProgrammeStatus.RUNNING).order_by(
                "title"
            )[:LIMIT]
        ),
        is_staff=bool(user.is_agency_staff),
    )


def bookings_missing(user: Any, programme_ids: list[int], today: datetime.date) -> list[MissingBooking]:
    """The joint meetings of the next 30 days for which an organisation has nobody booked (for a coordinator: only
    their own organisations). Three queries."""
    meetings = list(
        Activity.objects.filter(
            programme_id__in=programme_ids,
            scope=ActivityScope.SHARED,
            organisation__isnull=True,
            format__in=MEETINGS,
            done_at__isnull=True,
            starts_on__gte=today,
            starts_on__lte=today + datetime.timedelta(days=HORIZON),
        )
        .select_related("programme")
        .order_by("starts_on", "position")[:LIMIT]
    )
    if not meetings:
        return []
    booked = defaultdict(set)
    for activity_id, organisation_id in MeetingParticipant.objects.filter(activity__in=meetings).values_list(
        "activity_id", "organisation_id"
    ):
        booked[activity_id].add(organisation_id)
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    participations = ProgrammeOrganisation.objects.filter(programme_id__in={m.programme_id for m in meetings})
    if not user.is_agency_staff:
        participations = participations.filter(organisation_id__in=member_organisation_ids(user))
    for programme_id, organisation_id, name in participations.values_list(
        "programme_id", "organisation_id", "organisation__name"
    ).order_by("organisation__name"):
        members[programme_id].append((organisation_id, name))
    missing = []
    for meeting in meetings:
        names = [name for pk, name in members[meeting.programme_id] if pk not in booked[meeting.pk]]
        if names:
            missing.append(MissingBooking(meeting, names))
    return missing


ASSESSMENT_COLUMNS = (
    "key",
    "title",
    "template_key",
    "organisation_id",
    "starts_on",
    "position",
    "programme__title",
    "programme__template_version_id",
)


def assessments_waiting(user: Any, programme_ids: list[int], today: datetime.date) -> list[Assessment]:
    """The meetings and periods behind us whose success criteria an advisor judges and has not yet judged for every
    organisation (the criteria the system judges itself are left out)."""
    candidates = list(
        Activity.objects.filter(
            programme_id__in=programme_ids,
            starts_on__lt=today,
            starts_on__gte=today - datetime.timedelta(days=OVERDUE_SINCE),
        )
        .select_related("programme")
        # Only what the list shows and judges: the programme's JSON columns (and its template version's, read
        # once per version below) decoded for every candidate were most of the start page's time at scale.
        .only(*ASSESSMENT_COLUMNS)
        .order_by("programme_id", "starts_on", "position")
    )
    if not candidates:
        return []
    by_programme: dict[int, list[Activity]] = defaultdict(list)
    for activity in candidates:
        by_programme[activity.programme_id].append(activity)
    checked = defaultdict(set)
    for activity_id, organisation_id, criterion in CriterionCheck.objects.filter(activity__in=candidates).values_list(
        "activity_id", "organisation_id", "criterion"
    ):
        checked[activity_id].add((organisation_id, criterion))
    organisation_ids: dict[int, list[int]] = defaultdict(list)
    for programme_id, organisation_id in ProgrammeOrganisation.objects.filter(
        programme_id__in=by_programme
    ).values_list("programme_id", "organisation_id"):
        organisation_ids[programme_id].append(organisation_id)
    waiting = []
    templates: dict[int, Any] = {}
    shown = list(by_programme.values())[:ASSESS_PROGRAMMES]
    versions = TemplateVersion.objects.in_bulk({activities[0].programme.template_version_id for activities in shown})
    for activities in shown:
        version_id = activities[0].programme.template_version_id
        if version_id not in templates:
            templates[version_id] = versions[version_id].engine_template()
        template = templates[version_id]
        for activity in activities:
            try:
                spec = template.activity(activity.template_key)
            except KeyError:
                continue
            judged = [c.text for c in spec.success_criteria if not c.evidence]
            if not judged:
                continue
            orgs = (
                [activity.organisation_id]
                if activity.organisation_id is not None
                else organisation_ids[activity.programme_id]
            )
            count = sum(1 for org in orgs for text in judged if (org, text) not in checked[activity.pk])
            if count:
                waiting.append(Assessment(activity, count))
    return waiting[:LIMIT]


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    """The start page's work list (every logged-in person who works in a programme)."""
    return "programmes/_work_list.html", {"work": work_list(user)}
