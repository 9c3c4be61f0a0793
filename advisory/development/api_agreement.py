"""The collaboration agreement, the ratings before/after and the anchoring plan in the API (tag: development).

Registered by advisory/development/api.py (``router.add_router("", agreement_router)``). Access as on the pages:
group programmes and other organisations' programmes are 404; the organisation's people read the agreement and
the ratings (403 on a write) and their coordinator writes the anchoring plan.
"""

import datetime
import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from advisory.core.api import ERRORS, FormInvalid, validated
from advisory.development import agreements, anchoring, ratings
from advisory.development.forms_agreement import AgreementForm, AnchoringPlanForm, RatingForm, SignForm
from advisory.development.models import RatingMoment
from advisory.development.policies import runs
from advisory.development.policies_agreement import may_edit_anchoring_plan
from advisory.development.selectors import development_programme
from advisory.programmes.models import Programme, ProgrammeKind

router = Router(tags=["development"])

INVALID_MOMENT = _("Choose the moment: before (at the start) or after (at the end).")


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    return development_programme(request.user, programme_id)


def _require_run(request: HttpRequest, programme: Programme) -> None:
    if not runs(request.user, programme):
        raise PermissionDenied


# --- schemas -----------------------------------------------------------------------------------------------


class PartyOut(Schema):
    key: str
    name: str
    people: list[str]
    signed_by: str


class AgreementGoalOut(Schema):
    text: str
    due_on: datetime.date
    status: str


class PointOut(Schema):
    title: str
    description: str
    prerequisite: str
    goals: list[AgreementGoalOut]


class RoleOut(Schema):
    party: str
    title: str
    tasks: list[str]


class AgreementActivityOut(Schema):
    key: str
    title: str
    phase: str
    starts_on: datetime.date
    ends_on: datetime.date | None


class AgreementOut(Schema):
    programme_id: int
    kind: str
    status: str
    version: int
    signed_on: datetime.date | None
    period_start: datetime.date | None
    period_end: datetime.date | None
    period_planned: bool
    data_collection: str
    notes: str
    parties: list[PartyOut]
    development_points: list[PointOut]
    roles: list[RoleOut]
    activities: list[AgreementActivityOut]


class AgreementIn(Schema):
    data_collection: str | None = Field(None, max_length=4000)
    notes: str | None = Field(None, max_length=4000)


class SignIn(Schema):
    signed_on: datetime.date
    signed_by_organisation: str = Field(..., max_length=300)
    signed_by_agency: str = Field(..., max_length=300)
    signed_by_appeals_agency: str = Field("", max_length=300)


class AgreementChangeOut(Schema):
    key: str
    title: str
    old_start: datetime.date | None
    new_start: datetime.date | None


class SignedOut(AgreementOut):
    changes: list[AgreementChangeOut]


class RatingOut(Schema):
    prerequisite: str
    label: str
    before: int | None
    before_justification: str
    before_rated_on: datetime.date | None
    after: int | None
    after_justification: str
    after_rated_on: datetime.date | None
    change: int | None


class RatingIn(Schema):
    prerequisite: str = Field(..., max_length=20)
    moment: str = Field(..., max_length=10)
    score: int
    justification: str = Field(..., max_length=2000)
    rated_on: datetime.date


class AnchoringPlanOut(Schema):
    programme_id: int
    what_continues: str
    responsible: str
    follow_up: str
    next_review_on: datetime.date | None
    may_edit: bool


class AnchoringPlanIn(Schema):
    what_continues: str = Field("", max_length=4000)
    responsible: str = Field("", max_length=2000)
    follow_up: str = Field("", max_length=4000)
    next_review_on: datetime.date | None = None


# --- the agreement -----------------------------------------------------------------------------------------


