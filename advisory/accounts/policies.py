"""Access rules for people and API tokens (see advisory.core.access)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from advisory.accounts.models import STAFF_ROLES, ApiToken, User
from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.organisations.models import Membership


@register(User)
class UserPolicy:
    """Agency staff see everyone. Organisation people see themselves, the people of
    their own organisations, and agency staff (their advisors)."""

    def scope(self, user: AnyUser, queryset: QuerySet[User]) -> QuerySet[User]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset
        shared = Membership.objects.filter(
            organisation_id__in=Membership.objects.filter(user=user).values("organisation_id")
        ).values("user_id")
        return queryset.filter(Q(pk=user.pk) | Q(pk__in=shared) | Q(role__in=STAFF_ROLES)).distinct()

    def can(self, user: AnyUser, action: Action | str, obj: User | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, User.objects.filter(pk=obj.pk)).exists()
        if user.is_administrator:
            return True
        if action == Action.DELETE:
            return False
        if user.is_advisor:
            # Advisors create and edit people but never administrators.
            return obj is None or not obj.is_administrator
        # Everyone else changes only themselves. Nobody else creates accounts: a coordinator invites an
        # e-mail address, and the person behind it creates their own account by accepting
        # (advisory.organisations.services.invitation_accept_new). No role – which an organisation action
        # could raise – gives anyone more.
        return action == Action.CHANGE and obj is not None and obj.pk == user.pk


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
