"""Writes of the development work: mappings, recommendations (and their order), development points, goals,
progress notes and the development plan's actions. Access is checked by the callers (views, API)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

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
    RecommendationSource,
)
from advisory.programmes.models import Programme, ProgrammeKind


def check_prerequisite(programme: Programme, prerequisite: str) -> None:
    """The taskforce's fourth theme (case handling) is not one of an individual programme's prerequisites."""
    if prerequisite not in [p.value for p in prerequisites.for_kind(programme.kind)]:
        raise ValidationError({"prerequisite": [_("Choose one of the programme's prerequisites.")]})


def recommendation_source(programme: Programme) -> str:
    """Individual programmes recommend from the mapping; taskforce programmes from the analysis report."""
    return RecommendationSource.ANALYSIS if programme.kind == ProgrammeKind.TASKFORCE else RecommendationSource.MAPPING


# --- Mapping -----------------------------------------------------------------------------------------------


def mapping_save(
    *,
    programme: Programme,
    prerequisite: str,
    current_practice: str = "",
    strengths: str = "",
    challenges: str = "",
    source_material: str = "",
    documents: Iterable[Any] | None = None,
    by: Any = None,
) -> PracticeMapping:
    """Create or replace the mapping of one prerequisite."""
    check_prerequisite(programme, prerequisite)
    with transaction.atomic():
        mapping, _created = PracticeMapping.objects.select_for_update().get_or_create(
            programme=programme, prerequisite=prerequisite
        )
        mapping.current_practice = current_practice
        mapping.strengths = strengths
        mapping.challenges = challenges
        mapping.source_material = source_material
        mapping.updated_by = by if getattr(by, "pk", None) else None
        mapping.full_clean(exclude=["programme"])
        mapping.save()
        if documents is not None:
            documents = list(documents)
            if any(d.programme_id != programme.pk for d in documents):
                raise ValidationError({"documents": [_("Choose documents of this programme.")]})
            mapping.documents.set(documents)
    return mapping


# --- Recommendations ---------------------------------------------------------------------------------------


def _next_position(queryset: Any) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def recommendation_create(
    *, programme: Programme, prerequisite: str, text: str, justification: str = "", by: Any = None
) -> Recommendation:
    check_prerequisite(programme, prerequisite)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        recommendation = Recommendation(
            programme=programme,
            prerequisite=prerequisite,
            source=recommendation_source(programme),
            text=text,
            justification=justification,
            position=_next_position(programme.recommendations.all()),
            created_by=by if getattr(by, "pk", None) else None,
        )
        recommendation.full_clean()
        recommendation.save()
    return recommendation


def recommendation_update(*, recommendation: Recommendation, **changes: Any) -> Recommendation:
    if "prerequisite" in changes:
        check_prerequisite(recommendation.programme, changes["prerequisite"])
    for name in ("prerequisite", "text", "justification"):
        if name in changes:
            setattr(recommendation, name, changes[name])
    recommendation.full_clean()
    recommendation.save()
    return recommendation


def recommendation_delete(*, recommendation: Recommendation) -> None:
    programme = recommendation.programme
    recommendation.delete()
    _renumber(programme.recommendations.all())


def _renumber(queryset: Any) -> None:
    for position, item in enumerate(queryset.order_by("position", "pk"), start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def recommendation_move(*, recommendation: Recommendation, direction: str) -> None:
    """One place up (higher priority) or down."""
    with transaction.atomic():
        ordered = list(
            Recommendation.objects.select_for_update()
            .filter(programme_id=recommendation.programme_id)
            .order_by("position", "pk")
        )
        index = next(i for i, r in enumerate(ordered) if r.pk == recommendation.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            if item.position != position:
                Recommendation.objects.filter(pk=item.pk).update(position=position)


def recommendations_reorder(*, programme: Programme, ids: Sequence[int]) -> None:
    """The programme's recommendations in exactly this order (every id once)."""
    with transaction.atomic():
        existing = list(
            Recommendation.objects.select_for_update().filter(programme=programme).values_list("pk", flat=True)
        )
        if sorted(ids) != sorted(existing) or len(set(ids)) != len(ids):
            raise ValidationError({"ids": [_("Give every recommendation of the programme exactly once.")]})
        for position, pk in enumerate(ids, start=1):
            Recommendation.objects.filter(pk=pk).update(position=position)


