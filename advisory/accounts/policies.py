"""Access rules for API tokens (see advisory.core.access). Who sees which people follows from memberships: the
policy for people is in advisory/organisations/policies.py."""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.accounts.models import ApiToken
from advisory.core.access import Action, AnyUser, is_authenticated, register


@register(ApiToken)
class ApiTokenPolicy:
    """A token is its owner's alone."""

    def scope(self, user: AnyUser, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(user=user)

    def can(self, user: AnyUser, action: Action | str, obj: ApiToken | None) -> bool:
        if not is_authenticated(user):
            return False
        return obj is None or obj.user_id == user.pk
