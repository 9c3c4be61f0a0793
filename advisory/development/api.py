"""The development work in the API: mappings, recommendations (and their order), development points, goals,
progress notes and the development plan's actions, all under /api/programmes/{programme_id}/.

The same forms, access rules and services as the pages: a programme the user cannot see, or a group programme,
is a 404; a visible record the user may not change is a 403; bad input is a 400 with Danish messages per field
(a service's ValidationError too, through the API's handler).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from advisory.core.access import Action, get_object_for, require
from advisory.core.api import ERRORS, FormInvalid, validated
from advisory.development import selectors, services
from advisory.development.forms import (
    DevelopmentActionForm,
    DevelopmentPointForm,
    GoalForm,
    GoalStatusForm,
    MappingForm,
    ProgressNoteCommentForm,
    ProgressNoteForm,
    RecommendationForm,
)
from advisory.development.models import (
    ActionStatus,
    DevelopmentAction,
    DevelopmentPoint,
    Goal,
    GoalStatus,
    PracticeMapping,
    ProgressNote,
    Recommendation,
    RecommendationSource,
)
from advisory.development.policies import may_edit_goal_fully, runs
from advisory.development.prerequisites import Prerequisite, for_kind
from advisory.development.selectors import development_programme
from advisory.programmes.models import Programme, ProgrammeKind

router = Router(tags=["development"])


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    return development_programme(request.user, programme_id)


# --- Mappings ----------------------------------------------------------------------------------------------


class MappingOut(Schema):
    prerequisite: Prerequisite
    prerequisite_label: str
    current_practice: str
    strengths: str
    challenges: str
    source_material: str
    document_ids: list[int]
    updated_at: datetime.datetime | None


class MappingIn(Schema):
    current_practice: str = Field("", max_length=6000)
    strengths: str = Field("", max_length=4000)
    challenges: str = Field("", max_length=4000)
    source_material: str = Field("", max_length=4000)
    document_ids: list[int] = Field(default_factory=list, description="Documents uploaded to the programme.")


def _mapping_out(prerequisite: Prerequisite, mapping: PracticeMapping | None) -> dict[str, Any]:
    return {
        "prerequisite": prerequisite,
        "prerequisite_label": str(prerequisite.label),
        "current_practice": mapping.current_practice if mapping else "",
        "strengths": mapping.strengths if mapping else "",
        "challenges": mapping.challenges if mapping else "",
        "source_material": mapping.source_material if mapping else "",
        "document_ids": [d.pk for d in mapping.documents.all()] if mapping else [],
        "updated_at": mapping.updated_at if mapping else None,
    }


@router.get("/programmes/{int:programme_id}/mappings", response={200: list[MappingOut], **ERRORS})
def list_mappings(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    """One row per prerequisite of the programme (three; four themes for a taskforce), empty while unwritten."""
    programme = _programme(request, programme_id)
    return [
        _mapping_out(row.prerequisite, row.mapping) for row in selectors.mappings_for_programme(request.user, programme)
    ]


@router.put("/programmes/{int:programme_id}/mappings/{prerequisite}", response={200: MappingOut, **ERRORS})
def save_mapping(request: HttpRequest, programme_id: int, prerequisite: str, payload: MappingIn) -> dict[str, Any]:
    programme = _programme(request, programme_id)
    if prerequisite not in [p.value for p in for_kind(programme.kind)]:
        raise Http404
    mapping = PracticeMapping.objects.filter(programme=programme, prerequisite=prerequisite).first()
    require(request.user, Action.CHANGE, mapping or PracticeMapping(programme=programme, prerequisite=prerequisite))
    data = payload.dict()
    data["documents"] = data.pop("document_ids")
    form = MappingForm(data=data, instance=mapping, programme=programme)
    if payload.document_ids and "documents" not in form.fields:
        raise FormInvalid.from_errors({"document_ids": [str(_no_documents())]})
    cleaned = validated(form, names={"documents": "document_ids"})
    saved = services.mapping_save(
        by=request.user,
        programme=programme,
        prerequisite=prerequisite,
        current_practice=cleaned["current_practice"],
        strengths=cleaned["strengths"],
        challenges=cleaned["challenges"],
        source_material=cleaned["source_material"],
        documents=cleaned.get("documents", []),
    )
    return _mapping_out(Prerequisite(prerequisite), saved)


def _no_documents() -> str:
    from django.utils.translation import gettext as _

    return _("Choose documents of this programme.")


# --- Recommendations ---------------------------------------------------------------------------------------


class RecommendationOut(Schema):
    id: int
    programme_id: int
    position: int = Field(..., description="Priority: 1 is the most important.")
    prerequisite: Prerequisite
    source: RecommendationSource
    text: str
    justification: str


class RecommendationIn(Schema):
    prerequisite: Prerequisite
    text: str = Field(..., max_length=2000)
    justification: str = Field("", max_length=4000)


class RecommendationPatch(Schema):
    prerequisite: Prerequisite | None = None
    text: str | None = Field(None, max_length=2000)
    justification: str | None = Field(None, max_length=4000)


class OrderIn(Schema):
    ids: list[int] = Field(..., description="Every recommendation id of the programme, most important first.")


def _recommendation(
    request: HttpRequest, programme: Programme, pk: int, action: Action = Action.VIEW
) -> Recommendation:
    return get_object_for(request.user, Recommendation.objects.filter(programme=programme), action, pk=pk)


def _merged(instance: Any, fields: tuple[str, ...], payload: Schema) -> dict[str, Any]:
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    current = {name: getattr(instance, name) for name in fields}
    return {**current, **changes}


@router.get("/programmes/{int:programme_id}/recommendations", response={200: list[RecommendationOut], **ERRORS})
def list_recommendations(request: HttpRequest, programme_id: int) -> list[Recommendation]:
    programme = _programme(request, programme_id)
    return list(selectors.recommendations_for_programme(request.user, programme))


@router.post("/programmes/{int:programme_id}/recommendations", response={201: RecommendationOut, **ERRORS})
def create_recommendation(request: HttpRequest, programme_id: int, payload: RecommendationIn) -> Status[Recommendation]:
    """Added last (lowest priority); its source is the mapping (individual) or the analysis (taskforce)."""
    programme = _programme(request, programme_id)
    require(request.user, Action.CREATE, Recommendation(programme=programme))
    cleaned = validated(RecommendationForm(data=payload.dict(), programme=programme))
    return Status(201, services.recommendation_create(by=request.user, programme=programme, **cleaned))


@router.put("/programmes/{int:programme_id}/recommendations/order", response={200: list[RecommendationOut], **ERRORS})
def reorder_recommendations(request: HttpRequest, programme_id: int, payload: OrderIn) -> list[Recommendation]:
    programme = _programme(request, programme_id)
    services.recommendations_reorder(by=request.user, programme=programme, ids=payload.ids)
    return list(selectors.recommendations_for_programme(request.user, programme))


@router.patch(
    "/programmes/{int:programme_id}/recommendations/{int:recommendation_id}",
    response={200: RecommendationOut, **ERRORS},
)
def update_recommendation(
    request: HttpRequest, programme_id: int, recommendation_id: int, payload: RecommendationPatch
) -> Recommendation:
    programme = _programme(request, programme_id)
    recommendation = _recommendation(request, programme, recommendation_id, Action.CHANGE)
    data = _merged(recommendation, ("prerequisite", "text", "justification"), payload)
    cleaned = validated(RecommendationForm(data=data, instance=recommendation, programme=programme))
    return services.recommendation_update(by=request.user, recommendation=recommendation, **cleaned)


@router.delete("/programmes/{int:programme_id}/recommendations/{int:recommendation_id}", response={204: None, **ERRORS})
def delete_recommendation(request: HttpRequest, programme_id: int, recommendation_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    services.recommendation_delete(
        by=request.user, recommendation=_recommendation(request, programme, recommendation_id)
    )
    return Status(204, None)


# --- Development points, goals and actions -----------------------------------------------------------------


class GoalOut(Schema):
    id: int
    development_point_id: int
    text: str
    due_on: datetime.date
    status: GoalStatus


class ActionOut(Schema):
    id: int
    development_point_id: int
    text: str
    owner: str
    deadline: datetime.date
    status: ActionStatus
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: DevelopmentAction) -> bool:
        return selectors.is_overdue(obj)


class DevelopmentPointOut(Schema):
    id: int
    programme_id: int
    position: int
    prerequisite: Prerequisite
    title: str
    description: str
    recommendation_id: int | None
    goals: list[GoalOut]
    actions: list[ActionOut] = Field(..., description="The development plan's actions (taskforce programmes).")

    @staticmethod
    def resolve_goals(obj: DevelopmentPoint) -> list[Goal]:
        return list(obj.goals.all())

    @staticmethod
    def resolve_actions(obj: DevelopmentPoint) -> list[DevelopmentAction]:
        return list(obj.actions.all())


class DevelopmentPointIn(Schema):
    prerequisite: Prerequisite
    title: str = Field(..., max_length=300)
    description: str = Field("", max_length=4000)
    recommendation_id: int | None = None


class DevelopmentPointPatch(Schema):
    prerequisite: Prerequisite | None = None
    title: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=4000)
    recommendation_id: int | None = None


class GoalIn(Schema):
    text: str = Field(..., max_length=2000)
    due_on: datetime.date
    status: GoalStatus = GoalStatus.OPEN


class GoalPatch(Schema):
    text: str | None = Field(None, max_length=2000)
    due_on: datetime.date | None = None
    status: GoalStatus | None = None


class ActionIn(Schema):
    text: str = Field(..., max_length=2000)
    owner: str = Field(..., max_length=200, description="A name or a role.")
    deadline: datetime.date
    status: ActionStatus = ActionStatus.PLANNED


class ActionPatch(Schema):
    text: str | None = Field(None, max_length=2000)
    owner: str | None = Field(None, max_length=200)
    deadline: datetime.date | None = None
    status: ActionStatus | None = None


def _point(request: HttpRequest, programme: Programme, pk: int, action: Action = Action.VIEW) -> DevelopmentPoint:
    return get_object_for(request.user, DevelopmentPoint.objects.filter(programme=programme), action, pk=pk)


def _point_data(payload: Schema, instance: DevelopmentPoint | None = None) -> dict[str, Any]:
    given = payload.dict(exclude_unset=True)
    data = {
        "prerequisite": instance.prerequisite if instance else "",
        "title": instance.title if instance else "",
        "description": instance.description if instance else "",
        "recommendation": instance.recommendation_id if instance else None,
    }
    for name, value in given.items():
        if name == "recommendation_id":
            data["recommendation"] = value or ""
        elif value is not None:
            data[name] = value
    return data


@router.get("/programmes/{int:programme_id}/development-points", response={200: list[DevelopmentPointOut], **ERRORS})
def list_development_points(request: HttpRequest, programme_id: int) -> list[DevelopmentPoint]:
    """In order, each with its goals and (taskforce) the development plan's actions."""
    programme = _programme(request, programme_id)
    return list(selectors.development_points_for_programme(request.user, programme))


