"""A group programme's records around its joint meetings (seed 003), writes and reads:

- each organisation's **goal** ("hvad skal være anderledes, hvornår"), set by its coordinator after the kickoff
  meeting has taken place, and its **status against the goal** at each reflection meeting and the closing
  meeting (the joint meetings after the kickoff);
- the **closing meeting's participants**: "in principle the same as at the kickoff" – the kickoff's participants
  booked in one step, each through ``services.meeting_book`` (which invites them once);
- **feedback on trial actions** from the advisors and the group;
- the coordinators' **wishes and needs** before each joint meeting (the question is mailed by
  advisory/notifications/wishes.py), editable until the meeting.

Every write takes ``by`` and asks the policies (advisory/programmes/policies_group.py); a refusal by the domain's
rules is a ValidationError in Danish.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import User
from advisory.core.access import Action, can, get_object_for, require, scope
from advisory.organisations.models import Organisation
from advisory.programmes import services
from advisory.programmes.models import (
    Activity,
    ActivityFormat,
    ActivityScope,
    GoalProgress,
    GoalStatus,
    MeetingParticipant,
    MeetingWish,
    OrganisationGoal,
    Programme,
    ProgrammeKind,
    TrialAction,
    TrialActionFeedback,
)

KICKOFF_KEY = "kickoff"  # the template activity of the kickoff meeting
CLOSING_KEY = "closing_meeting"  # the template activity of the closing meeting
JOINT_FORMATS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON)

NOT_A_GROUP_PROGRAMME = _("Only group programmes have this.")
NOT_PARTICIPATING = _("The organisation does not take part in this programme.")
BEFORE_KICKOFF = _("The goal is set after the kickoff meeting. The kickoff meeting is on %(date)s.")
NO_KICKOFF = _("The goal is set after the kickoff meeting, and the programme has none.")
DUE_BEFORE_KICKOFF = _("The goal must be reached after the kickoff meeting (%(date)s).")
NOT_A_GOAL_MEETING = _("How far an organisation got against its goal is recorded at a reflection or closing meeting.")
NO_GOAL_YET = _("%(organisation)s has not set its goal yet.")
NOT_A_JOINT_MEETING = _("Wishes and needs are given for the group's joint meetings.")
WISHES_CLOSED = _("The meeting has begun; the wishes and needs can no longer be changed.")
NOT_THE_CLOSING_MEETING = _("The kickoff's participants are booked for the closing meeting.")


def group_programme_for(user: Any, programme_id: int) -> Programme:
    """A group programme the user may see (404 otherwise, and for another kind): the pages' and the API's."""
    programme = get_object_for(user, Programme, pk=programme_id)
    if programme.kind != ProgrammeKind.GROUP:
        raise Http404
    return programme


def group_meeting_for(user: Any, programme_id: int, key: str) -> Activity:
    """An activity of a group programme the user may see (404 otherwise)."""
    activity = get_object_for(
        user, Activity.objects.filter(programme_id=programme_id).select_related("programme"), key=key
    )
    if activity.programme.kind != ProgrammeKind.GROUP:
        raise Http404
    return activity


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _last_day(activity: Activity) -> datetime.date:
    return activity.ends_on or activity.starts_on


def kickoff_of(programme: Programme) -> Activity | None:
    return programme.activities.filter(template_key=KICKOFF_KEY).order_by("starts_on").first()


def kickoff_held(kickoff: Activity | None, today: datetime.date | None = None) -> bool:
    """The kickoff meeting has taken place: marked done, or its day is over."""
    return kickoff is not None and (kickoff.done or _last_day(kickoff) < _today(today))


def is_joint_meeting(activity: Activity, kind: str | None = None) -> bool:
    """A meeting of the whole group in a group programme (kickoff, reflection meetings, closing meeting); ``kind``:
    the programme's kind when the caller has it."""
    return (
        (kind or activity.programme.kind) == ProgrammeKind.GROUP
        and activity.scope == ActivityScope.SHARED
        and activity.format in JOINT_FORMATS
    )