def _agreement_out(programme: Programme) -> dict[str, object]:
    content = agreements.agreement_content(programme)
    agreement = content.agreement
    return {
        "programme_id": programme.pk,
        "kind": programme.kind,
        "status": agreement.status,
        "version": agreement.version,
        "signed_on": agreement.signed_on if agreement.is_signed else None,
        "period_start": content.period_start,
        "period_end": content.period_end,
        "period_planned": content.period_planned,
        "data_collection": content.data_collection,
        "notes": content.notes,
        "parties": [
            {"key": p.key, "name": p.name, "people": list(p.people), "signed_by": p.signed_by} for p in content.parties
        ],
        "development_points": [
            {
                "title": p.title,
                "description": p.description,
                "prerequisite": p.prerequisite,
                "goals": [{"text": g.text, "due_on": g.due_on, "status": g.status} for g in p.goals],
            }
            for p in content.development_points
        ],
        "roles": [{"party": r.party, "title": r.title, "tasks": list(r.tasks)} for r in content.roles],
        "activities": [
            {"key": a.key, "title": a.title, "phase": a.phase, "starts_on": a.starts_on, "ends_on": a.ends_on}
            for a in content.activities
        ],
    }


@router.get("/programmes/{int:programme_id}/agreement", response={200: AgreementOut, **ERRORS})
def get_agreement(request: HttpRequest, programme_id: int) -> dict[str, object]:
    """The collaboration agreement as produced from the records (individual and taskforce programmes)."""
    return _agreement_out(_programme(request, programme_id))


@router.patch("/programmes/{int:programme_id}/agreement", response={200: AgreementOut, **ERRORS})
def update_agreement(request: HttpRequest, programme_id: int, payload: AgreementIn) -> dict[str, object]:
    """Change the draft's agreements on data collection (taskforce) and notes; 400 when the agreement is signed."""
    programme = _programme(request, programme_id)
    _require_run(request, programme)
    agreement = agreements.agreement_for(programme)
    taskforce = programme.kind == ProgrammeKind.TASKFORCE
    data = {
        "data_collection": agreement.data_collection if payload.data_collection is None else payload.data_collection,
        "notes": agreement.notes if payload.notes is None else payload.notes,
    }
    cleaned = validated(AgreementForm(data=data, instance=agreements.agreement_for(programme), taskforce=taskforce))
    agreements.agreement_update(
        by=request.user, programme=programme, data_collection=cleaned.get("data_collection"), notes=cleaned["notes"]
    )
    return _agreement_out(programme)


@router.post("/programmes/{int:programme_id}/agreement/sign", response={200: SignedOut, **ERRORS})
def sign_agreement(request: HttpRequest, programme_id: int, payload: SignIn) -> dict[str, object]:
    """Record the signing. Individual: the date becomes the plan's agreement anchor and the plan reflows (the
    18-month agreement places Forandre, Forankre and the closing meeting); taskforce: the agreement milestone
    moves to the date. ``changes`` lists the dates that moved."""
    programme = _programme(request, programme_id)
    _require_run(request, programme)
    taskforce = programme.kind == ProgrammeKind.TASKFORCE
    data = payload.dict()
    data["signed_on"] = payload.signed_on.isoformat()
    cleaned = validated(SignForm(data=data, taskforce=taskforce))
    _agreement, result = agreements.agreement_sign(
        by=request.user,
        programme=programme,
        signed_on=cleaned["signed_on"],
        signed_by_organisation=cleaned["signed_by_organisation"],
        signed_by_agency=cleaned["signed_by_agency"],
        signed_by_appeals_agency=cleaned.get("signed_by_appeals_agency", ""),
    )
    changes = [
        {"key": c.key, "title": c.title, "old_start": c.old_start, "new_start": c.new_start}
        for c in (result.changes if result is not None else ())
    ]
    return {**_agreement_out(programme), "changes": changes}


@router.post("/programmes/{int:programme_id}/agreement/reopen", response={200: AgreementOut, **ERRORS})
def reopen_agreement(request: HttpRequest, programme_id: int) -> dict[str, object]:
    """A signed agreement becomes a new draft version (400 when it is not signed)."""
    programme = _programme(request, programme_id)
    agreements.agreement_reopen(by=request.user, programme=programme)
    return _agreement_out(programme)


@router.get(
    "/programmes/{int:programme_id}/agreement/document",
    response=ERRORS,
    url_name="download_agreement",
    openapi_extra={"responses": {200: {"description": "The agreement as a Word document (.docx)"}}},
)
def download_agreement(request: HttpRequest, programme_id: int) -> FileResponse:
    """The agreement as a downloadable document (Word .docx)."""
    programme = _programme(request, programme_id)
    content = agreements.agreement_content(programme)
    return FileResponse(
        io.BytesIO(agreements.agreement_document(content)),
        as_attachment=True,
        filename=agreements.document_filename(programme),
        content_type=agreements.document_content_type(),
    )


