"""Who reads the knowledge bank and who shares, withdraws and marks (see advisory.core.access).

Reading: every logged-in organisation person with a membership, and agency staff – the bank is for learning across
organisations, so nobody's scope narrows it to their own. Sharing (CREATE) and withdrawing (DELETE): the coordinator
of the trial action's organisation only (the choice is theirs to make for the organisation). Marking exemplary
(CHANGE): advisors (and administrators, who may do what advisors do).
"""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.knowledge.models import SharedTrialAction
from advisory.organisations.policies import (
    coordinated_organisation_ids,
    is_coordinator_of,
    member_organisation_ids,
)


def may_read_bank(user: AnyUser) -> bool:
    if not is_authenticated(user):
        return False
    return bool(user.is_agency_staff) or member_organisation_ids(user).exists()


def may_mark_exemplary(user: AnyUser) -> bool:
    return is_authenticated(user) and bool(user.is_advisor or user.is_administrator)


@register(SharedTrialAction)
class SharedTrialActionPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[SharedTrialAction]) -> QuerySet[SharedTrialAction]:
        return queryset if may_read_bank(user) else queryset.none()

    def can(self, user: AnyUser, action: Action | str, obj: SharedTrialAction | None) -> bool:
        if not may_read_bank(user):
            return False
        if action == Action.VIEW:
            return True
        if action == Action.CHANGE:
            return may_mark_exemplary(user)
        if obj is None:  # sharing in general (a coordinator): checked again for the concrete trial action
            return action == Action.CREATE and coordinated_organisation_ids(user).exists()
        return is_coordinator_of(user, obj.trial_action.organisation_id)
