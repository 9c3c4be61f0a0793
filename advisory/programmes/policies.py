"""Access rules for programme templates, programmes and activities (see advisory.core.access)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.organisations.models import Membership
from advisory.organisations.policies import is_coordinator_of, member_organisation_ids
from advisory.programmes.models import (
    Activity,
    MeetingParticipant,
    Programme,
    ProgrammeKind,
    ProgrammeTemplate,
    SlotOffer,
    TemplateVersion,
    TrialAction,
)


def _programme_filter(user: AnyUser, prefix: str = "") -> Q:
    """Advisors and administrators: everything. Taskforce members: the taskforce programmes they are
    staffed on. Organisation people: their organisations' programmes."""
    if user.is_administrator or user.is_advisor:
        return Q()
    if user.is_taskforce_member:
        return Q(**{f"{prefix}kind": ProgrammeKind.TASKFORCE, f"{prefix}advisors": user})
    organisation_ids = member_organisation_ids(user)
    return Q(**{f"{prefix}participations__organisation_id__in": organisation_ids})


def _can_run(user: AnyUser, programme: Programme | None) -> bool:
    if user.is_administrator or user.is_advisor:
        return True
    if user.is_taskforce_member and programme is not None:
        return programme.kind == ProgrammeKind.TASKFORCE and programme.advisors.filter(pk=user.pk).exists()
    return False


@register(Programme)
class ProgrammePolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[Programme]) -> QuerySet[Programme]:
        if not is_authenticated(user):
            return queryset.none()
        condition = _programme_filter(user)
        if not condition:
            return queryset
        return queryset.filter(pk__in=Programme.objects.filter(condition).values("pk"))

    def can(self, user: AnyUser, action: Action | str, obj: Programme | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, Programme.objects.filter(pk=obj.pk)).exists()
        if action == Action.DELETE:
            return bool(user.is_administrator)
        if action == Action.CREATE:
            return bool(user.is_administrator or user.is_advisor)
        return _can_run(user, obj)


def _coordinates(user: AnyUser, organisation_id: int | None) -> bool:
    return organisation_id is not None and is_coordinator_of(user, organisation_id)


