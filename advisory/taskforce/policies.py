"""Access rules for the taskforce records (see advisory.core.access).

Only taskforce programmes have them: a programme of another kind has none (404 for its pages and endpoints).

- Who runs the programme — advisors, administrators and the taskforce members staffed on it, i.e.
  ``advisory.programmes.policies.runs_programme`` — reads and writes every record (create, change, delete, and the
  check of follow-up items at a status meeting).
- The municipality's people (members of the programme's organisation in any function) read every record.
- The municipality's coordinator also updates the status and note of data-collection items (the municipality
  delivers the data) and of follow-up items (the municipality carries them out). "Their own" items cannot be told
  apart: responsible and owner are free-text names, so the coordinator may update the status of any of the
  programme's items, and nothing else about them.
- Everyone else (another organisation's people, taskforce members not staffed on it): the records do not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register, scope
from advisory.organisations.models import Membership, MembershipFunction
from advisory.programmes.models import Programme, ProgrammeKind
from advisory.programmes.policies import runs_programme
from advisory.taskforce.models import (
    DataCollectionItem,
    FollowUpItem,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)


def taskforce_programmes(user: AnyUser) -> QuerySet[Programme]:
    """The taskforce programmes the user may see."""
    return scope(user, Programme).filter(kind=ProgrammeKind.TASKFORCE)


def is_coordinator(user: AnyUser, programme: Programme) -> bool:
    """The coordinator of (one of) the programme's organisations."""
    if not is_authenticated(user):
        return False
    return Membership.objects.filter(
        user=user, function=MembershipFunction.COORDINATOR, organisation__participations__programme=programme
    ).exists()


class _TaskforceRecordPolicy:
    programme_path = "programme"
    coordinator_updates_status = False

    def programme_of(self, obj: Any) -> Programme:
        for part in self.programme_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(**{f"{self.programme_path}__in": taskforce_programmes(user)})

    def can(self, user: AnyUser, action: Action | str, obj: Model | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False  # creating is checked for a concrete programme (an unsaved record)
        programme = self.programme_of(obj)
        if programme.kind != ProgrammeKind.TASKFORCE:
            return False
        if action == Action.VIEW:
            return taskforce_programmes(user).filter(pk=programme.pk).exists()
        if runs_programme(user, programme):
            return True
        return action == Action.CHANGE and self.coordinator_updates_status and is_coordinator(user, programme)


@register(DataCollectionItem)
class DataCollectionItemPolicy(_TaskforceRecordPolicy):
    coordinator_updates_status = True


@register(PoliticalPresentation)
class PoliticalPresentationPolicy(_TaskforceRecordPolicy):
    pass


@register(LearningActivity)
class LearningActivityPolicy(_TaskforceRecordPolicy):
    pass


@register(StatusDecision)
class StatusDecisionPolicy(_TaskforceRecordPolicy):
    programme_path = "activity__programme"


@register(FollowUpItem)
class FollowUpItemPolicy(_TaskforceRecordPolicy):
    programme_path = "activity__programme"
    coordinator_updates_status = True
