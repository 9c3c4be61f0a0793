"""Access rules for people, organisations, memberships and invitations (see advisory.core.access).

What an organisation person may do follows from their memberships alone (a coordinator is a person with
the function coordinator in that organisation), never from ``User.role``: removing the membership removes
the power at once. Staff roles (administrator, advisor, taskforce member) are given by administrators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from advisory.accounts.models import STAFF_ROLES, User
from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.organisations.models import Membership, MembershipFunction, MembershipInvitation, Organisation


@register(User)
class UserPolicy:
    """Agency staff see everyone. Organisation people see themselves, the people of
    their own organisations, and agency staff (their advisors)."""

    def scope(self, user: AnyUser, queryset: QuerySet[User]) -> QuerySet[User]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset
        shared = Membership.objects.filter(organisation_id__in=member_organisation_ids(user)).values("user_id")
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


def member_organisation_ids(user: AnyUser) -> QuerySet[Any]:
    return Membership.objects.filter(user=user).values("organisation_id")


def coordinated_organisation_ids(user: AnyUser) -> QuerySet[Any]:
    return Membership.objects.filter(user=user, function=MembershipFunction.COORDINATOR).values("organisation_id")


def is_coordinator_of(user: AnyUser, organisation_id: int) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, function=MembershipFunction.COORDINATOR
    ).exists()


def _runs_people(user: AnyUser) -> bool:
    """Advisors and administrators manage every organisation's people."""
    return bool(user.is_administrator or user.is_advisor)


def _holds_staff_account(membership: Membership) -> bool:
    """Whether the membership's person is agency staff (a coordinator never touches their accounts)."""
    if membership.user_id is None:
        return False
    if Membership.user.is_cached(membership):
        return bool(membership.user.is_agency_staff)
    staff = Q(role__in=STAFF_ROLES) | Q(is_superuser=True)
    return User.objects.filter(staff, pk=membership.user_id).exists()


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

    Advisors and administrators add and remove anyone. A coordinator manages the people of the
    organisations they coordinate: CREATE lets them open "add a person", which for them sends an
    invitation (attaching an existing account directly also needs the right to change that account,
    see ``services.membership_add``); they remove memberships there, but never a staff account's.
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
        if _runs_people(user):
            return True
        if obj is None:
            # Creating needs an organisation; checked again with the concrete row.
            return action == Action.CREATE and coordinated_organisation_ids(user).exists()
        return is_coordinator_of(user, obj.organisation_id) and not _holds_staff_account(obj)


@register(MembershipInvitation)
class MembershipInvitationPolicy:
    """Invitations are seen and sent by those who manage the organisation's people: advisors and
    administrators everywhere, a coordinator in the organisations they coordinate. Other agency staff read
    them; the invitee answers through the link, not through this policy."""

    def scope(self, user: AnyUser, queryset: QuerySet[MembershipInvitation]) -> QuerySet[MembershipInvitation]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset
        return queryset.filter(organisation_id__in=coordinated_organisation_ids(user))

    def can(self, user: AnyUser, action: Action | str, obj: MembershipInvitation | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, MembershipInvitation.objects.filter(pk=obj.pk)).exists()
        if _runs_people(user):
            return True
        if obj is None:
            return action == Action.CREATE and coordinated_organisation_ids(user).exists()
        return is_coordinator_of(user, obj.organisation_id)