def _after_kickoff(activity: Activity, kickoff: Activity | None, kind: str) -> bool:
    if not is_joint_meeting(activity, kind) or activity.template_key == KICKOFF_KEY:
        return False
    return kickoff is None or activity.starts_on > kickoff.starts_on


def is_goal_meeting(activity: Activity) -> bool:
    """A joint meeting after the kickoff: the reflection meetings and the closing meeting."""
    return _after_kickoff(activity, kickoff_of(activity.programme), activity.programme.kind)


def goal_meetings(programme: Programme) -> list[Activity]:
    kickoff = kickoff_of(programme)
    activities = programme.activities.order_by("starts_on", "position")
    return [a for a in activities if _after_kickoff(a, kickoff, programme.kind)]


def _participates(programme: Programme, organisation: Organisation) -> None:
    if not programme.participations.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": NOT_PARTICIPATING})


# --- the goal ------------------------------------------------------------------------------------------------


@transaction.atomic
def goal_set(
    *,
    programme: Programme,
    organisation: Organisation,
    text: str,
    due_on: datetime.date,
    by: User,
    today: datetime.date | None = None,
) -> OrganisationGoal:
    """Set (or change) the organisation's goal: what should be different, by when. Its coordinator or the
    advisors; only in a group programme and after the kickoff meeting has taken place."""
    goal = OrganisationGoal.objects.filter(programme=programme, organisation=organisation).first()
    goal = goal or OrganisationGoal(programme=programme, organisation=organisation)
    require(by, Action.CHANGE, goal)
    if programme.kind != ProgrammeKind.GROUP:
        raise ValidationError(NOT_A_GROUP_PROGRAMME)
    _participates(programme, organisation)
    kickoff = kickoff_of(programme)
    if kickoff is None:
        raise ValidationError(NO_KICKOFF)
    if not kickoff_held(kickoff, today):
        raise ValidationError(BEFORE_KICKOFF % {"date": date_format(kickoff.starts_on)})
    if due_on is not None and due_on < kickoff.starts_on:
        raise ValidationError({"due_on": DUE_BEFORE_KICKOFF % {"date": date_format(kickoff.starts_on)}})
    goal.text = text
    goal.due_on = due_on
    goal.set_by = by
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_status_record(
    *, activity: Activity, organisation: Organisation, progress: str, status: str, by: User
) -> GoalStatus:
    """How far the organisation got against its goal, recorded at a reflection meeting or the closing meeting
    (again: changed). Its coordinator or the advisors."""
    record = GoalStatus.objects.filter(activity=activity, organisation=organisation).first()
    record = record or GoalStatus(activity=activity, organisation=organisation)
    require(by, Action.CHANGE, record)
    if not is_goal_meeting(activity):
        raise ValidationError(NOT_A_GOAL_MEETING)
    _participates(activity.programme, organisation)
    if not OrganisationGoal.objects.filter(programme=activity.programme, organisation=organisation).exists():
        raise ValidationError(NO_GOAL_YET % {"organisation": organisation.name})
    record.progress = progress
    record.status = status
    record.recorded_by = by
    record.full_clean()
    record.save()
    return record


# --- the closing meeting's participants ----------------------------------------------------------------------


def kickoff_participants_to_book(user: Any, activity: Activity) -> list[MeetingParticipant]:
    """The kickoff's participants not yet booked for this closing meeting whom the user may book (advisors:
    everyone's; an organisation's people: their own organisation's)."""
    if activity.template_key != CLOSING_KEY or not is_joint_meeting(activity):
        return []
    kickoff = kickoff_of(activity.programme)
    if kickoff is None:
        return []
    booked = set(activity.participants.values_list("user_id", flat=True))
    candidates = (
        MeetingParticipant.objects.filter(activity=kickoff)
        .exclude(user_id__in=booked)
        .filter(user__is_active=True, user__memberships__organisation_id=F("organisation_id"))  # still its people
        .select_related("user", "organisation")
        .distinct()
    )
    allowed: dict[int, bool] = {}  # the policy answers per organisation (who may book its people), asked once each
    result = []
    for p in candidates:
        if p.organisation_id not in allowed:
            probe = MeetingParticipant(activity=activity, user=p.user, organisation=p.organisation)
            allowed[p.organisation_id] = can(user, Action.CHANGE, probe)
        if allowed[p.organisation_id]:
            result.append(p)
    return result