@router.post("/programmes/{int:programme_id}/development-points", response={201: DevelopmentPointOut, **ERRORS})
def create_development_point(
    request: HttpRequest, programme_id: int, payload: DevelopmentPointIn
) -> Status[DevelopmentPoint]:
    programme = _programme(request, programme_id)
    require(request.user, Action.CREATE, DevelopmentPoint(programme=programme))
    form = DevelopmentPointForm(data=_point_data(payload), programme=programme)
    cleaned = validated(form, names={"recommendation": "recommendation_id"})
    point = services.development_point_create(by=request.user, programme=programme, **cleaned)
    return Status(201, point)


@router.patch(
    "/programmes/{int:programme_id}/development-points/{int:point_id}", response={200: DevelopmentPointOut, **ERRORS}
)
def update_development_point(
    request: HttpRequest, programme_id: int, point_id: int, payload: DevelopmentPointPatch
) -> DevelopmentPoint:
    programme = _programme(request, programme_id)
    point = _point(request, programme, point_id, Action.CHANGE)
    form = DevelopmentPointForm(data=_point_data(payload, point), instance=point, programme=programme)
    cleaned = validated(form, names={"recommendation": "recommendation_id"})
    return services.development_point_update(by=request.user, point=point, **cleaned)


@router.delete("/programmes/{int:programme_id}/development-points/{int:point_id}", response={204: None, **ERRORS})
def delete_development_point(request: HttpRequest, programme_id: int, point_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    services.development_point_delete(by=request.user, point=_point(request, programme, point_id))
    return Status(204, None)


@router.post(
    "/programmes/{int:programme_id}/development-points/{int:point_id}/goals", response={201: GoalOut, **ERRORS}
)
def create_goal(request: HttpRequest, programme_id: int, point_id: int, payload: GoalIn) -> Status[Goal]:
    programme = _programme(request, programme_id)
    point = _point(request, programme, point_id)
    require(request.user, Action.CREATE, Goal(development_point=point))
    cleaned = validated(GoalForm(data=payload.dict()))
    return Status(201, services.goal_create(by=request.user, point=point, **cleaned))


def _goal(request: HttpRequest, programme: Programme, pk: int, action: Action = Action.VIEW) -> Goal:
    queryset = Goal.objects.filter(development_point__programme=programme).select_related("development_point")
    return get_object_for(request.user, queryset, action, pk=pk)


@router.patch("/programmes/{int:programme_id}/goals/{int:goal_id}", response={200: GoalOut, **ERRORS})
def update_goal(request: HttpRequest, programme_id: int, goal_id: int, payload: GoalPatch) -> Goal:
    """Those who run the programme change everything; the organisation's coordinator only the status."""
    programme = _programme(request, programme_id)
    goal = _goal(request, programme, goal_id, Action.CHANGE)
    data = _merged(goal, ("text", "due_on", "status"), payload)
    if may_edit_goal_fully(request.user, goal):
        form: Any = GoalForm(data=data, instance=goal)
    else:
        if set(payload.dict(exclude_unset=True)) - {"status"}:
            raise PermissionDenied
        form = GoalStatusForm(data={"status": data["status"]}, instance=goal)
    return services.goal_update(by=request.user, goal=goal, **validated(form))


@router.delete("/programmes/{int:programme_id}/goals/{int:goal_id}", response={204: None, **ERRORS})
def delete_goal(request: HttpRequest, programme_id: int, goal_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    services.goal_delete(by=request.user, goal=_goal(request, programme, goal_id))
    return Status(204, None)


def _taskforce(programme: Programme) -> None:
    if programme.kind != ProgrammeKind.TASKFORCE:
        raise Http404


@router.get("/programmes/{int:programme_id}/development-plan", response={200: list[DevelopmentPointOut], **ERRORS})
def development_plan(request: HttpRequest, programme_id: int) -> list[DevelopmentPoint]:
    """The taskforce's development plan: development points with their actions (owner, deadline, status)."""
    programme = _programme(request, programme_id)
    _taskforce(programme)
    return list(selectors.development_points_for_programme(request.user, programme))


@router.post(
    "/programmes/{int:programme_id}/development-points/{int:point_id}/actions", response={201: ActionOut, **ERRORS}
)
def create_development_action(
    request: HttpRequest, programme_id: int, point_id: int, payload: ActionIn
) -> Status[DevelopmentAction]:
    programme = _programme(request, programme_id)
    _taskforce(programme)
    point = _point(request, programme, point_id)
    require(request.user, Action.CREATE, DevelopmentAction(development_point=point))
    cleaned = validated(DevelopmentActionForm(data=payload.dict()))
    return Status(201, services.action_create(by=request.user, point=point, **cleaned))


def _action(request: HttpRequest, programme: Programme, pk: int, action: Action = Action.VIEW) -> DevelopmentAction:
    queryset = DevelopmentAction.objects.filter(development_point__programme=programme)
    return get_object_for(request.user, queryset, action, pk=pk)


@router.patch("/programmes/{int:programme_id}/development-actions/{int:action_id}", response={200: ActionOut, **ERRORS})
def update_development_action(
    request: HttpRequest, programme_id: int, action_id: int, payload: ActionPatch
) -> DevelopmentAction:
    programme = _programme(request, programme_id)
    instance = _action(request, programme, action_id, Action.CHANGE)
    data = _merged(instance, ("text", "owner", "deadline", "status"), payload)
    cleaned = validated(DevelopmentActionForm(data=data, instance=instance))
    return services.action_update(by=request.user, action=instance, **cleaned)


@router.delete("/programmes/{int:programme_id}/development-actions/{int:action_id}", response={204: None, **ERRORS})
def delete_development_action(request: HttpRequest, programme_id: int, action_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    services.action_delete(by=request.user, action=_action(request, programme, action_id))
    return Status(204, None)


# --- Progress notes ----------------------------------------------------------------------------------------


class ProgressNoteOut(Schema):
    id: int
    goal_id: int
    written_on: datetime.date
    text: str
    author_id: int | None
    author_name: str
    comment: str

    @staticmethod
    def resolve_author_name(obj: ProgressNote) -> str:
        return str(obj.author) if obj.author_id else ""


class ProgressNoteIn(Schema):
    written_on: datetime.date
    text: str = Field(..., max_length=4000)


class ProgressNotePatch(Schema):
    written_on: datetime.date | None = None
    text: str | None = Field(None, max_length=4000, description="The author's change.")
    comment: str | None = Field(None, max_length=4000, description="The advisors' comment.")


@router.get(
    "/programmes/{int:programme_id}/goals/{int:goal_id}/progress-notes",
    response={200: list[ProgressNoteOut], **ERRORS},
)
def list_progress_notes(request: HttpRequest, programme_id: int, goal_id: int) -> list[ProgressNote]:
    programme = _programme(request, programme_id)
    return list(selectors.progress_notes_for_goal(request.user, _goal(request, programme, goal_id)))


@router.post(
    "/programmes/{int:programme_id}/goals/{int:goal_id}/progress-notes", response={201: ProgressNoteOut, **ERRORS}
)
def create_progress_note(
    request: HttpRequest, programme_id: int, goal_id: int, payload: ProgressNoteIn
) -> Status[ProgressNote]:
    """Written by the programme's organisations' people."""
    programme = _programme(request, programme_id)
    goal = _goal(request, programme, goal_id)
    require(request.user, Action.CREATE, ProgressNote(goal=goal))
    cleaned = validated(ProgressNoteForm(data=payload.dict()))
    return Status(201, services.progress_note_create(by=request.user, goal=goal, **cleaned))


def _note(request: HttpRequest, programme: Programme, pk: int, action: Action = Action.VIEW) -> ProgressNote:
    queryset = ProgressNote.objects.filter(goal__development_point__programme=programme).select_related("author")
    return get_object_for(request.user, queryset, action, pk=pk)


@router.patch("/programmes/{int:programme_id}/progress-notes/{int:note_id}", response={200: ProgressNoteOut, **ERRORS})
def update_progress_note(
    request: HttpRequest, programme_id: int, note_id: int, payload: ProgressNotePatch
) -> ProgressNote:
    """The author changes date and text; those who run the programme write the comment."""
    programme = _programme(request, programme_id)
    note = _note(request, programme, note_id, Action.CHANGE)
    given = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if runs(request.user, programme):
        if set(given) - {"comment"}:
            raise PermissionDenied
        cleaned = validated(
            ProgressNoteCommentForm(data={"comment": given.get("comment", note.comment)}, instance=note)
        )
        return services.progress_note_comment(by=request.user, note=note, comment=cleaned["comment"])
    if "comment" in given:
        raise PermissionDenied
    data = {"written_on": note.written_on, "text": note.text, **given}
    cleaned = validated(ProgressNoteForm(data=data, instance=note))
    return services.progress_note_update(by=request.user, note=note, **cleaned)


@router.delete("/programmes/{int:programme_id}/progress-notes/{int:note_id}", response={204: None, **ERRORS})
def delete_progress_note(request: HttpRequest, programme_id: int, note_id: int) -> Status[None]:
    programme = _programme(request, programme_id)
    services.progress_note_delete(by=request.user, note=_note(request, programme, note_id))
    return Status(204, None)


from advisory.development.api_agreement import router as agreement_router  # noqa: E402

router.add_router("", agreement_router)  # the agreement, the ratings and the anchoring plan
