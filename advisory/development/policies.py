"""Access rules for the development work of individual and taskforce programmes (see advisory.core.access).

Everything here belongs to one programme of kind individual or taskforce; group programmes have none of it (404).

- Seeing: whoever sees the programme (``scope(user, Programme)``): advisors and administrators, taskforce members
  staffed on the taskforce programme, and the people of the programme's organisations. Another organisation's
  people (and unstaffed taskforce members) do not see the records at all (404).
- The mapping, the recommendations, the development points, the goals and the development plan's actions are
  written by those who run the programme (``can(user, CHANGE, programme)``: advisors, administrators, staffed
  taskforce members). The organisation's people read them (403 on a write).
- Exception, decided here: the coordinator of one of the programme's organisations may change a goal's *status*
  (working on it / reached / adjusted / dropped) – the organisation reports its own progress – but not its text
  or date. ``Goal`` CHANGE is therefore allowed to that coordinator; the views and the API let them change only
  the status (``may_edit_goal_fully`` tells the two apart).
- Progress notes: the programme's organisations' people write them (any member) and change or delete their own;
  those who run the programme read them and comment (CHANGE means commenting for them) but do not write notes.
- Source material of the mapping stays advisors-only (it is part of the mapping).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register, scope
from advisory.development.models import (
    DevelopmentAction,
    DevelopmentPoint,
    Goal,
    PracticeMapping,
    ProgressNote,
    Recommendation,
)
from advisory.organisations.models import Membership, MembershipFunction
from advisory.organisations.policies import member_organisation_ids
from advisory.programmes.models import Programme, ProgrammeKind
from advisory.programmes.policies import runs_programme

KINDS = (ProgrammeKind.INDIVIDUAL, ProgrammeKind.TASKFORCE)


def has_development_work(programme: Programme) -> bool:
    return programme.kind in KINDS


def development_programmes(user: AnyUser) -> QuerySet[Programme]:
    """The individual and taskforce programmes the user may see."""
    return scope(user, Programme).filter(kind__in=KINDS)


def runs(user: AnyUser, programme: Programme) -> bool:
    """Advisors, administrators, staffed taskforce members: the programme policy's right to change it."""
    return has_development_work(programme) and runs_programme(user, programme)


def takes_part(user: AnyUser, programme: Programme) -> bool:
    """A person of one of the programme's organisations."""
    if not is_authenticated(user):
        return False
    own = member_organisation_ids(user)
    return programme.participations.filter(organisation_id__in=own).exists()


def coordinates(user: AnyUser, programme: Programme) -> bool:
    """The coordinator of one of the programme's organisations."""
    if not is_authenticated(user):
        return False
    own = Membership.objects.filter(user=user, function=MembershipFunction.COORDINATOR).values("organisation_id")
    return programme.participations.filter(organisation_id__in=own).exists()


def may_edit_goal_fully(user: AnyUser, goal: Goal) -> bool:
    """Text and date too (the runners), not just the status (the coordinator)."""
    return runs(user, goal.development_point.programme)


class _ProgrammeRecordPolicy:
    """Seen with the programme; written by those who run it."""

    programme_path = "programme"

    def programme_of(self, obj: Any) -> Programme:
        for part in self.programme_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(**{f"{self.programme_path}__in": development_programmes(user).values("pk")})

    def can(self, user: AnyUser, action: Action | str, obj: Any | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        programme = self.programme_of(obj)
        if action == Action.VIEW:
            return has_development_work(programme) and development_programmes(user).filter(pk=programme.pk).exists()
        return runs(user, programme)


@register(PracticeMapping)
class PracticeMappingPolicy(_ProgrammeRecordPolicy):
    pass


@register(Recommendation)
class RecommendationPolicy(_ProgrammeRecordPolicy):
    pass


@register(DevelopmentPoint)
class DevelopmentPointPolicy(_ProgrammeRecordPolicy):
    pass


@register(DevelopmentAction)
class DevelopmentActionPolicy(_ProgrammeRecordPolicy):
    programme_path = "development_point__programme"


@register(Goal)
class GoalPolicy(_ProgrammeRecordPolicy):
    programme_path = "development_point__programme"

    def can(self, user: AnyUser, action: Action | str, obj: Any | None) -> bool:
        if super().can(user, action, obj):
            return True
        if action == Action.CHANGE and obj is not None and obj.pk is not None:
            return coordinates(user, self.programme_of(obj))
        return False


@register(ProgressNote)
class ProgressNotePolicy(_ProgrammeRecordPolicy):
    programme_path = "goal__development_point__programme"

    def can(self, user: AnyUser, action: Action | str, obj: Any | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        programme = self.programme_of(obj)
        if action == Action.VIEW:
            return super().can(user, action, obj)
        if not has_development_work(programme):
            return False
        if action == Action.CREATE:
            return takes_part(user, programme)
        if action == Action.CHANGE and runs(user, programme):
            return True  # a comment
        return obj.author_id == user.pk and takes_part(user, programme)