@transaction.atomic
def kickoff_participants_book(*, activity: Activity, by: User) -> list[MeetingParticipant]:
    """Book the kickoff's participants for the closing meeting ("in principle the same as at the kickoff"): those
    not yet booked whom ``by`` may book, each through ``services.meeting_book`` (which invites them once)."""
    require(by, Action.VIEW, activity)
    if activity.template_key != CLOSING_KEY or not is_joint_meeting(activity):
        raise ValidationError(NOT_THE_CLOSING_MEETING)
    return [
        services.meeting_book(activity=activity, user=p.user, organisation=p.organisation, by=by)
        for p in kickoff_participants_to_book(by, activity)
    ]


# --- feedback on trial actions -------------------------------------------------------------------------------


@transaction.atomic
def trial_action_feedback_add(*, trial_action: TrialAction, text: str, by: User) -> TrialActionFeedback:
    """Feedback and sparring on a trial action, from an advisor or one of the group."""
    entry = TrialActionFeedback(trial_action=trial_action, text=text, author=by)
    require(by, Action.CREATE, entry)
    entry.full_clean()
    entry.save()
    return entry


def trial_action_feedback(user: Any, trial_action: TrialAction) -> list[TrialActionFeedback]:
    return list(scope(user, TrialActionFeedback).filter(trial_action=trial_action).select_related("author"))


# --- wishes and needs before a joint meeting -----------------------------------------------------------------


@transaction.atomic
def meeting_wish_answer(
    *, activity: Activity, organisation: Organisation, text: str, by: User, today: datetime.date | None = None
) -> MeetingWish:
    """The organisation's wishes and needs for a joint meeting (one per organisation and meeting; again:
    changed), until the meeting begins. Its coordinator or the advisors."""
    wish = MeetingWish.objects.filter(activity=activity, organisation=organisation).first()
    wish = wish or MeetingWish(activity=activity, organisation=organisation)
    require(by, Action.CHANGE, wish)
    if not is_joint_meeting(activity):
        raise ValidationError(NOT_A_JOINT_MEETING)
    _participates(activity.programme, organisation)
    if activity.starts_on <= _today(today):
        raise ValidationError(WISHES_CLOSED)
    wish.text = text
    wish.answered_by = by
    wish.full_clean()
    wish.save()
    return wish


# --- reads ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRow:
    organisation: Organisation
    goal: OrganisationGoal | None
    status: GoalStatus | None  # at the meeting shown (None on the goals page)
    statuses: list[tuple[Activity, GoalStatus | None]]  # at every goal meeting (the goals page)
    can_write: bool


def goal_rows(user: Any, programme: Programme, meeting: Activity | None = None) -> list[GoalRow]:
    """Each organisation of the programme the user sees (the whole group; staff: all) with its goal and its
    statuses (at ``meeting``, or at every goal meeting)."""
    goals = {g.organisation_id: g for g in scope(user, OrganisationGoal).filter(programme=programme)}
    meetings = [meeting] if meeting is not None else goal_meetings(programme)
    statuses = {
        (s.activity_id, s.organisation_id): s
        for s in scope(user, GoalStatus).filter(activity__in=[m.pk for m in meetings])
    }
    rows = []
    for organisation in programme.organisations.order_by("name"):
        probe = goals.get(organisation.pk) or OrganisationGoal(programme=programme, organisation=organisation)
        rows.append(
            GoalRow(
                organisation=organisation,
                goal=goals.get(organisation.pk),
                status=statuses.get((meeting.pk, organisation.pk)) if meeting is not None else None,
                statuses=[(m, statuses.get((m.pk, organisation.pk))) for m in meetings],
                can_write=can(user, Action.CHANGE, probe),
            )
        )
    return rows


