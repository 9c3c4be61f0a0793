"""The taskforce records in the API: data-collection items, political presentations, learning activities, and the
status meetings' decisions and follow-up items (with their check at a later status meeting).

The same forms, access rules and services as the pages. Only taskforce programmes have these records: another
kind of programme is a 404. The municipality's coordinator may PATCH the status and note of data-collection and
follow-up items only (see policies.py). The services check access when they write; an endpoint with a payload
also refuses (403) before it judges the payload, so that a refused person learns nothing from validation messages.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Model
from ninja import Field, Router, Schema, Status

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, require
from advisory.core.api import ERRORS, FormInvalid, validated
from advisory.programmes.models import Programme
from advisory.programmes.policies import runs_programme
from advisory.taskforce import selectors, services
from advisory.taskforce.forms import (
    DataItemForm,
    DecisionForm,
    FollowUpCheckForm,
    FollowUpForm,
    LearningActivityForm,
    PresentationForm,
)
from advisory.taskforce.models import (
    DataCollectionItem,
    DataCollectionStatus,
    FollowUpItem,
    FollowUpStatus,
    LearningActivity,
    LearningFormat,
    PoliticalPresentation,
    PresentationKind,
    StatusDecision,
)

router = Router(tags=["taskforce"])


def _programme(request: AuthenticatedHttpRequest, programme_id: int) -> Programme:
    return selectors.taskforce_programme(request.user, programme_id)


def _current(instance: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        assert isinstance(field, models.Field), name  # a form's field, not a reverse relation
        data[name] = getattr(instance, field.attname)
    return data


def _save(form: Any, save: Callable[[Any], Model], names: dict[str, str] | None = None) -> Any:
    """Validate the form (400 with its errors), then save the unsaved record through its service (which checks
    access; its ValidationError is a 400 through the API's handler)."""
    validated(form, names=names)
    return save(form.save(commit=False))


def _deleted(request: AuthenticatedHttpRequest, record: Model) -> Status[None]:
    services.record_delete(by=request.user, record=record)
    return Status(204, None)


def _only_status(request: AuthenticatedHttpRequest, programme: Programme, changes: dict[str, Any]) -> None:
    """The coordinator may change status and note only; the runners everything. Asked of the payload's names
    before it is judged (the service checks what actually changes)."""
    if not runs_programme(request.user, programme) and set(changes) - services.STATUS_FIELDS:
        raise PermissionDenied(services.STATUS_ONLY)


# --- Data-collection items ------------------------------------------------------------------------------------


class DataItemOut(Schema):
    id: int
    programme_id: int
    what: str
    source: str
    responsible: str
    due_on: datetime.date | None
    status: DataCollectionStatus
    note: str
    overdue: bool


class DataItemIn(Schema):
    what: str = Field(..., max_length=300, description="What data.")
    source: str = Field(..., max_length=300, description="From whom or which source.")
    responsible: str = Field("", max_length=200)
    due_on: datetime.date | None = None
    status: DataCollectionStatus = DataCollectionStatus.AGREED
    note: str = Field("", max_length=2000)


class DataItemPatch(Schema):
    what: str | None = Field(None, max_length=300)
    source: str | None = Field(None, max_length=300)
    responsible: str | None = Field(None, max_length=200)
    due_on: datetime.date | None = None
    status: DataCollectionStatus | None = None
    note: str | None = Field(None, max_length=2000)


def _save_data_item(
    request: AuthenticatedHttpRequest, item: DataCollectionItem, data: dict[str, Any]
) -> DataCollectionItem:
    return _save(DataItemForm(data=data, instance=item), lambda obj: services.data_item_save(by=request.user, item=obj))


@router.get("/programmes/{int:programme_id}/data-collection-items", response={200: list[DataItemOut], **ERRORS})
def list_data_items(request: AuthenticatedHttpRequest, programme_id: int) -> list[DataCollectionItem]:
    """The data the taskforce collects for the analysis (overdue: past the due date and not received)."""
    return list(selectors.data_items(request.user, _programme(request, programme_id)))


@router.post("/programmes/{int:programme_id}/data-collection-items", response={201: DataItemOut, **ERRORS})
def create_data_item(
    request: AuthenticatedHttpRequest, programme_id: int, payload: DataItemIn
) -> Status[DataCollectionItem]:
    programme = _programme(request, programme_id)
    item = DataCollectionItem(programme=programme)
    require(request.user, Action.CREATE, item)
    return Status(201, _save_data_item(request, item, payload.dict()))


@router.patch(
    "/programmes/{int:programme_id}/data-collection-items/{int:data_item_id}", response={200: DataItemOut, **ERRORS}
)
def update_data_item(
    request: AuthenticatedHttpRequest, programme_id: int, data_item_id: int, payload: DataItemPatch
) -> DataCollectionItem:
    programme = _programme(request, programme_id)
    item = selectors.record(request.user, programme, DataCollectionItem, data_item_id, Action.CHANGE)
    changes = payload.dict(exclude_unset=True)
    _only_status(request, programme, changes)
    return _save_data_item(request, item, {**_current(item, DataItemForm.Meta.fields), **changes})


@router.delete(
    "/programmes/{int:programme_id}/data-collection-items/{int:data_item_id}", response={204: None, **ERRORS}
)
def delete_data_item(request: AuthenticatedHttpRequest, programme_id: int, data_item_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    return _deleted(request, selectors.record(request.user, programme, DataCollectionItem, data_item_id))


# --- Political presentations ----------------------------------------------------------------------------------


class PresentationOut(Schema):
    id: int
    programme_id: int
    kind: PresentationKind
    presented_on: datetime.date
    committee: str
    material_id: int | None
    activity_key: str | None
    notes: str

    @staticmethod
    def resolve_activity_key(obj: PoliticalPresentation) -> str | None:
        return obj.activity.key if obj.activity is not None else None


class PresentationIn(Schema):
    kind: PresentationKind
    presented_on: datetime.date
    committee: str = Field(..., max_length=200, description="E.g. Social- og Sundhedsudvalget.")
    material_id: int | None = Field(None, description="A document of the programme (see the documents endpoints).")
    notes: str = Field("", max_length=4000)


class PresentationPatch(Schema):
    kind: PresentationKind | None = None
    presented_on: datetime.date | None = None
    committee: str | None = Field(None, max_length=200)
    material_id: int | None = None
    notes: str | None = Field(None, max_length=4000)


def _save_presentation(
    request: AuthenticatedHttpRequest, programme: Programme, presentation: PoliticalPresentation, data: dict[str, Any]
) -> PoliticalPresentation:
    if "material_id" in data:
        data["material"] = data.pop("material_id") or ""
    return _save(
        PresentationForm(data=data, instance=presentation, programme=programme),
        lambda obj: services.presentation_save(by=request.user, presentation=obj),
        names={"material": "material_id"},
    )


@router.get("/programmes/{int:programme_id}/political-presentations", response={200: list[PresentationOut], **ERRORS})
def list_presentations(request: AuthenticatedHttpRequest, programme_id: int) -> list[PoliticalPresentation]:
    return list(selectors.presentations(request.user, _programme(request, programme_id)))


@router.post("/programmes/{int:programme_id}/political-presentations", response={201: PresentationOut, **ERRORS})
def create_presentation(
    request: AuthenticatedHttpRequest, programme_id: int, payload: PresentationIn
) -> Status[PoliticalPresentation]:
    """A presentation to the political level; its plan activity (political_presentation_analysis or _effects)
    moves to its date."""
    programme = _programme(request, programme_id)
    presentation = PoliticalPresentation(programme=programme)
    require(request.user, Action.CREATE, presentation)
    return Status(201, _save_presentation(request, programme, presentation, payload.dict()))


@router.patch(
    "/programmes/{int:programme_id}/political-presentations/{int:presentation_id}",
    response={200: PresentationOut, **ERRORS},
)
def update_presentation(
    request: AuthenticatedHttpRequest, programme_id: int, presentation_id: int, payload: PresentationPatch
) -> PoliticalPresentation:
    programme = _programme(request, programme_id)
    presentation = selectors.record(request.user, programme, PoliticalPresentation, presentation_id, Action.CHANGE)
    current = _current(presentation, PresentationForm.Meta.fields)
    return _save_presentation(request, programme, presentation, {**current, **payload.dict(exclude_unset=True)})


@router.delete(
    "/programmes/{int:programme_id}/political-presentations/{int:presentation_id}", response={204: None, **ERRORS}
)
def delete_presentation(request: AuthenticatedHttpRequest, programme_id: int, presentation_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    return _deleted(request, selectors.record(request.user, programme, PoliticalPresentation, presentation_id))


# --- Learning activities --------------------------------------------------------------------------------------


class LearningActivityOut(Schema):
    id: int
    programme_id: int
    title: str
    description: str
    held_on: datetime.date
    offered_by: str
    format: LearningFormat
    attended: bool | None
    participants: int | None
    attendance_note: str


class LearningActivityIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=4000)
    held_on: datetime.date
    offered_by: str = Field("", max_length=200)
    format: LearningFormat = LearningFormat.IN_PERSON
    attended: bool | None = Field(None, description="Empty while not known.")
    participants: int | None = Field(None, ge=0, le=10000)
    attendance_note: str = Field("", max_length=2000)


class LearningActivityPatch(Schema):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    held_on: datetime.date | None = None
    offered_by: str | None = Field(None, max_length=200)
    format: LearningFormat | None = None
    attended: bool | None = None
    participants: int | None = Field(None, ge=0, le=10000)
    attendance_note: str | None = Field(None, max_length=2000)


def _save_learning(
    request: AuthenticatedHttpRequest, learning: LearningActivity, data: dict[str, Any]
) -> LearningActivity:
    attended = data.get("attended")
    data["attended"] = "" if attended is None else ("true" if attended else "false")
    if data.get("participants") is None:
        data["participants"] = ""
    return _save(
        LearningActivityForm(data=data, instance=learning),
        lambda obj: services.learning_activity_save(by=request.user, learning_activity=obj),
    )


@router.get("/programmes/{int:programme_id}/learning-activities", response={200: list[LearningActivityOut], **ERRORS})
def list_learning_activities(request: AuthenticatedHttpRequest, programme_id: int) -> list[LearningActivity]:
    return list(selectors.learning_activities(request.user, _programme(request, programme_id)))


@router.post("/programmes/{int:programme_id}/learning-activities", response={201: LearningActivityOut, **ERRORS})
def create_learning_activity(
    request: AuthenticatedHttpRequest, programme_id: int, payload: LearningActivityIn
) -> Status[LearningActivity]:
    programme = _programme(request, programme_id)
    learning = LearningActivity(programme=programme)
    require(request.user, Action.CREATE, learning)
    return Status(201, _save_learning(request, learning, payload.dict()))


@router.patch(
    "/programmes/{int:programme_id}/learning-activities/{int:learning_activity_id}",
    response={200: LearningActivityOut, **ERRORS},
)
def update_learning_activity(
    request: AuthenticatedHttpRequest, programme_id: int, learning_activity_id: int, payload: LearningActivityPatch
) -> LearningActivity:
    programme = _programme(request, programme_id)
    learning = selectors.record(request.user, programme, LearningActivity, learning_activity_id, Action.CHANGE)
    current = _current(learning, LearningActivityForm.Meta.fields)
    return _save_learning(request, learning, {**current, **payload.dict(exclude_unset=True)})


@router.delete(
    "/programmes/{int:programme_id}/learning-activities/{int:learning_activity_id}", response={204: None, **ERRORS}
)
def delete_learning_activity(
    request: AuthenticatedHttpRequest, programme_id: int, learning_activity_id: int
) -> Status[None]:
    programme = _programme(request, programme_id)
    return _deleted(request, selectors.record(request.user, programme, LearningActivity, learning_activity_id))


# --- Status meetings: decisions and follow-up items -----------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    meeting_key: str
    decision_id: int | None
    text: str
    owner: str
    due_on: datetime.date | None
    status: FollowUpStatus
    checked_at_key: str | None = Field(..., description="The status meeting at which it was last checked.")
    note: str

    @staticmethod
    def resolve_meeting_key(obj: FollowUpItem) -> str:
        return obj.activity.key

    @staticmethod
    def resolve_checked_at_key(obj: FollowUpItem) -> str | None:
        return obj.checked_at.key if obj.checked_at is not None else None


class DecisionOut(Schema):
    id: int
    meeting_key: str
    text: str
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_meeting_key(obj: StatusDecision) -> str:
        return obj.activity.key

    @staticmethod
    def resolve_follow_ups(obj: StatusDecision) -> list[FollowUpItem]:
        return list(obj.follow_ups.all())  # prefetched by selectors.decisions


class FollowUpNew(Schema):
    text: str = Field(..., max_length=2000)
    owner: str = Field("", max_length=200)
    due_on: datetime.date | None = None


class DecisionIn(Schema):
    text: str = Field(..., max_length=2000)
    follow_ups: list[FollowUpNew] = Field([], max_length=50, description="The decision's follow-up items.")


class DecisionPatch(Schema):
    text: str = Field(..., max_length=2000)


class FollowUpIn(Schema):
    text: str = Field(..., max_length=2000)
    owner: str = Field("", max_length=200)
    due_on: datetime.date | None = None
    decision_id: int | None = Field(None, description="A decision of the same status meeting.")
    note: str = Field("", max_length=2000)


class FollowUpPatch(Schema):
    text: str | None = Field(None, max_length=2000)
    owner: str | None = Field(None, max_length=200)
    due_on: datetime.date | None = None
    decision_id: int | None = None
    status: FollowUpStatus | None = None
    note: str | None = Field(None, max_length=2000)


class FollowUpCheckIn(Schema):
    status: FollowUpStatus = Field(..., description="done, open (still open) or dropped")
    note: str | None = Field(None, max_length=2000)


@router.get("/programmes/{int:programme_id}/decisions", response={200: list[DecisionOut], **ERRORS})
def list_decisions(request: AuthenticatedHttpRequest, programme_id: int) -> list[StatusDecision]:
    """The decisions of every status meeting, with their follow-up items."""
    return list(
        selectors.decisions(request.user, _programme(request, programme_id)).order_by("activity__occurrence", "pk")
    )


@router.post(
    "/programmes/{int:programme_id}/status-meetings/{meeting_key}/decisions", response={201: DecisionOut, **ERRORS}
)
def create_decision(
    request: AuthenticatedHttpRequest, programme_id: int, meeting_key: str, payload: DecisionIn
) -> Status[StatusDecision]:
    programme = _programme(request, programme_id)
    meeting = selectors.status_meeting(programme, meeting_key)
    require(request.user, Action.CREATE, StatusDecision(activity=meeting))
    validated(DecisionForm(data={"decision-text": payload.text}, prefix="decision"), names={"text": "text"})
    follow_ups = []
    for index, item in enumerate(payload.follow_ups):
        form = FollowUpForm(data={**item.dict(), "status": FollowUpStatus.OPEN}, meeting=meeting)
        if not form.is_valid():
            raise FormInvalid.from_errors(
                {f"follow_ups.{index}.{name}": messages for name, messages in form.errors.items()}
            )
        follow_ups.append({k: form.cleaned_data[k] for k in ("text", "owner", "due_on")})
    decision = services.decision_create(by=request.user, meeting=meeting, text=payload.text, follow_ups=follow_ups)
    return Status(201, decision)


@router.patch("/programmes/{int:programme_id}/decisions/{int:decision_id}", response={200: DecisionOut, **ERRORS})
def update_decision(
    request: AuthenticatedHttpRequest, programme_id: int, decision_id: int, payload: DecisionPatch
) -> StatusDecision:
    programme = _programme(request, programme_id)
    decision = selectors.record(request.user, programme, StatusDecision, decision_id, Action.CHANGE)
    validated(DecisionForm(data={"decision-text": payload.text}, prefix="decision"))
    decision.text = payload.text
    return services.decision_save(by=request.user, decision=decision)


@router.delete("/programmes/{int:programme_id}/decisions/{int:decision_id}", response={204: None, **ERRORS})
def delete_decision(request: AuthenticatedHttpRequest, programme_id: int, decision_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    return _deleted(request, selectors.record(request.user, programme, StatusDecision, decision_id))


@router.get("/programmes/{int:programme_id}/follow-up-items", response={200: list[FollowUpOut], **ERRORS})
def list_follow_ups(request: AuthenticatedHttpRequest, programme_id: int, to_check_at: str = "") -> list[FollowUpItem]:
    """Every follow-up item; with ``to_check_at=<status meeting key>`` those to check at that meeting (open items of
    earlier status meetings, and those checked there)."""
    programme = _programme(request, programme_id)
    if to_check_at:
        return selectors.items_to_check(request.user, selectors.status_meeting(programme, to_check_at[:64]))
    return list(selectors.follow_ups(request.user, programme).order_by("activity__occurrence", "pk"))


def _save_follow_up(request: AuthenticatedHttpRequest, item: FollowUpItem, data: dict[str, Any]) -> FollowUpItem:
    if "decision_id" in data:
        data["decision"] = data.pop("decision_id") or ""
    return _save(
        FollowUpForm(data=data, instance=item, meeting=item.activity),
        lambda obj: services.follow_up_save(by=request.user, item=obj),
        names={"decision": "decision_id"},
    )


@router.post(
    "/programmes/{int:programme_id}/status-meetings/{meeting_key}/follow-up-items",
    response={201: FollowUpOut, **ERRORS},
)
def create_follow_up(
    request: AuthenticatedHttpRequest, programme_id: int, meeting_key: str, payload: FollowUpIn
) -> Status[FollowUpItem]:
    programme = _programme(request, programme_id)
    meeting = selectors.status_meeting(programme, meeting_key)
    item = FollowUpItem(activity=meeting)
    require(request.user, Action.CREATE, item)
    return Status(201, _save_follow_up(request, item, {**payload.dict(), "status": FollowUpStatus.OPEN}))


@router.patch(
    "/programmes/{int:programme_id}/follow-up-items/{int:follow_up_id}", response={200: FollowUpOut, **ERRORS}
)
def update_follow_up(
    request: AuthenticatedHttpRequest, programme_id: int, follow_up_id: int, payload: FollowUpPatch
) -> FollowUpItem:
    programme = _programme(request, programme_id)
    item = selectors.record(request.user, programme, FollowUpItem, follow_up_id, Action.CHANGE)
    changes = payload.dict(exclude_unset=True)
    _only_status(request, programme, changes)
    return _save_follow_up(request, item, {**_current(item, FollowUpForm.Meta.fields), **changes})


@router.delete("/programmes/{int:programme_id}/follow-up-items/{int:follow_up_id}", response={204: None, **ERRORS})
def delete_follow_up(request: AuthenticatedHttpRequest, programme_id: int, follow_up_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    return _deleted(request, selectors.record(request.user, programme, FollowUpItem, follow_up_id))


@router.post(
    "/programmes/{int:programme_id}/status-meetings/{meeting_key}/follow-up-items/{int:follow_up_id}/check",
    response={200: FollowUpOut, **ERRORS},
)
def check_follow_up(
    request: AuthenticatedHttpRequest, programme_id: int, meeting_key: str, follow_up_id: int, payload: FollowUpCheckIn
) -> FollowUpItem:
    """Record at a later status meeting that a follow-up item is done, still open or dropped."""
    programme = _programme(request, programme_id)
    meeting = selectors.status_meeting(programme, meeting_key)
    item = selectors.record(request.user, programme, FollowUpItem, follow_up_id)
    if not runs_programme(request.user, programme):
        raise PermissionDenied
    form = FollowUpCheckForm(data={"check-status": payload.status, "check-note": payload.note or ""}, prefix="check")
    cleaned = validated(form, names={"check-status": "status", "check-note": "note"})
    return services.follow_up_check(
        by=request.user, item=item, meeting=meeting, status=cleaned["status"], note=payload.note
    )
