"""Programme templates, plan preview, programmes, activities and reflow in the API."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, get_object_for, scope
from advisory.core.api import ERRORS, FormInvalid, LocalTime, validated
from advisory.core.pagination import KeptLimitOffsetPagination
from advisory.programmes import criteria, progress, scheduling, selectors, services
from advisory.programmes.forms import ActivityForm, CriterionForm, TrialActionForm
from advisory.programmes.models import (
    Activity,
    MeetingParticipant,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
    TemplateVersion,
    TrialAction,
    TrialActionStatus,
)

# POST /programmes, creating a programme directly, is the requests app's (a taskforce programme takes a slot in its
# season): advisory/requests/api.py adds it to this router, so that the path's two methods are one path in the API.
router = Router(tags=["programmes"])


class TemplateVersionOut(Schema):
    id: int
    kind: ProgrammeKind = Field(..., alias="template.kind")
    name: str = Field(..., alias="template.name")
    number: int
    published: bool
    notes: str
    spec: dict[str, Any]


class PlannedActivityOut(Schema):
    key: str
    template_key: str
    occurrence: int
    title: str
    phase: str
    format: str
    scope: str
    start: datetime.date
    end: datetime.date | None
    done: bool
    pinned: bool
    organisation: str = Field("", description="An organisation's own call or preparation: the organisation's id")


class PhaseOut(Schema):
    key: str
    title: str
    start: datetime.date
    end: datetime.date


class ViolationOut(Schema):
    activity_key: str
    code: str
    days: int
    message: str


class PlanOut(Schema):
    kind: str
    anchors: dict[str, datetime.date]
    options: dict[str, int]
    phases: list[PhaseOut]
    activities: list[PlannedActivityOut]
    violations: list[ViolationOut]


class PlanPreviewOut(PlanOut):
    warnings: list[ViolationOut] = Field(
        ...,
        description="Joint meetings in a soft closed period of the year (e.g. the summer holiday): not broken rules",
    )


class PlanPreviewIn(Schema):
    template_version_id: int
    anchors: dict[str, datetime.date] = Field(..., description='e.g. {"acceptance": "2027-01-11"}')
    options: dict[str, int] = Field(
        default_factory=dict,
        description='e.g. {"reflection_meetings": 3}; the names and bounds are the template\'s (its spec\'s "options")',
    )


class OrganisationBrief(Schema):
    id: int
    name: str
    kind: str


class ProgrammeOut(Schema):
    id: int
    kind: ProgrammeKind
    title: str
    theme: str
    status: ProgrammeStatus
    template_version_id: int
    anchors: dict[str, Any]
    options: dict[str, Any]
    organisations: list[OrganisationBrief]
    start_override_reason: str = Field(
        "", description="Why the programme starts outside its kind's start seasons (an advisor's override)"
    )


class ActivityOut(Schema):
    key: str
    template_key: str
    occurrence: int
    title: str
    phase: str
    format: str
    scope: str
    organisation_id: int | None = Field(None, description="An organisation's own call or preparation; null: shared")
    starts_on: datetime.date
    ends_on: datetime.date | None
    start_time: LocalTime | None
    end_time: LocalTime | None
    full_day: bool = Field(description="A full-day meeting (hel dag, 4–6 hours) from start_time to end_time.")
    location: str
    agenda: str
    notes: str
    pinned: bool
    done: bool
    sequence: int
    advisory_addition: bool = Field(
        False, description="The advisory function's own addition to the plan, not in the programme's description"
    )


class ProgrammeDetailOut(ProgrammeOut):
    phase: str
    activities: list[ActivityOut]
    violations: list[ViolationOut]


class ProgrammeFilter(Schema):
    q: str = Field("", max_length=100)
    kind: ProgrammeKind | None = None
    status: ProgrammeStatus | None = None
    mine: bool = False


class ActivityPatch(Schema):
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    location: str | None = Field(None, max_length=255)
    agenda: str | None = Field(None, max_length=5000)
    notes: str | None = Field(None, max_length=5000)
    done: bool | None = None
    pinned: bool | None = None


class MoveIn(Schema):
    moved: dict[str, datetime.date] = Field(..., description="Activity keys or anchor names → new dates")


class ChangeOut(Schema):
    key: str
    title: str
    old_start: datetime.date | None
    new_start: datetime.date | None
    old_end: datetime.date | None
    new_end: datetime.date | None


class ReflowOut(Schema):
    changes: list[ChangeOut]
    violations: list[ViolationOut]
    warnings: list[ViolationOut] = Field(
        ..., description="Joint meetings in a soft closed period of the year after the move: not broken rules"
    )
    plan: PlanOut


def _plan_out(
    plan: scheduling.Plan, violations: list[scheduling.Violation] | tuple[scheduling.Violation, ...]
) -> dict[str, Any]:
    return {
        "kind": plan.kind,
        "anchors": dict(plan.anchors),
        "options": dict(plan.options),
        "phases": list(plan.phases),
        "activities": list(plan.activities),
        "violations": list(violations),
    }


def _reflow_out(result: scheduling.ReflowResult) -> dict[str, Any]:
    return {
        "changes": list(result.changes),
        "violations": list(result.violations),
        "warnings": list(result.warnings),
        "plan": _plan_out(result.plan, result.violations),
    }


def programme_detail_out(programme: Programme, user: Any = None) -> dict[str, Any]:
    """A programme as ProgrammeDetailOut: with its phase, plan and the rules the plan breaks (with ``user``: the
    activities they may see)."""
    detail = selectors.programme_detail(programme, user)
    additions = selectors.advisory_additions(programme)
    return {
        **ProgrammeOut.from_orm(programme).dict(),
        "phase": detail.phase,
        "activities": [
            {**ActivityOut.from_orm(a).dict(), "advisory_addition": a.template_key in additions}
            for a in detail.activities
        ],
        "violations": detail.violations,
    }


@router.get("/templates", response=list[TemplateVersionOut])
def list_template_versions(request: HttpRequest) -> list[TemplateVersion]:
    return list(scope(request.user, TemplateVersion).select_related("template").order_by("template__kind", "-number"))


@router.post("/plans/preview", response={200: PlanPreviewOut, **ERRORS})
def preview_plan(request: HttpRequest, payload: PlanPreviewIn) -> dict[str, Any]:
    """Template + anchor dates → dated plan and the rules it breaks, without saving anything."""
    version = get_object_for(request.user, TemplateVersion, pk=payload.template_version_id)
    try:
        result = services.plan_preview(version=version, anchors=payload.anchors, options=payload.options)
    except services.PlanRefused as exc:  # a date out of range, a count outside the template's bounds
        raise FormInvalid.from_errors({exc.field: exc.messages}) from exc
    except ValueError as exc:
        raise FormInvalid.from_message("anchors", str(exc)) from exc
    return {**_plan_out(result.plan, result.violations), "warnings": result.warnings}


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS})
# A late offset: annotations of the page's rows only; the page kept until anything changes (advisory.core.changes).
@paginate(KeptLimitOffsetPagination, name="api-programmes", item_schema=ProgrammeOut)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilter]):
    return selectors.programme_list(
        request.user, q=filters.q, kind=filters.kind or "", status=filters.status or "", mine=filters.mine
    )


@router.get("/programmes/{int:programme_id}", response={200: ProgrammeDetailOut, **ERRORS})
def get_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    return programme_detail_out(get_object_for(request.user, Programme, pk=programme_id), request.user)


@router.patch("/programmes/{int:programme_id}/activities/{key}", response={200: ActivityOut, **ERRORS})
def update_activity(request: AuthenticatedHttpRequest, programme_id: int, key: str, payload: ActivityPatch) -> Activity:
    """Time, place, notes, done and pinned. Dates move through the reflow endpoints."""
    activity = get_object_for(request.user, Activity.objects.filter(programme_id=programme_id), Action.CHANGE, key=key)
    changes = payload.dict(exclude_unset=True)
    text = {name: changes[name] for name in ("location", "agenda", "notes") if changes.get(name) is not None}
    if text:
        current = {"location": activity.location, "agenda": activity.agenda, "notes": activity.notes}
        validated(ActivityForm(data={**current, **text}))
    return services.activity_update(activity=activity, **changes, by=request.user)


def _reflow(step: Callable[[], scheduling.ReflowResult]) -> dict[str, Any]:
    try:
        return _reflow_out(step())
    except services.PlanRefused as exc:  # a date out of range
        raise FormInvalid.from_errors({exc.field: exc.messages}) from exc
    except (KeyError, ValueError) as exc:
        # The same Danish message as the web page's move form.
        message = _("That date cannot be moved: the activity is done or does not exist.")
        raise FormInvalid.from_errors({"moved": [message]}) from exc


@router.post("/programmes/{int:programme_id}/reflow/preview", response={200: ReflowOut, **ERRORS})
def reflow_preview(request: HttpRequest, programme_id: int, payload: MoveIn) -> dict[str, Any]:
    programme = get_object_for(request.user, Programme, Action.CHANGE, pk=programme_id)  # the runners' preview
    return _reflow(lambda: services.reflow_preview(programme, payload.moved))


@router.post("/programmes/{int:programme_id}/reflow/apply", response={200: ReflowOut, **ERRORS})
def reflow_apply(request: AuthenticatedHttpRequest, programme_id: int, payload: MoveIn) -> dict[str, Any]:
    programme = get_object_for(request.user, Programme, pk=programme_id)
    return _reflow(lambda: services.reflow_apply(programme, payload.moved, by=request.user))


def _programme_and_version(
    request: HttpRequest, programme_id: int, version_id: int
) -> tuple[Programme, TemplateVersion]:
    """A programme the user may change and another version of its own template."""
    programme = get_object_for(request.user, Programme, Action.CHANGE, pk=programme_id)
    versions = scope(request.user, TemplateVersion).filter(template=programme.template_version.template)
    return programme, get_object_for(request.user, versions, pk=version_id)


@router.get("/programmes/{int:programme_id}/version/{int:version_id}/preview", response={200: ReflowOut, **ERRORS})
def version_change_preview(request: HttpRequest, programme_id: int, version_id: int) -> dict[str, Any]:
    programme, version = _programme_and_version(request, programme_id, version_id)
    return _reflow_out(services.version_change_preview(programme, version))


@router.post("/programmes/{int:programme_id}/version/{int:version_id}", response={200: ProgrammeDetailOut, **ERRORS})
def version_change_apply(request: AuthenticatedHttpRequest, programme_id: int, version_id: int) -> dict[str, Any]:
    programme, version = _programme_and_version(request, programme_id, version_id)
    services.version_change_apply(programme, version, by=request.user)
    return programme_detail_out(Programme.objects.get(pk=programme.pk))


class TrialActionOut(Schema):
    id: int
    programme_id: int
    organisation_id: int
    development_point: str
    plan: str
    starts_on: datetime.date
    ends_on: datetime.date
    who: str
    expectation: str
    experiences: str
    evaluation: str
    adjustment: str
    status: TrialActionStatus
    shared_with_group: bool


class TrialActionIn(Schema):
    organisation_id: int
    development_point: str = Field(..., max_length=300)
    plan: str = Field(..., max_length=4000)
    starts_on: datetime.date
    ends_on: datetime.date
    who: str = Field("", max_length=300)
    expectation: str = Field("", max_length=4000)
    experiences: str = Field("", max_length=8000)
    evaluation: str = Field("", max_length=4000)
    adjustment: str = Field("", max_length=4000)
    status: TrialActionStatus = TrialActionStatus.PLANNED
    shared_with_group: bool = True


class TrialActionPatch(Schema):
    development_point: str | None = Field(None, max_length=300)
    plan: str | None = Field(None, max_length=4000)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    who: str | None = Field(None, max_length=300)
    expectation: str | None = Field(None, max_length=4000)
    experiences: str | None = Field(None, max_length=8000)
    evaluation: str | None = Field(None, max_length=4000)
    adjustment: str | None = Field(None, max_length=4000)
    status: TrialActionStatus | None = None
    shared_with_group: bool | None = None


def _save_trial_action(
    request: AuthenticatedHttpRequest, programme: Programme, instance: TrialAction, data: dict[str, Any]
) -> TrialAction:
    """The same form and service (which checks who may write it) as the web page."""
    organisations = programme.organisations.all()
    form = TrialActionForm(data=data, instance=instance, organisations=organisations)
    validated(form, names={"organisation": "organisation_id"})
    try:
        return services.trial_action_save(trial_action=form.save(commit=False), by=request.user)
    except ValidationError as exc:
        raise FormInvalid.from_errors(exc.message_dict) from exc


@router.get("/programmes/{int:programme_id}/trial-actions", response={200: list[TrialActionOut], **ERRORS})
def list_trial_actions(request: HttpRequest, programme_id: int) -> list[TrialAction]:
    programme = get_object_for(request.user, Programme, pk=programme_id)
    return list(scope(request.user, TrialAction).filter(programme=programme).order_by("organisation", "starts_on"))


@router.post("/programmes/{int:programme_id}/trial-actions", response={201: TrialActionOut, **ERRORS})
def create_trial_action(
    request: AuthenticatedHttpRequest, programme_id: int, payload: TrialActionIn
) -> Status[TrialAction]:
    programme = get_object_for(request.user, Programme, pk=programme_id)
    data = payload.dict()
    data["organisation"] = data.pop("organisation_id")
    return Status(201, _save_trial_action(request, programme, TrialAction(programme=programme), data))


@router.patch("/programmes/{int:programme_id}/trial-actions/{int:trial_id}", response={200: TrialActionOut, **ERRORS})
def update_trial_action(
    request: AuthenticatedHttpRequest, programme_id: int, trial_id: int, payload: TrialActionPatch
) -> TrialAction:
    programme = get_object_for(request.user, Programme, pk=programme_id)
    instance = get_object_for(request.user, TrialAction.objects.filter(programme=programme), Action.CHANGE, pk=trial_id)
    current = {name: getattr(instance, name) for name in TrialActionForm.Meta.fields if name != "organisation"}
    data = {**current, "organisation": instance.organisation_id, **payload.dict(exclude_unset=True)}
    return _save_trial_action(request, programme, instance, data)


# --- Success criteria and completion ------------------------------------------------------------------


class CriterionOut(Schema):
    index: int = Field(..., description="The criterion's position in the template activity's list.")
    text: str
    evidence: str = Field(..., description="What the system judges it by; empty when the advisor assesses it.")
    state: str = Field(..., description="met, not_yet or overdue")
    explanation: str


class CriteriaCellOut(Schema):
    activity_key: str
    activity_title: str
    starts_on: datetime.date
    organisation_id: int
    organisation_name: str
    state: str = Field(..., description="met when every criterion is met; overdue when one is overdue")
    criteria: list[CriterionOut]


class CriterionAssessIn(Schema):
    met: bool
    comment: str = ""


def _cell_out(cell: criteria.Cell) -> dict[str, Any]:
    return {
        "activity_key": cell.activity.key,
        "activity_title": cell.activity.title,
        "starts_on": cell.activity.starts_on,
        "organisation_id": cell.organisation.pk,
        "organisation_name": cell.organisation.name,
        "state": cell.state,
        "criteria": [
            {"index": r.index, "text": r.text, "evidence": r.evidence, "state": r.state, "explanation": r.explanation}
            for r in cell.results
        ],
    }


@router.get("/programmes/{int:programme_id}/success-criteria", response={200: list[CriteriaCellOut], **ERRORS})
def list_success_criteria(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    """Per activity and organisation (an organisation's people: their own), met / not yet / overdue."""
    programme = get_object_for(request.user, Programme.objects.select_related("template_version"), pk=programme_id)
    overview = criteria.overview(programme, selectors.own_organisations(request.user, programme))
    return [_cell_out(cell) for cell in overview.cells()]


@router.put(
    "/programmes/{int:programme_id}/activities/{key}/success-criteria/{int:index}/{int:organisation_id}",
    response={200: CriteriaCellOut, **ERRORS},
)
def assess_success_criterion(
    request: AuthenticatedHttpRequest,
    programme_id: int,
    key: str,
    index: int,
    organisation_id: int,
    payload: CriterionAssessIn,
) -> dict[str, Any]:
    """An advisor's assessment of a criterion the system cannot evidence, for one organisation."""
    activity, organisation, criterion = criteria.assessable(request.user, programme_id, key, index, organisation_id)
    validated(CriterionForm(data={"met": "yes" if payload.met else "no", "comment": payload.comment}))
    criteria.criterion_assess(
        activity=activity,
        organisation=organisation,
        criterion=criterion.text,
        met=payload.met,
        comment=payload.comment,
        by=request.user,
    )
    cell = criteria.overview(activity.programme, [organisation]).cell(activity.key, organisation.pk)
    assert cell is not None  # assessable() found this activity's criterion for this organisation
    return _cell_out(cell)


@router.post("/programmes/{int:programme_id}/complete", response={200: ProgrammeDetailOut, **ERRORS})
def complete_programme(request: AuthenticatedHttpRequest, programme_id: int) -> dict[str, Any]:
    """Complete the programme after its last activity (a group programme: the follow-up call) is done."""
    programme = get_object_for(request.user, Programme, pk=programme_id)
    try:
        programme = progress.programme_complete(programme, by=request.user)
    except ValidationError as exc:
        raise FormInvalid.from_errors({"status": exc.messages}) from exc
    return programme_detail_out(programme)


# --- Meeting participants and attendance --------------------------------------------------------------


class ParticipantOut(Schema):
    id: int
    user_id: int
    name: str
    organisation_id: int
    organisation_name: str
    attended: bool | None = Field(..., description="Recorded after the meeting; null until then.")


class BookingWarningOut(Schema):
    organisation: str
    code: str
    message: str


class MeetingParticipantsOut(Schema):
    participants: list[ParticipantOut]
    warnings: list[BookingWarningOut] = Field(..., description="The template's rules on who takes part.")


class BookIn(Schema):
    user_id: int = Field(..., ge=1, le=2**31 - 1)
    organisation_id: int = Field(..., ge=1, le=2**31 - 1)


class AttendanceIn(Schema):
    attended: bool | None


def _participant_out(participant: MeetingParticipant) -> dict[str, Any]:
    return {
        "id": participant.pk,
        "user_id": participant.user_id,
        "name": str(participant.user),
        "organisation_id": participant.organisation_id,
        "organisation_name": participant.organisation.name,
        "attended": participant.attended,
    }


def _activity(request: HttpRequest, programme_id: int, key: str) -> Activity:
    return get_object_for(
        request.user, Activity.objects.filter(programme_id=programme_id).select_related("programme"), key=key
    )


@router.get(
    "/programmes/{int:programme_id}/activities/{key}/participants",
    response={200: MeetingParticipantsOut, **ERRORS},
)
def list_participants(request: HttpRequest, programme_id: int, key: str) -> dict[str, Any]:
    """Who is booked (an organisation's own calls: only for that organisation and the runners), with warnings."""
    page = selectors.meeting_page(request.user, _activity(request, programme_id, key))
    return {
        "participants": [_participant_out(p) for p in page.participants],
        "warnings": [{"organisation": w.organisation, "code": w.code, "message": w.message} for w in page.warnings],
    }


@router.post("/programmes/{int:programme_id}/activities/{key}/participants", response={201: ParticipantOut, **ERRORS})
def book_participant(
    request: AuthenticatedHttpRequest, programme_id: int, key: str, payload: BookIn
) -> Status[dict[str, Any]]:
    """Book a person of a participating organisation (organisation people: their own organisation's)."""
    activity = _activity(request, programme_id, key)
    membership = (
        selectors.bookable_memberships(request.user, activity)
        .filter(user_id=payload.user_id, organisation_id=payload.organisation_id)
        .first()
    )
    if membership is None:
        raise FormInvalid.from_errors({"user_id": [_("Choose a person from the list.")]})
    participant = services.meeting_book(
        activity=activity, user=membership.user, organisation=membership.organisation, by=request.user
    )
    return Status(201, _participant_out(participant))


def _participant(request: HttpRequest, activity: Activity, participant_id: int) -> MeetingParticipant:
    return get_object_for(
        request.user,
        MeetingParticipant.objects.filter(activity=activity).select_related("user", "organisation", "activity"),
        pk=participant_id,
    )


@router.delete(
    "/programmes/{int:programme_id}/activities/{key}/participants/{int:participant_id}",
    response={204: None, **ERRORS},
)
def unbook_participant(
    request: AuthenticatedHttpRequest, programme_id: int, key: str, participant_id: int
) -> Status[None]:
    activity = _activity(request, programme_id, key)
    services.meeting_unbook(participant=_participant(request, activity, participant_id), by=request.user)
    return Status(204, None)


@router.patch(
    "/programmes/{int:programme_id}/activities/{key}/participants/{int:participant_id}",
    response={200: ParticipantOut, **ERRORS},
)
def record_attendance(
    request: AuthenticatedHttpRequest, programme_id: int, key: str, participant_id: int, payload: AttendanceIn
) -> dict[str, Any]:
    """Attendance is the runners' record."""
    activity = _activity(request, programme_id, key)
    participant = _participant(request, activity, participant_id)
    return _participant_out(
        services.attendance_record(participant=participant, attended=payload.attended, by=request.user)
    )


# --- A group programme's goals, statuses, wishes and feedback (advisory/programmes/api_group.py) --------------

from advisory.programmes.api_group import router as group_router  # noqa: E402

router.add_router("", group_router)

# --- An organisation's own calls: offered times and booking (advisory/programmes/api_slots.py) ---------------

from advisory.programmes.api_slots import router as slots_router  # noqa: E402

router.add_router("", slots_router)

# --- Joint meetings in the year's soft closed periods: warnings and acceptance (advisory/programmes/api_year.py) ---

from advisory.programmes.api_year import router as year_router  # noqa: E402

router.add_router("", year_router)

# --- An organisation's team booked for the joint meetings in one call (advisory/programmes/api_booking.py) ---

from advisory.programmes.api_booking import router as booking_router  # noqa: E402

router.add_router("", booking_router)
