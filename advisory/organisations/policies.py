"""Access rules for organisations and memberships (see advisory.core.access)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.organisations.models import Membership, MembershipFunction, Organisation


def member_organisation_ids(user: AnyUser) -> QuerySet[Any]:
    return Membership.objects.filter(user=user).values("organisation_id")


def is_coordinator_of(user: AnyUser, organisation_id: int) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, function=MembershipFunction.COORDINATOR
    ).exists()


@register(Organisation)
class OrganisationPolicy:
    """Agency staff see every organisation; organisation people see their own."""

    def scope(self, user: AnyUser, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset
        return queryset.filter(pk__in=member_organisation_ids(user))

    def can(self, user: AnyUser, action: Action | str, obj: Organisation | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return user.is_agency_staff or (
                obj is not None and Membership.objects.filter(user=user, organisation=obj).exists()
            )
        if action == Action.DELETE:
            return user.is_administrator
        return user.is_administrator or user.is_advisor


@register(Membership)
class MembershipPolicy:
    """People of an organisation are seen by its own people and by agency staff.

    Advisors and administrators add and remove anyone; a coordinator manages the
    people of the organisations they coordinate.
    """

    def scope(self, user: AnyUser, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset
        return queryset.filter(organisation_id__in=member_organisation_ids(user))

    def can(self, user: AnyUser, action: Action | str, obj: Membership | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, Membership.objects.filter(pk=obj.pk)).exists()
        if user.is_administrator or user.is_advisor:
            return True
        if action == Action.CREATE and obj is None:
            # Creating needs an organisation; checked again with the concrete row.
            return Membership.objects.filter(user=user, function=MembershipFunction.COORDINATOR).exists()
        return obj is not None and is_coordinator_of(user, obj.organisation_id)
