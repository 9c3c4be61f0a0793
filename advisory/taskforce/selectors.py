"""Reads for the taskforce pages, the programme page's section and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.http import Http404

from advisory.core.access import Action, get_object_for, scope
from advisory.documents.models import Document, DocumentKind
from advisory.documents.selectors import documents_for_programme
from advisory.organisations.models import Membership, MembershipFunction
from advisory.programmes.models import Activity, Programme, ProgrammeKind
from advisory.taskforce.models import (
    OUTSTANDING_DATA,
    STATUS_MEETING,
    DataCollectionItem,
    FollowUpItem,
    FollowUpStatus,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)

TEAM_FUNCTIONS = (
    MembershipFunction.COORDINATOR,
    MembershipFunction.IMPLEMENTATION_TEAM,
    MembershipFunction.STEERING_GROUP,
    MembershipFunction.LEADERSHIP_GROUP,
)
REQUIRED_TEAMS = (MembershipFunction.IMPLEMENTATION_TEAM, MembershipFunction.STEERING_GROUP)


def taskforce_programme(user: Any, pk: Any, action: Action | str = Action.VIEW) -> Programme:
    """The taskforce programme with that id, if the user may see it (404 otherwise, and for other kinds)."""
    return get_object_for(user, Programme.objects.filter(kind=ProgrammeKind.TASKFORCE), action, pk=pk)


R = TypeVar("R", bound=Model)


def record(user: Any, programme: Programme, model: type[R], pk: Any, action: Action | str = Action.VIEW) -> R:
    """One of the programme's records the user may act on (404 outside scope, 403 not allowed). Decisions and
    follow-up items belong to the programme through their status meeting."""
    path = "activity__programme" if model in (StatusDecision, FollowUpItem) else "programme"
    return get_object_for(user, model, action, pk=pk, **{path: programme})


def status_meetings(programme: Programme) -> QuerySet[Activity]:
    return programme.activities.filter(template_key=STATUS_MEETING).order_by("occurrence")


def status_meeting(programme: Programme, key: str) -> Activity:
    meeting = status_meetings(programme).filter(key=key).first()
    if meeting is None:
        raise Http404
    return meeting


def data_items(user: Any, programme: Programme) -> QuerySet[DataCollectionItem]:
    return scope(user, DataCollectionItem).filter(programme=programme)


def presentations(user: Any, programme: Programme) -> QuerySet[PoliticalPresentation]:
    return scope(user, PoliticalPresentation).filter(programme=programme).select_related("material", "activity")


def learning_activities(user: Any, programme: Programme) -> QuerySet[LearningActivity]:
    return scope(user, LearningActivity).filter(programme=programme)


def decisions(user: Any, programme: Programme) -> QuerySet[StatusDecision]:
    """The decisions with their follow-up items (and the meetings those were made and checked at) in one query."""
    items = FollowUpItem.objects.select_related("activity", "checked_at")
    return (
        scope(user, StatusDecision)
        .filter(activity__programme=programme)
        .select_related("activity")
        .prefetch_related(Prefetch("follow_ups", queryset=items))
    )


def follow_ups(user: Any, programme: Programme) -> QuerySet[FollowUpItem]:
    return (
        scope(user, FollowUpItem)
        .filter(activity__programme=programme)
        .select_related("activity", "decision", "checked_at")
    )


def analysis_reports(user: Any, programme: Programme) -> list[Document]:
    return list(documents_for_programme(user, programme).filter(kind=DocumentKind.ANALYSIS_REPORT))


def items_to_check(user: Any, meeting: Activity) -> list[FollowUpItem]:
    """The follow-up items of earlier status meetings to check at this one: those still open, those checked here,
    and those marked done or dropped outside a meeting (not yet confirmed at one)."""
    return list(
        follow_ups(user, meeting.programme)
        .filter(activity__template_key=STATUS_MEETING, activity__occurrence__lt=meeting.occurrence)
        .filter(Q(status=FollowUpStatus.OPEN) | Q(checked_at=meeting) | Q(checked_at__isnull=True))
        .order_by("activity__occurrence", "pk")
    )


@dataclass
class Team:
    function: str
    label: str
    members: list[Membership]
    required: bool

    @property
    def missing(self) -> bool:
        return self.required and not self.members


def teams(user: Any, programme: Programme) -> list[Team]:
    """The municipality's coordinator, implementation team, steering group and leadership group (memberships of
    the programme's organisations the user may see)."""
    memberships = list(
        scope(user, Membership)
        .filter(organisation__participations__programme=programme, function__in=TEAM_FUNCTIONS)
        .select_related("user", "organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    labels = dict(MembershipFunction.choices)
    return [
        Team(
            function,
            str(labels[function]),
            [m for m in memberships if m.function == function],
            function in REQUIRED_TEAMS,
        )
        for function in TEAM_FUNCTIONS
    ]


@dataclass
class MeetingSummary:
    meeting: Activity
    decisions: int
    follow_ups: int
    open_follow_ups: int


@dataclass
class Overview:
    programme: Programme
    teams: list[Team]
    data_total: int
    data_received: int
    data_overdue: int
    reports: list[Document]
    presentations: list[PoliticalPresentation]
    learning_activities: list[LearningActivity]
    meetings: list[MeetingSummary] = field(default_factory=list)

    @property
    def missing_teams(self) -> list[Team]:
        return [team for team in self.teams if team.missing]

    @property
    def open_follow_ups(self) -> int:
        return sum(summary.open_follow_ups for summary in self.meetings)


def data_counts(user: Any, programme: Programme) -> tuple[int, int, int]:
    from django.utils import timezone

    counts = data_items(user, programme).aggregate(
        total=Count("pk"),
        received=Count("pk", filter=Q(status="received")),
        overdue=Count("pk", filter=Q(status__in=OUTSTANDING_DATA, due_on__lt=timezone.localdate())),
    )
    return counts["total"], counts["received"], counts["overdue"]


def meeting_summaries(user: Any, programme: Programme) -> list[MeetingSummary]:
    meetings = list(
        status_meetings(programme).annotate(
            n_decisions=Count("taskforce_decisions", distinct=True),
            n_follow_ups=Count("taskforce_follow_ups", distinct=True),
            n_open=Count(
                "taskforce_follow_ups", filter=Q(taskforce_follow_ups__status=FollowUpStatus.OPEN), distinct=True
            ),
        )
    )
    return [MeetingSummary(m, m.n_decisions, m.n_follow_ups, m.n_open) for m in meetings]


def overview(user: Any, programme: Programme) -> Overview:
    total, received, overdue = data_counts(user, programme)
    return Overview(
        programme=programme,
        teams=teams(user, programme),
        data_total=total,
        data_received=received,
        data_overdue=overdue,
        reports=analysis_reports(user, programme),
        presentations=list(presentations(user, programme)),
        learning_activities=list(learning_activities(user, programme)[:5]),
        meetings=meeting_summaries(user, programme),
    )
