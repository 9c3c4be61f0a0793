"""A group programme's records around its joint meetings in the API (tag: programmes): the goals and their status
at the meetings, the wishes and needs before them, the kickoff's participants booked for the closing meeting, and
feedback on trial actions. Registered by advisory/programmes/api.py (``router.add_router("", group_router)``).

The same forms and write functions (advisory/programmes/group_records.py) as the pages; access as on the pages:
what the user may not see is 404, what they see but may not write is 403, a domain refusal is 400 in Danish.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for
from advisory.core.api import ERRORS, validated
from advisory.organisations.models import Organisation
from advisory.programmes import group_records
from advisory.programmes.forms_group import FeedbackForm, GoalForm, GoalStatusForm, WishForm
from advisory.programmes.models import (
    Activity,
    GoalProgress,
    MeetingWish,
    Programme,
    TrialAction,
    TrialActionFeedback,
)

router = Router(tags=["programmes"])


class OrganisationGoalStatusOut(Schema):
    activity_key: str
    activity_title: str
    starts_on: datetime.date
    progress: GoalProgress | None = Field(..., description="null: no status recorded at this meeting yet")
    status: str


class OrganisationGoalOut(Schema):
    organisation_id: int
    organisation_name: str
    text: str | None = Field(..., description="What should be different; null until the goal is set")
    due_on: datetime.date | None = Field(..., description="By when")
    statuses: list[OrganisationGoalStatusOut] = Field(
        ..., description="At each reflection meeting and the closing meeting"
    )
    can_write: bool


class OrganisationGoalIn(Schema):
    text: str = Field(..., max_length=2000)
    due_on: datetime.date


class OrganisationGoalStatusIn(Schema):
    progress: GoalProgress
    status: str = Field("", max_length=2000)


class MeetingWishOut(Schema):
    organisation_id: int
    organisation_name: str
    text: str
    updated_at: datetime.datetime


class MeetingWishIn(Schema):
    text: str = Field(..., max_length=2000)


class TrialActionFeedbackOut(Schema):
    id: int
    author: str
    text: str
    created_at: datetime.datetime


class TrialActionFeedbackIn(Schema):
    text: str = Field(..., max_length=2000)


class KickoffBookingOut(Schema):
    id: int
    user_id: int
    name: str
    organisation_id: int


def _group_programme(request: HttpRequest, pk: int) -> Programme:
    return group_records.group_programme_for(request.user, pk)


def _meeting(request: HttpRequest, pk: int, key: str) -> Activity:
    return group_records.group_meeting_for(request.user, pk, key)


def _organisation(programme: Programme, organisation_id: int) -> Organisation:
    return get_object_or_404(programme.organisations, pk=organisation_id)


def _goal_out(row: group_records.GoalRow) -> dict[str, Any]:
    return {
        "organisation_id": row.organisation.pk,
        "organisation_name": row.organisation.name,
        "text": row.goal.text if row.goal else None,
        "due_on": row.goal.due_on if row.goal else None,
        "statuses": [
            {
                "activity_key": meeting.key,
                "activity_title": meeting.title,
                "starts_on": meeting.starts_on,
                "progress": status.progress if status else None,
                "status": status.status if status else "",
            }
            for meeting, status in row.statuses
        ],
        "can_write": row.can_write,
    }


def _goal_row(request: HttpRequest, programme: Programme, organisation: Organisation) -> dict[str, Any]:
    row = next(r for r in group_records.goal_rows(request.user, programme) if r.organisation.pk == organisation.pk)
    return _goal_out(row)


@router.get("/programmes/{int:programme_id}/organisation-goals", response={200: list[OrganisationGoalOut], **ERRORS})
def list_goals(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    """Each organisation's goal (what should be different, by when) with its status at each reflection meeting and
    the closing meeting. The whole group reads them."""
    programme = _group_programme(request, programme_id)
    return [_goal_out(row) for row in group_records.goal_rows(request.user, programme)]


@router.put(
    "/programmes/{int:programme_id}/organisation-goals/{int:organisation_id}",
    response={200: OrganisationGoalOut, **ERRORS},
)
def set_goal(
    request: AuthenticatedHttpRequest, programme_id: int, organisation_id: int, payload: OrganisationGoalIn
) -> Any:
    """Set or change the organisation's goal: its coordinator or the advisors, after the kickoff meeting."""
    programme = _group_programme(request, programme_id)
    organisation = _organisation(programme, organisation_id)
    data = validated(GoalForm(data=payload.dict()))
    group_records.goal_set(programme=programme, organisation=organisation, by=request.user, **data)
    return _goal_row(request, programme, organisation)


