"""Reads of the development work. Functions taking ``user`` return only what the user may see; the others
(``programme_*``) are for code that has already checked access to the programme (the collaboration agreement,
the ratings)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from advisory.core.access import get_object_for, scope
from advisory.development import prerequisites
from advisory.development.models import (
    ActionStatus,
    DevelopmentAction,
    DevelopmentPoint,
    Goal,
    GoalStatus,
    PracticeMapping,
    ProgressNote,
    Recommendation,
)
from advisory.development.policies import development_programmes, has_development_work
from advisory.programmes.models import Programme


def development_programme(user: Any, programme_pk: Any) -> Programme:
    """The individual or taskforce programme the user may see, else 404."""
    programme = get_object_for(user, Programme, pk=programme_pk)
    if not has_development_work(programme):
        raise Http404
    return programme


@dataclass
class MappingRow:
    """One prerequisite of the programme and its mapping (None while nothing is written)."""

    prerequisite: prerequisites.Prerequisite
    mapping: PracticeMapping | None

    @property
    def label(self) -> str:
        return str(self.prerequisite.label)

    @property
    def is_filled(self) -> bool:
        m = self.mapping
        return bool(m and (m.current_practice or m.strengths or m.challenges or m.source_material))


def programme_mappings(programme: Programme) -> list[MappingRow]:
    """The programme's prerequisites (three, or four for a taskforce) in order, each with its mapping."""
    found = {m.prerequisite: m for m in programme.practice_mappings.prefetch_related("documents")}
    return [MappingRow(p, found.get(p.value)) for p in prerequisites.for_kind(programme.kind)]


def mappings_for_programme(user: Any, programme: Programme) -> list[MappingRow]:
    """As ``programme_mappings``, or nothing for a user who may not see the programme's mapping."""
    if not development_programmes(user).filter(pk=programme.pk).exists():
        return []
    return programme_mappings(programme)


def programme_recommendations(programme: Programme) -> QuerySet[Recommendation]:
    """In priority order (position 1 first)."""
    return programme.recommendations.order_by("position", "pk")


def recommendations_for_programme(user: Any, programme: Programme) -> QuerySet[Recommendation]:
    return scope(user, Recommendation).filter(programme=programme).order_by("position", "pk")


def _points(queryset: QuerySet[DevelopmentPoint]) -> QuerySet[DevelopmentPoint]:
    return (
        queryset.select_related("recommendation")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "due_on", "pk")),
            Prefetch(
                "goals__progress_notes",
                queryset=ProgressNote.objects.select_related("author", "commented_by").order_by("-written_on", "-pk"),
            ),
            Prefetch("actions", queryset=DevelopmentAction.objects.order_by("deadline", "position", "pk")),
        )
        .order_by("position", "pk")
    )


def development_points_for_programme(user: Any, programme: Programme) -> QuerySet[DevelopmentPoint]:
    return _points(scope(user, DevelopmentPoint).filter(programme=programme))


def programme_goals(programme: Programme) -> QuerySet[Goal]:
    """Every goal of the programme, by due date."""
    return (
        Goal.objects.filter(development_point__programme=programme)
        .select_related("development_point")
        .order_by("due_on", "pk")
    )


def next_goal_due(programme: Programme, today: datetime.date | None = None) -> Goal | None:
    """The open goal due soonest from today (or the most overdue one, if any are overdue)."""
    return programme_goals(programme).filter(status=GoalStatus.OPEN).first()


def progress_notes_for_goal(user: Any, goal: Goal) -> QuerySet[ProgressNote]:
    return scope(user, ProgressNote).filter(goal=goal).select_related("author", "commented_by")


def is_overdue(action: DevelopmentAction, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.is_open and action.deadline < today


@dataclass
class PlanPoint:
    point: DevelopmentPoint
    actions: list[tuple[DevelopmentAction, bool]] = field(default_factory=list)  # (action, overdue)


def development_plan(user: Any, programme: Programme, today: datetime.date | None = None) -> list[PlanPoint]:
    """The development plan: each development point with its actions by deadline, overdue ones marked."""
    today = today or timezone.localdate()
    return [
        PlanPoint(point, [(a, is_overdue(a, today)) for a in point.actions.all()])
        for point in development_points_for_programme(user, programme)
    ]


@dataclass
class Summary:
    mapped: int
    prerequisites: int
    recommendations: int
    development_points: int
    goals: int
    goals_reached: int
    next_goal: Goal | None
    actions: int
    actions_overdue: int


def development_summary(programme: Programme, today: datetime.date | None = None) -> Summary:
    """Counts for the programme page (access to the programme already checked)."""
    today = today or timezone.localdate()
    rows = programme_mappings(programme)
    goals = programme_goals(programme)
    actions = DevelopmentAction.objects.filter(development_point__programme=programme)
    return Summary(
        mapped=sum(1 for r in rows if r.is_filled),
        prerequisites=len(rows),
        recommendations=programme.recommendations.count(),
        development_points=programme.development_points.count(),
        goals=goals.count(),
        goals_reached=goals.filter(status=GoalStatus.REACHED).count(),
        next_goal=next_goal_due(programme, today),
        actions=actions.count(),
        actions_overdue=actions.filter(
            status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS], deadline__lt=today
        ).count(),
    )
