"""Access to the collaboration agreement, the ratings before/after and the anchoring plan (see advisory.core.access).

Imported by the app's ``DevelopmentConfig.ready``. All three belong to one individual or taskforce programme; group
programmes have none of them (404).

- Seeing: whoever sees the programme (``scope(user, Programme)``): advisors, administrators, taskforce members
  staffed on the taskforce programme, and the people of the programme's organisation. Others: 404.
- The agreement and the ratings are written by those who run the programme (``can(user, CHANGE, programme)``);
  the organisation's people read them (403 on a write).
- The anchoring plan is the organisation's plan: those who run the programme and the coordinator of the
  programme's organisation write it; the organisation's other people read it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.development.models import AnchoringPlan, CollaborationAgreement, PrerequisiteRating
from advisory.development.policies import coordinates, development_programmes, has_development_work, runs
from advisory.programmes.models import Programme


def may_edit_anchoring_plan(user: AnyUser, programme: Programme) -> bool:
    return runs(user, programme) or (has_development_work(programme) and coordinates(user, programme))


class _OfProgramme:
    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(programme__in=development_programmes(user).values("pk"))

    def visible(self, user: AnyUser, obj: Any) -> bool:
        return development_programmes(user).filter(pk=obj.programme_id).exists()

    def can(self, user: AnyUser, action: Action | str, obj: Any | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        if action == Action.VIEW:
            return self.visible(user, obj)
        if action == Action.DELETE:
            return False
        return self.may_write(user, obj.programme)

    def may_write(self, user: AnyUser, programme: Programme) -> bool:
        return runs(user, programme)


@register(CollaborationAgreement)
class CollaborationAgreementPolicy(_OfProgramme):
    pass


@register(PrerequisiteRating)
class PrerequisiteRatingPolicy(_OfProgramme):
    pass


@register(AnchoringPlan)
class AnchoringPlanPolicy(_OfProgramme):
    def may_write(self, user: AnyUser, programme: Programme) -> bool:
        return may_edit_anchoring_plan(user, programme)
