"""Writes of the development work: mappings, recommendations (and their order), development points, goals,
progress notes and the development plan's actions. Each takes the person acting (``by``) and checks that they may
(``advisory.core.access``, rules in ``policies.py``): 403 otherwise."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from advisory.core.access import Action, require
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
from advisory.development.policies import may_edit_goal_fully, runs
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
    by: Any,
    programme: Programme,
    prerequisite: str,
    current_practice: str = "",
    strengths: str = "",
    challenges: str = "",
    source_material: str = "",
    documents: Iterable[Any] | None = None,
) -> PracticeMapping:
    """Create or replace the mapping of one prerequisite."""
    stored = PracticeMapping.objects.filter(programme=programme, prerequisite=prerequisite).first()
    require(by, Action.CHANGE, stored or PracticeMapping(programme=programme, prerequisite=prerequisite))
    check_prerequisite(programme, prerequisite)
    with transaction.atomic():
        mapping, _created = PracticeMapping.objects.select_for_update().get_or_create(
            programme=programme, prerequisite=prerequisite
        )
        mapping.current_practice = current_practice
        mapping.strengths = strengths
        mapping.challenges = challenges
        mapping.source_material = source_material
        mapping.updated_by = by
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
    *, by: Any, programme: Programme, prerequisite: str, text: str, justification: str = ""
) -> Recommendation:
    require(by, Action.CREATE, Recommendation(programme=programme))
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
            created_by=by,
        )
        recommendation.full_clean()
        recommendation.save()
    return recommendation


def recommendation_update(*, by: Any, recommendation: Recommendation, **changes: Any) -> Recommendation:
    require(by, Action.CHANGE, recommendation)
    if "prerequisite" in changes:
        check_prerequisite(recommendation.programme, changes["prerequisite"])
    for name in ("prerequisite", "text", "justification"):
        if name in changes:
            setattr(recommendation, name, changes[name])
    recommendation.full_clean()
    recommendation.save()
    return recommendation


def recommendation_delete(*, by: Any, recommendation: Recommendation) -> None:
    require(by, Action.DELETE, recommendation)
    programme = recommendation.programme
    recommendation.delete()
    _renumber(programme.recommendations.all())


def _renumber(queryset: Any) -> None:
    for position, item in enumerate(queryset.order_by("position", "pk"), start=1):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)


def recommendation_move(*, by: Any, recommendation: Recommendation, direction: str) -> None:
    """One place up (higher priority) or down."""
    require(by, Action.CHANGE, recommendation)
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


def recommendations_reorder(*, by: Any, programme: Programme, ids: Sequence[int]) -> None:
    """The programme's recommendations in exactly this order (every id once)."""
    require(by, Action.CHANGE, Recommendation(programme=programme))
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
    by: Any,
    programme: Programme,
    prerequisite: str,
    title: str,
    description: str = "",
    recommendation: Recommendation | None = None,
) -> DevelopmentPoint:
    require(by, Action.CREATE, DevelopmentPoint(programme=programme))
    check_prerequisite(programme, prerequisite)
    _check_recommendation(programme, recommendation)
    point = DevelopmentPoint(
        programme=programme,
        prerequisite=prerequisite,
        title=title,
        description=description,
        recommendation=recommendation,
        position=_next_position(programme.development_points.all()),
        created_by=by,
    )
    point.full_clean()
    point.save()
    return point


def development_point_update(*, by: Any, point: DevelopmentPoint, **changes: Any) -> DevelopmentPoint:
    require(by, Action.CHANGE, point)
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


def development_point_delete(*, by: Any, point: DevelopmentPoint) -> None:
    require(by, Action.DELETE, point)
    point.delete()


def goal_create(
    *, by: Any, point: DevelopmentPoint, text: str, due_on: datetime.date, status: str = GoalStatus.OPEN
) -> Goal:
    require(by, Action.CREATE, Goal(development_point=point))
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


def goal_update(*, by: Any, goal: Goal, **changes: Any) -> Goal:
    """Those who run the programme change everything; the organisation's coordinator only the status."""
    require(by, Action.CHANGE, goal)
    if not may_edit_goal_fully(by, goal) and any(
        name in changes and changes[name] != getattr(goal, name) for name in ("text", "due_on")
    ):
        raise PermissionDenied
    for name in ("text", "due_on", "status"):
        if name in changes:
            setattr(goal, name, changes[name])
    goal.full_clean()
    goal.save()
    return goal


def goal_delete(*, by: Any, goal: Goal) -> None:
    require(by, Action.DELETE, goal)
    goal.delete()


# --- Progress notes ----------------------------------------------------------------------------------------


def progress_note_create(*, by: Any, goal: Goal, written_on: datetime.date, text: str) -> ProgressNote:
    """Written by the programme's organisations' people (``by`` is the author)."""
    note = ProgressNote(goal=goal, written_on=written_on, text=text, author=by)
    require(by, Action.CREATE, note)
    note.full_clean()
    note.save()
    return note


def progress_note_update(*, by: Any, note: ProgressNote, **changes: Any) -> ProgressNote:
    """The author changes the date and the text (those who run the programme comment instead)."""
    require(by, Action.CHANGE, note)
    if runs(by, note.goal.development_point.programme):
        raise PermissionDenied
    for name in ("written_on", "text"):
        if name in changes:
            setattr(note, name, changes[name])
    note.full_clean()
    note.save()
    return note


def progress_note_comment(*, by: Any, note: ProgressNote, comment: str) -> ProgressNote:
    """Those who run the programme comment on a note (an empty comment removes it)."""
    if not runs(by, note.goal.development_point.programme):
        raise PermissionDenied
    note.comment = comment
    note.commented_by = by if comment else None
    note.full_clean()
    note.save()
    return note


def progress_note_delete(*, by: Any, note: ProgressNote) -> None:
    require(by, Action.DELETE, note)
    note.delete()


# --- The development plan's actions ------------------------------------------------------------------------


def action_create(
    *,
    by: Any,
    point: DevelopmentPoint,
    text: str,
    owner: str,
    deadline: datetime.date,
    status: str = ActionStatus.PLANNED,
) -> DevelopmentAction:
    require(by, Action.CREATE, DevelopmentAction(development_point=point))
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


def action_update(*, by: Any, action: DevelopmentAction, **changes: Any) -> DevelopmentAction:
    require(by, Action.CHANGE, action)
    for name in ("text", "owner", "deadline", "status"):
        if name in changes:
            setattr(action, name, changes[name])
    action.full_clean()
    action.save()
    return action


def action_delete(*, by: Any, action: DevelopmentAction) -> None:
    require(by, Action.DELETE, action)
    action.delete()
