"""Access rules for intake (see advisory.core.access): rounds are public, registrations are not."""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.intake.models import IntakeRound, Registration
from advisory.organisations.policies import member_organisation_ids


@register(IntakeRound)
class IntakeRoundPolicy:
    """Everyone, anonymous visitors too, sees rounds; advisors and administrators open and edit them."""

    def scope(self, user: AnyUser, queryset: QuerySet[IntakeRound]) -> QuerySet[IntakeRound]:
        return queryset

    def can(self, user: AnyUser, action: Action | str, obj: IntakeRound | None) -> bool:
        if action == Action.VIEW:
            return True
        return is_authenticated(user) and bool(user.is_administrator or user.is_advisor)


@register(Registration)
class RegistrationPolicy:
    """Advisors and administrators see all registrations; organisation people their own organisations'.
    Anyone may register while a round is open (checked by the service); advisors decide on them."""

    def scope(self, user: AnyUser, queryset: QuerySet[Registration]) -> QuerySet[Registration]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_administrator or user.is_advisor:
            return queryset
        return queryset.filter(organisation_id__in=member_organisation_ids(user))

    def can(self, user: AnyUser, action: Action | str, obj: Registration | None) -> bool:
        if action == Action.CREATE:
            return True
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, Registration.objects.filter(pk=obj.pk)).exists()
        return bool(user.is_administrator or user.is_advisor)