@router.put(
    "/programmes/{int:programme_id}/activities/{key}/goal-status/{int:organisation_id}",
    response={200: OrganisationGoalOut, **ERRORS},
)
def record_goal_status(
    request: AuthenticatedHttpRequest,
    programme_id: int,
    key: str,
    organisation_id: int,
    payload: OrganisationGoalStatusIn,
) -> Any:
    """How far the organisation got against its goal, recorded at a reflection meeting or the closing meeting."""
    activity = _meeting(request, programme_id, key)
    organisation = _organisation(activity.programme, organisation_id)
    data = validated(GoalStatusForm(data=payload.dict()))
    group_records.goal_status_record(activity=activity, organisation=organisation, by=request.user, **data)
    return _goal_row(request, activity.programme, organisation)


@router.get("/programmes/{int:programme_id}/activities/{key}/wishes", response={200: list[MeetingWishOut], **ERRORS})
def list_wishes(request: HttpRequest, programme_id: int, key: str) -> list[dict[str, Any]]:
    """The organisations' wishes and needs for a joint meeting (advisors: all; an organisation: its own)."""
    activity = _meeting(request, programme_id, key)
    return [_wish_out(w) for w in group_records.meeting_records(request.user, activity).wishes]


def _wish_out(wish: MeetingWish) -> dict[str, Any]:
    return {
        "organisation_id": wish.organisation_id,
        "organisation_name": wish.organisation.name,
        "text": wish.text,
        "updated_at": wish.updated_at,
    }


@router.put(
    "/programmes/{int:programme_id}/activities/{key}/wishes/{int:organisation_id}",
    response={200: MeetingWishOut, **ERRORS},
)
def answer_wishes(
    request: AuthenticatedHttpRequest, programme_id: int, key: str, organisation_id: int, payload: MeetingWishIn
) -> dict[str, Any]:
    """The organisation's wishes and needs for a joint meeting: its coordinator (or an advisor), until the meeting."""
    activity = _meeting(request, programme_id, key)
    organisation = _organisation(activity.programme, organisation_id)
    data = validated(WishForm(data=payload.dict()))
    wish = group_records.meeting_wish_answer(
        activity=activity, organisation=organisation, text=data["text"], by=request.user
    )
    return _wish_out(wish)


@router.post(
    "/programmes/{int:programme_id}/activities/{key}/participants/from-kickoff",
    response={200: list[KickoffBookingOut], **ERRORS},
)
def book_kickoff_participants(request: AuthenticatedHttpRequest, programme_id: int, key: str) -> list[dict[str, Any]]:
    """The closing meeting: book the kickoff's participants not yet booked whom the user may book (each is invited
    once). The answer lists those booked now (empty: nobody left to book)."""
    activity = _meeting(request, programme_id, key)
    booked = group_records.kickoff_participants_book(activity=activity, by=request.user)
    return [
        {"id": p.pk, "user_id": p.user_id, "name": str(p.user), "organisation_id": p.organisation_id} for p in booked
    ]


def _trial_action(request: HttpRequest, programme_id: int, trial_id: int) -> TrialAction:
    programme = get_object_for(request.user, Programme, pk=programme_id)
    return get_object_for(request.user, TrialAction.objects.filter(programme=programme), pk=trial_id)


def _feedback_out(entry: TrialActionFeedback) -> dict[str, Any]:
    return {"id": entry.pk, "author": str(entry.author or ""), "text": entry.text, "created_at": entry.created_at}


@router.get(
    "/programmes/{int:programme_id}/trial-actions/{int:trial_id}/feedback",
    response={200: list[TrialActionFeedbackOut], **ERRORS},
)
def list_feedback(request: HttpRequest, programme_id: int, trial_id: int) -> list[dict[str, Any]]:
    """Feedback and sparring on a trial action, oldest first (whoever sees the trial action)."""
    trial_action = _trial_action(request, programme_id, trial_id)
    return [_feedback_out(e) for e in group_records.trial_action_feedback(request.user, trial_action)]


@router.post(
    "/programmes/{int:programme_id}/trial-actions/{int:trial_id}/feedback",
    response={201: TrialActionFeedbackOut, **ERRORS},
)
def add_feedback(
    request: AuthenticatedHttpRequest, programme_id: int, trial_id: int, payload: TrialActionFeedbackIn
) -> Status[dict[str, Any]]:
    """Add feedback on a trial action: the advisors and the people of the programme's organisations."""
    trial_action = _trial_action(request, programme_id, trial_id)
    data = validated(FeedbackForm(data=payload.dict()))
    entry = group_records.trial_action_feedback_add(trial_action=trial_action, text=data["text"], by=request.user)
    return Status(201, _feedback_out(entry))