@register(Activity)
class ActivityPolicy:
    """What the group shares is seen by the whole programme; an organisation's own call or preparation
    (``organisation`` set) only by that organisation's people and the runners. The runners change activities;
    an organisation's coordinator books its own calls at the offered times (``books_own_call``)."""

    def scope(self, user: AnyUser, queryset: QuerySet[Activity]) -> QuerySet[Activity]:
        if not is_authenticated(user):
            return queryset.none()
        condition = _programme_filter(user)
        if condition:  # (advisors and administrators see every programme: no condition, so no subquery, which
            # would turn SQLite's plans for date-ranged activity lists into a scan of a year's rows)
            queryset = queryset.filter(programme__in=Programme.objects.filter(condition).values("pk"))
        if user.is_agency_staff:
            return queryset
        own = member_organisation_ids(user)
        return queryset.filter(Q(organisation__isnull=True) | Q(organisation_id__in=own))

    def can(self, user: AnyUser, action: Action | str, obj: Activity | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return (
                obj is not None
                and ProgrammePolicy().can(user, Action.VIEW, obj.programme)
                and (
                    obj.organisation_id is None
                    or user.is_agency_staff
                    or Membership.objects.filter(user=user, organisation_id=obj.organisation_id).exists()
                )
            )
        return _can_run(user, obj.programme if obj is not None else None)


def books_own_call(user: AnyUser, activity: Activity) -> bool:
    """Who books an organisation's own call at an offered time: its organisation's coordinator (for their own
    organisation only) and those who run the programme."""
    if not is_authenticated(user) or activity.organisation_id is None:
        return False
    return _can_run(user, activity.programme) or _coordinates(user, activity.organisation_id)


def books_team(user: AnyUser, programme: Programme, organisation_id: int | None) -> bool:
    """Who books an organisation's team for the joint meetings in one step (advisory/programmes/booking_matrix.py):
    those who run the programme for every organisation, a coordinator for their own organisation only."""
    if not is_authenticated(user):
        return False
    return _can_run(user, programme) or _coordinates(user, organisation_id)


@register(SlotOffer)
class SlotOfferPolicy:
    """The runners offer times and see them all; an organisation's people see the times still free and the one
    their own organisation booked – never which time another organisation took."""

    def scope(self, user: AnyUser, queryset: QuerySet[SlotOffer]) -> QuerySet[SlotOffer]:
        if not is_authenticated(user):
            return queryset.none()
        condition = _programme_filter(user)
        if condition:  # (advisors and administrators see every programme: no condition, so no subquery, which
            # would turn SQLite's plans for date-ranged activity lists into a scan of a year's rows)
            queryset = queryset.filter(programme__in=Programme.objects.filter(condition).values("pk"))
        if user.is_agency_staff:
            return queryset
        own = member_organisation_ids(user)
        return queryset.filter(Q(booked_by_activity__isnull=True) | Q(booked_by_activity__organisation_id__in=own))

    def can(self, user: AnyUser, action: Action | str, obj: SlotOffer | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, SlotOffer.objects.filter(pk=obj.pk)).exists()
        return obj is not None and _can_run(user, obj.programme)


class _StaffReadsAdministratorsWrite:
    def scope(self, user: AnyUser, queryset: QuerySet) -> QuerySet:
        if not is_authenticated(user) or not user.is_agency_staff:
            return queryset.none()
        return queryset

    def can(self, user: AnyUser, action: Action | str, obj: object | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return bool(user.is_agency_staff)
        return bool(user.is_administrator)


register(ProgrammeTemplate)(type("ProgrammeTemplatePolicy", (_StaffReadsAdministratorsWrite,), {}))
register(TemplateVersion)(type("TemplateVersionPolicy", (_StaffReadsAdministratorsWrite,), {}))


@register(TrialAction)
class TrialActionPolicy:
    """The organisation's own people write its trial actions and read all of them; the rest of the group
    reads those shared with the group; the programme's runners read all and may correct them."""

    def scope(self, user: AnyUser, queryset: QuerySet[TrialAction]) -> QuerySet[TrialAction]:
        if not is_authenticated(user):
            return queryset.none()
        visible_programmes = ProgrammePolicy().scope(user, Programme.objects.all())
        queryset = queryset.filter(programme__in=visible_programmes)
        if user.is_agency_staff:
            return queryset
        own = member_organisation_ids(user)
        return queryset.filter(Q(organisation_id__in=own) | Q(shared_with_group=True))

    def can(self, user: AnyUser, action: Action | str, obj: TrialAction | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.VIEW:
            return obj is not None and self.scope(user, TrialAction.objects.filter(pk=obj.pk)).exists()
        if obj is None:  # creating: checked again for the concrete organisation
            return True
        if _can_run(user, obj.programme):
            return True
        return Membership.objects.filter(user=user, organisation_id=obj.organisation_id).exists()


@register(MeetingParticipant)
class MeetingParticipantPolicy:
    """Bookings for a shared meeting are seen by everyone in the programme; bookings for an organisation's
    own calls only by that organisation and the runners. Organisation people book and unbook their own
    organisation's people; the runners book anyone and record attendance."""

    def scope(self, user: AnyUser, queryset: QuerySet[MeetingParticipant]) -> QuerySet[MeetingParticipant]:
        if not is_authenticated(user):
            return queryset.none()
        queryset = queryset.filter(activity__programme__in=ProgrammePolicy().scope(user, Programme.objects.all()))
        if user.is_agency_staff:
            return queryset
        own = member_organisation_ids(user)
        return queryset.filter(Q(activity__scope="shared") | Q(organisation_id__in=own))

    def can(self, user: AnyUser, action: Action | str, obj: MeetingParticipant | None) -> bool:
        if not is_authenticated(user) or obj is None:
            return False
        if action == Action.VIEW:
            return obj.pk is not None and self.scope(user, MeetingParticipant.objects.filter(pk=obj.pk)).exists()
        if _can_run(user, obj.activity.programme):
            return True
        return Membership.objects.filter(user=user, organisation_id=obj.organisation_id).exists()


def runs_programme(user: AnyUser, programme: Programme) -> bool:
    """Who runs the programme: advisors, administrators and the taskforce members staffed on it (the programme
    policy's right to change it, ``can(user, Action.CHANGE, programme)``). Apps' policies build on this."""
    return is_authenticated(user) and _can_run(user, programme)
