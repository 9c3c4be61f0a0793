"""Access to a group programme's records per organisation (see advisory.core.access); imported by
``ProgrammesConfig.ready``.

- The goal (``OrganisationGoal``) and its status at the meetings (``GoalStatus``): the whole group reads them, as
  the seed has the organisations present how far they got against their goal at the joint meetings; the
  organisation's coordinator writes its own organisation's, those who run the programme (advisors) any.
- Feedback on a trial action (``TrialActionFeedback``): whoever sees the trial action reads it; the advisors and
  the people of the programme's organisations (the group) add to it. Nobody changes or deletes an entry.
- Wishes and needs before a joint meeting (``MeetingWish``): the advisors read all; an organisation's people read
  their own organisation's; its coordinator (or an advisor) writes it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register, scope
from advisory.organisations.policies import is_coordinator_of, member_organisation_ids
from advisory.programmes.models import (
    GoalStatus,
    MeetingWish,
    OrganisationGoal,
    Programme,
    TrialAction,
    TrialActionFeedback,
)
from advisory.programmes.policies import runs_programme


def _visible_programmes(user: AnyUser) -> QuerySet[Programme]:
    return scope(user, Programme)


def may_write_for(user: AnyUser, programme: Programme, organisation_id: int) -> bool:
    """Those who run the programme write for every organisation; a coordinator for their own organisation."""
    if not is_authenticated(user):
        return False
    if runs_programme(user, programme):
        return True
    return (
        programme.participations.filter(organisation_id=organisation_id).exists()
        and is_coordinator_of(user, organisation_id)
        and _visible_programmes(user).filter(pk=programme.pk).exists()
    )


@register(OrganisationGoal)
class OrganisationGoalPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[OrganisationGoal]) -> QuerySet[OrganisationGoal]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(programme__in=_visible_programmes(user))

    def can(self, user: AnyUser, action: Action | str, obj: OrganisationGoal | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        if action == Action.VIEW:
            return _visible_programmes(user).filter(pk=obj.programme_id).exists()
        if action == Action.DELETE:
            return False
        return may_write_for(user, obj.programme, obj.organisation_id)


@register(GoalStatus)
class GoalStatusPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[GoalStatus]) -> QuerySet[GoalStatus]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(activity__programme__in=_visible_programmes(user))

    def can(self, user: AnyUser, action: Action | str, obj: GoalStatus | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        if action == Action.VIEW:
            return _visible_programmes(user).filter(pk=obj.activity.programme_id).exists()
        if action == Action.DELETE:
            return False
        return may_write_for(user, obj.activity.programme, obj.organisation_id)


@register(TrialActionFeedback)
class TrialActionFeedbackPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[TrialActionFeedback]) -> QuerySet[TrialActionFeedback]:
        if not is_authenticated(user):
            return queryset.none()
        return queryset.filter(trial_action__in=scope(user, TrialAction))

    def can(self, user: AnyUser, action: Action | str, obj: TrialActionFeedback | None) -> bool:
        """Adding (CREATE, ``obj`` an unsaved entry on its trial action): whoever sees the trial action, being an
        advisor of the programme or one of the group. Entries are not changed or deleted."""
        if not is_authenticated(user) or obj is None:
            return False
        visible = scope(user, TrialAction).filter(pk=obj.trial_action_id).exists()
        if action == Action.VIEW:
            return visible
        if action != Action.CREATE or not visible:
            return False
        programme = obj.trial_action.programme
        if runs_programme(user, programme):
            return True
        return programme.participations.filter(organisation_id__in=member_organisation_ids(user)).exists()


@register(MeetingWish)
class MeetingWishPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[MeetingWish]) -> QuerySet[MeetingWish]:
        if not is_authenticated(user):
            return queryset.none()
        queryset = queryset.filter(activity__programme__in=_visible_programmes(user))
        if user.is_agency_staff:
            return queryset
        return queryset.filter(organisation_id__in=member_organisation_ids(user))

    def can(self, user: AnyUser, action: Action | str, obj: MeetingWish | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        programme = obj.activity.programme
        if action == Action.VIEW:
            if not _visible_programmes(user).filter(pk=programme.pk).exists():
                return False
            return (
                bool(user.is_agency_staff)
                or member_organisation_ids(user).filter(organisation_id=obj.organisation_id).exists()
            )
        if action == Action.DELETE:
            return False
        return may_write_for(user, programme, obj.organisation_id)