# --- ratings -----------------------------------------------------------------------------------------------


def _ratings_out(programme: Programme) -> list[dict[str, object]]:
    return [
        {
            "prerequisite": row.prerequisite.value,
            "label": row.label,
            "before": row.before.score if row.before else None,
            "before_justification": row.before.justification if row.before else "",
            "before_rated_on": row.before.rated_on if row.before else None,
            "after": row.after.score if row.after else None,
            "after_justification": row.after.justification if row.after else "",
            "after_rated_on": row.after.rated_on if row.after else None,
            "change": row.change,
        }
        for row in ratings.rating_rows(programme)
    ]


@router.get("/programmes/{int:programme_id}/ratings", response={200: list[RatingOut], **ERRORS})
def list_ratings(request: HttpRequest, programme_id: int) -> list[dict[str, object]]:
    """Each prerequisite (theme) of the programme with its rating at the start and at the end (1–5)."""
    return _ratings_out(_programme(request, programme_id))


@router.put("/programmes/{int:programme_id}/ratings", response={200: list[RatingOut], **ERRORS})
def put_rating(request: HttpRequest, programme_id: int, payload: RatingIn) -> list[dict[str, object]]:
    """Record or change one rating: prerequisite (housing, support, organisation, case_handling), moment (before,
    after), score 1–5, justification, date."""
    programme = _programme(request, programme_id)
    _require_run(request, programme)
    themes = [row.prerequisite.value for row in ratings.rating_rows(programme)]
    problems: dict[str, list[str]] = {}
    if payload.prerequisite not in themes:
        problems["prerequisite"] = [str(ratings.NOT_A_THEME)]
    if payload.moment not in RatingMoment.values:
        problems["moment"] = [str(INVALID_MOMENT)]
    data = {"score": payload.score, "justification": payload.justification, "rated_on": payload.rated_on.isoformat()}
    form = RatingForm(data=data)
    if not form.is_valid() or problems:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()} | problems
        raise FormInvalid.from_errors(errors)
    ratings.rating_save(
        by=request.user,
        programme=programme,
        prerequisite=payload.prerequisite,
        moment=payload.moment,
        **form.cleaned_data,
    )
    return _ratings_out(programme)


# --- the anchoring plan ------------------------------------------------------------------------------------


def _plan_out(request: HttpRequest, programme: Programme) -> dict[str, object]:
    plan = anchoring.anchoring_plan_for(programme)
    return {
        "programme_id": programme.pk,
        "what_continues": plan.what_continues,
        "responsible": plan.responsible,
        "follow_up": plan.follow_up,
        "next_review_on": plan.next_review_on,
        "may_edit": may_edit_anchoring_plan(request.user, programme),
    }


@router.get("/programmes/{int:programme_id}/anchoring-plan", response={200: AnchoringPlanOut, **ERRORS})
def get_anchoring_plan(request: HttpRequest, programme_id: int) -> dict[str, object]:
    """The plan for holding on to the new practice and for continued development after the programme."""
    return _plan_out(request, _programme(request, programme_id))


@router.put("/programmes/{int:programme_id}/anchoring-plan", response={200: AnchoringPlanOut, **ERRORS})
def put_anchoring_plan(request: HttpRequest, programme_id: int, payload: AnchoringPlanIn) -> dict[str, object]:
    """Write the anchoring plan (those who run the programme, and the organisation's coordinator)."""
    programme = _programme(request, programme_id)
    if not may_edit_anchoring_plan(request.user, programme):
        raise PermissionDenied
    data = payload.dict()
    data["next_review_on"] = payload.next_review_on.isoformat() if payload.next_review_on else ""
    cleaned = validated(AnchoringPlanForm(data=data, instance=anchoring.anchoring_plan_for(programme)))
    anchoring.anchoring_plan_save(by=request.user, programme=programme, **cleaned)
    return _plan_out(request, programme)