# --- Development points and goals --------------------------------------------------------------------------


def _check_recommendation(programme: Programme, recommendation: Recommendation | None) -> None:
    if recommendation is not None and recommendation.programme_id != programme.pk:
        raise ValidationError({"recommendation": [_("Choose a recommendation of this programme.")]})


def development_point_create(
    *,
    programme: Programme,
    prerequisite: str,
    title: str,
    description: str = "",
    recommendation: Recommendation | None = None,
    by: Any = None,
) -> DevelopmentPoint:
    check_prerequisite(programme, prerequisite)
    _check_recommendation(programme, recommendation)
    point = DevelopmentPoint(
        programme=programme,
        prerequisite=prerequisite,
        title=title,
        description=description,
        recommendation=recommendation,
        position=_next_position(programme.development_points.all()),
        created_by=by if getattr(by, "pk", None) else None,
    )
    point.full_clean()
    point.save()
    return point


def development_point_update(*, point: DevelopmentPoint, **changes: Any) -> DevelopmentPoint:
    if "prerequisite" in changes:
        check_prerequisite(point.programme, changes["prerequisite"])
    if "recommendation" in changes:
        _check_recommendation(point.programme, changes["recommendation"])
    for name in ("prerequisite", "title", "description", "recommendation"):
        if name in changes:
            setattr(point, name, changes[name])
    point.full_clean()
    point.save()
    return point


def development_point_delete(*, point: DevelopmentPoint) -> None:
    point.delete()


def goal_create(*, point: DevelopmentPoint, text: str, due_on: datetime.date, status: str = GoalStatus.OPEN) -> Goal:
    goal = Goal(
        development_point=point,
        text=text,
        due_on=due_on,
        status=status or GoalStatus.OPEN,
        position=_next_position(point.goals.all()),
    )
    goal.full_clean()
    goal.save()
    return goal


def goal_update(*, goal: Goal, **changes: Any) -> Goal:
    for name in ("text", "due_on", "status"):
        if name in changes:
            setattr(goal, name, changes[name])
    goal.full_clean()
    goal.save()
    return goal


def goal_delete(*, goal: Goal) -> None:
    goal.delete()


# --- Progress notes ----------------------------------------------------------------------------------------


def progress_note_create(*, goal: Goal, written_on: datetime.date, text: str, author: Any = None) -> ProgressNote:
    note = ProgressNote(
        goal=goal, written_on=written_on, text=text, author=author if getattr(author, "pk", None) else None
    )
    note.full_clean()
    note.save()
    return note


def progress_note_update(*, note: ProgressNote, **changes: Any) -> ProgressNote:
    for name in ("written_on", "text"):
        if name in changes:
            setattr(note, name, changes[name])
    note.full_clean()
    note.save()
    return note


def progress_note_comment(*, note: ProgressNote, comment: str, by: Any = None) -> ProgressNote:
    note.comment = comment
    note.commented_by = by if comment and getattr(by, "pk", None) else None
    note.full_clean()
    note.save()
    return note


def progress_note_delete(*, note: ProgressNote) -> None:
    note.delete()


# --- The development plan's actions ------------------------------------------------------------------------


def action_create(
    *, point: DevelopmentPoint, text: str, owner: str, deadline: datetime.date, status: str = ActionStatus.PLANNED
) -> DevelopmentAction:
    action = DevelopmentAction(
        development_point=point,
        text=text,
        owner=owner,
        deadline=deadline,
        status=status or ActionStatus.PLANNED,
        position=_next_position(point.actions.all()),
    )
    action.full_clean()
    action.save()
    return action


def action_update(*, action: DevelopmentAction, **changes: Any) -> DevelopmentAction:
    for name in ("text", "owner", "deadline", "status"):
        if name in changes:
            setattr(action, name, changes[name])
    action.full_clean()
    action.save()
    return action


def action_delete(*, action: DevelopmentAction) -> None:
    action.delete()
