"""Access rules for interest, taskforce requests and seasons (see advisory.core.access).

- Expressions of interest: advisors and administrators see and decide all; organisation people see their own
  organisations'; taskforce members none. Anyone, anonymous visitors too, may submit one (the public form).
- Taskforce requests: advisors, administrators and taskforce members (who staff the programmes) see all;
  advisors and administrators decide (allocate, withdraw, decline, start); organisation people see their own.
- Seasons: agency staff see them; advisors and administrators change the capacity and create them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.organisations.policies import member_organisation_ids
from advisory.requests.models import ExpressionOfInterest, Season, TaskforceRequest


def decides(user: AnyUser) -> bool:
    """Advisors and administrators decide interest and requests and manage the seasons."""
    return is_authenticated(user) and bool(user.is_administrator or user.is_advisor)


def _own(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.filter(organisation_id__in=member_organisation_ids(user))


@register(ExpressionOfInterest)
class ExpressionOfInterestPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[ExpressionOfInterest]) -> QuerySet[ExpressionOfInterest]:
        if not is_authenticated(user):
            return queryset.none()
        if decides(user):
            return queryset
        if user.is_taskforce_member:
            return queryset.none()
        return _own(user, queryset)

    def can(self, user: AnyUser, action: Action | str, obj: ExpressionOfInterest | None) -> bool:
        if action == Action.CREATE:
            return True  # the service checks the organisation (own organisations for organisation people)
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            if obj is None:
                return bool(user.is_administrator or user.is_advisor or user.is_organisation_person)
            return self.scope(user, ExpressionOfInterest.objects.filter(pk=obj.pk)).exists()
        return decides(user)


@register(TaskforceRequest)
class TaskforceRequestPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[TaskforceRequest]) -> QuerySet[TaskforceRequest]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset
        return _own(user, queryset)

    def can(self, user: AnyUser, action: Action | str, obj: TaskforceRequest | None) -> bool:
        if action == Action.CREATE:
            return True  # only municipalities: checked by the service
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            if obj is None:
                return True
            return self.scope(user, TaskforceRequest.objects.filter(pk=obj.pk)).exists()
        return decides(user)


@register(Season)
class SeasonPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[Season]) -> QuerySet[Season]:
        if not is_authenticated(user) or not user.is_agency_staff:
            return queryset.none()
        return queryset

    def can(self, user: AnyUser, action: Action | str, obj: Season | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return bool(user.is_agency_staff)
        return decides(user)