@dataclass
class MeetingRecords:
    goal_meeting: bool
    goal_rows: list[GoalRow]
    joint_meeting: bool
    wishes: list[MeetingWish]
    wish_organisations: list[Organisation]  # those the user may answer for
    wishes_open: bool
    kickoff_to_book: list[MeetingParticipant]


def meeting_records(user: Any, activity: Activity, today: datetime.date | None = None) -> MeetingRecords:
    """What the meeting page shows of the group's records."""
    programme = activity.programme
    goal_meeting = is_goal_meeting(activity)
    joint = is_joint_meeting(activity)
    wishes: list[MeetingWish] = []
    writable: list[Organisation] = []
    if joint:
        wishes = list(
            scope(user, MeetingWish)
            .filter(activity=activity)
            .select_related("organisation", "answered_by")
            .order_by("organisation__name")
        )
        writable = [
            o
            for o in programme.organisations.order_by("name")
            if can(user, Action.CHANGE, MeetingWish(activity=activity, organisation=o))
        ]
    return MeetingRecords(
        goal_meeting=goal_meeting,
        goal_rows=goal_rows(user, programme, activity) if goal_meeting else [],
        joint_meeting=joint,
        wishes=wishes,
        wish_organisations=writable,
        wishes_open=activity.starts_on > _today(today),
        kickoff_to_book=kickoff_participants_to_book(user, activity),
    )


# --- evidence for the success criteria -----------------------------------------------------------------------

PROGRESSING = (GoalProgress.UNDER_WAY, GoalProgress.WELL_UNDER_WAY, GoalProgress.REACHED)


def _goal_facts(programme: Programme) -> tuple[set[int], dict[int, list[tuple[datetime.date, str]]]]:
    """The organisations with a goal, and each organisation's statuses as (meeting date, progress)."""
    with_goal = set(OrganisationGoal.objects.filter(programme=programme).values_list("organisation_id", flat=True))
    statuses: dict[int, list[tuple[datetime.date, str]]] = {}
    rows = GoalStatus.objects.filter(activity__programme=programme).values_list(
        "organisation_id", "activity__starts_on", "progress"
    )
    for organisation_id, starts_on, progress in rows.order_by("activity__starts_on"):
        statuses.setdefault(organisation_id, []).append((starts_on, progress))
    return with_goal, statuses


def goal_progress_judge(
    argument: str, activity: Activity, organisation: Organisation, facts: Any
) -> tuple[bool, str, datetime.date]:
    """Evidence ``goal_progress``: the organisation has set its goal, and at the first joint meeting after the
    activity began (where the seed asks how far they got) its status shows progress against it."""
    with_goal, statuses = facts.once(_goal_facts)
    plan = list(facts.activities.values())
    kickoff = min((a for a in plan if a.template_key == KICKOFF_KEY), key=lambda a: a.starts_on, default=None)
    kind = facts.programme.kind
    meetings = sorted(
        (a for a in plan if _after_kickoff(a, kickoff, kind) and a.starts_on >= activity.starts_on),
        key=lambda a: a.starts_on,
    )
    deadline = meetings[0].starts_on if meetings else _last_day(activity)
    if organisation.pk not in with_goal:
        return False, gettext("The organisation has not set its goal yet."), deadline
    after = [(day, progress) for day, progress in statuses.get(organisation.pk, []) if day >= activity.starts_on]
    if not after:
        return False, gettext("The goal is set; no status against it recorded at a meeting yet."), deadline
    day, progress = after[0]
    label = GoalProgress(progress).label
    explanation = gettext("Status against the goal on %(date)s: %(progress)s.") % {
        "date": date_format(day),
        "progress": str(label).lower(),
    }
    return progress in PROGRESSING, explanation, deadline
