"""Expressions of interest, taskforce requests and seasons in the API, and creating a programme directly.

The services check who may decide; an endpoint with a payload also refuses (403) before it judges the payload, so
that a refused person learns nothing from validation messages.
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from advisory.accounts.api_auth import PUBLIC_AUTH
from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for, require
from advisory.core.api import ERRORS, PUBLIC_ERRORS, FormInvalid, validated
from advisory.organisations.selectors import submitting_organisations
from advisory.programmes import api as programmes_api
from advisory.programmes.forms import ProgrammeForm
from advisory.programmes.models import Programme
from advisory.requests import selectors, services
from advisory.requests.forms import (
    AcceptInterestForm,
    AllocateForm,
    CapacityForm,
    ExpressionOfInterestForm,
    ReasonForm,
    StartRequestForm,
    TaskforceRequestForm,
)
from advisory.requests.models import (
    ExpressionOfInterest,
    InterestStatus,
    ReceivedVia,
    RequestStatus,
    Season,
    SeasonHalf,
    TaskforceRequest,
)
from advisory.requests.policies import decides

router = Router(tags=["requests"])

T = TypeVar("T")


def _call(service: Callable[..., T], field: str = "__all__", **kwargs: Any) -> T:
    """Run a service; its ValidationError is a 400 with the messages on ``field``."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        raise FormInvalid.from_errors({field: exc.messages}) from exc


def _started(form: Any, staff: str, start: Callable[..., Any], **kwargs: Any) -> Status[dict[str, int]]:
    """Accept an interest or start a request: the start form (its advisors are ``staff`` in the payload), then the
    service that creates the programme; 201 with the programme's id."""
    cleaned = validated(form, names={"advisors": staff})
    return Status(201, {"programme_id": _call(start, **kwargs, **cleaned).pk})


# --- expressions of interest -----------------------------------------------------------------------------------


class InterestIn(Schema):
    organisation_id: int
    contact_name: str = Field(..., max_length=200)
    contact_email: str = Field(..., max_length=254)
    contact_phone: str = Field("", max_length=32)
    needs: str = Field(..., max_length=4000)
    expectations: str = Field(..., max_length=4000)


class InterestOut(Schema):
    id: int
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    contact_name: str
    contact_email: str
    contact_phone: str
    needs: str
    expectations: str
    status: InterestStatus
    decision_reason: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    programme_id: int | None


class InterestFilter(Schema):
    status: InterestStatus | None = None


class InterestAcceptIn(Schema):
    start_date: datetime.date
    title: str = Field(..., max_length=200)
    advisor_ids: list[int]


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class StartedProgrammeOut(Schema):
    programme_id: int


@router.get("/interest", response={200: list[InterestOut], **ERRORS})
def list_interest(request: HttpRequest, filters: Query[InterestFilter]) -> list[ExpressionOfInterest]:
    """Newest first: advisors see all, organisation people their own organisations'."""
    require(request.user, Action.VIEW, ExpressionOfInterest)
    return list(selectors.interest_queue(request.user, filters.status or "")[:500])


@router.post("/interest", response={201: InterestOut, **PUBLIC_ERRORS}, auth=PUBLIC_AUTH)
def create_interest(request: HttpRequest, payload: InterestIn) -> Status[ExpressionOfInterest]:
    """Express interest in an individual programme (anyone; organisation people for their own organisation).
    Without log-in or token: JSON only, a limited number an hour per IP address."""
    require(request.user, Action.CREATE, ExpressionOfInterest)
    data = payload.dict()
    data["organisation"] = data.pop("organisation_id")
    form = ExpressionOfInterestForm(data=data, organisations=submitting_organisations(request.user))
    cleaned = validated(form, names={"organisation": "organisation_id"})
    return Status(201, _call(services.interest_create, "organisation_id", submitted_by=request.user, **cleaned))


@router.get("/interest/{int:interest_id}", response={200: InterestOut, **ERRORS})
def get_interest(request: HttpRequest, interest_id: int) -> ExpressionOfInterest:
    return get_object_for(request.user, ExpressionOfInterest.objects.select_related("organisation"), pk=interest_id)


@router.post("/interest/{int:interest_id}/accept", response={201: StartedProgrammeOut, **ERRORS})
def accept_interest(request: HttpRequest, interest_id: int, payload: InterestAcceptIn) -> Status[dict[str, int]]:
    """Accept: the individual programme is created (current template, anchored at the start date) and linked."""
    interest = get_object_for(request.user, ExpressionOfInterest, Action.CHANGE, pk=interest_id)
    form = AcceptInterestForm(
        data={"start_date": payload.start_date, "title": payload.title, "advisors": payload.advisor_ids}
    )
    return _started(form, "advisor_ids", services.interest_accept, by=request.user, interest=interest)


@router.post("/interest/{int:interest_id}/decline", response={200: InterestOut, **ERRORS})
def decline_interest(request: HttpRequest, interest_id: int, payload: ReasonIn) -> ExpressionOfInterest:
    """Decline with a reason (required); the contact person gets it by e-mail."""
    interest = get_object_for(request.user, ExpressionOfInterest, Action.CHANGE, pk=interest_id)
    cleaned = validated(ReasonForm(data=payload.dict()))
    return _call(services.interest_decline, "reason", by=request.user, interest=interest, reason=cleaned["reason"])


# --- taskforce requests ----------------------------------------------------------------------------------------


class RequestIn(Schema):
    organisation_id: int
    contact_name: str = Field(..., max_length=200)
    contact_email: str = Field(..., max_length=254)
    contact_phone: str = Field("", max_length=32)
    needs: str = Field(..., max_length=4000)
    expectations: str = Field(..., max_length=4000)
    wished_season_id: int | None = None
    received_via: ReceivedVia = ReceivedVia.WRITTEN


class RequestOut(Schema):
    id: int
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    contact_name: str
    contact_email: str
    contact_phone: str
    needs: str
    expectations: str
    wished_season_id: int | None
    received_via: ReceivedVia
    status: RequestStatus
    season_id: int | None
    decision_reason: str
    created_at: datetime.datetime
    programme_id: int | None


class RequestFilter(Schema):
    status: RequestStatus | None = None


class AllocateIn(Schema):
    season_id: int


class StartIn(Schema):
    start_date: datetime.date
    title: str = Field(..., max_length=200)
    staff_ids: list[int]
    start_override: bool = Field(
        False, description="The programme starts outside the spring and autumn seasons (with a reason)"
    )
    start_override_reason: str = Field("", max_length=2000)


@router.get("/taskforce-requests", response={200: list[RequestOut], **ERRORS})
def list_requests(request: HttpRequest, filters: Query[RequestFilter]) -> list[TaskforceRequest]:
    """Newest first: agency staff see all, organisation people their own organisations'."""
    require(request.user, Action.VIEW, TaskforceRequest)
    return list(selectors.request_queue(request.user, filters.status or "")[:500])


@router.post("/taskforce-requests", response={201: RequestOut, **PUBLIC_ERRORS}, auth=PUBLIC_AUTH)
def create_request(request: HttpRequest, payload: RequestIn) -> Status[TaskforceRequest]:
    """Request a taskforce programme: municipalities only (a § 110 shelter is refused); one open at a time.
    ``received_via`` is taken from advisors only (a phoned request registered on the municipality's behalf).
    Without log-in or token: JSON only, a limited number an hour per IP address."""
    require(request.user, Action.CREATE, TaskforceRequest)
    user = request.user
    on_behalf = decides(user)
    data = payload.dict()
    data["organisation"] = data.pop("organisation_id")
    data["wished_season"] = data.pop("wished_season_id")
    form = TaskforceRequestForm(data=data, organisations=submitting_organisations(request.user), on_behalf=on_behalf)
    cleaned = validated(form, names={"organisation": "organisation_id", "wished_season": "wished_season_id"})
    return Status(201, _call(services.taskforce_request_create, "organisation_id", submitted_by=user, **cleaned))


@router.get("/taskforce-requests/{int:request_id}", response={200: RequestOut, **ERRORS})
def get_request(request: HttpRequest, request_id: int) -> TaskforceRequest:
    return get_object_for(request.user, TaskforceRequest.objects.select_related("organisation"), pk=request_id)


@router.post("/taskforce-requests/{int:request_id}/allocate", response={200: RequestOut, **ERRORS})
def allocate_request(request: HttpRequest, request_id: int, payload: AllocateIn) -> TaskforceRequest:
    """A slot in the season (status allocated), or its waiting list when the season is full (status waiting)."""
    taskforce_request = get_object_for(request.user, TaskforceRequest, Action.CHANGE, pk=request_id)
    cleaned = validated(AllocateForm(data={"season": payload.season_id}), names={"season": "season_id"})
    return _call(services.request_allocate, by=request.user, request=taskforce_request, season=cleaned["season"])


def _close_request(
    request: HttpRequest, request_id: int, payload: ReasonIn, close: Callable[..., TaskforceRequest]
) -> TaskforceRequest:
    """Withdraw or decline a request with a reason (required)."""
    taskforce_request = get_object_for(request.user, TaskforceRequest, Action.CHANGE, pk=request_id)
    cleaned = validated(ReasonForm(data=payload.dict()))
    return _call(close, by=request.user, request=taskforce_request, reason=cleaned["reason"])


@router.post("/taskforce-requests/{int:request_id}/withdraw", response={200: RequestOut, **ERRORS})
def withdraw_request(request: HttpRequest, request_id: int, payload: ReasonIn) -> TaskforceRequest:
    """The municipality withdrew the request; a slot it held is free (move up the waiting list explicitly)."""
    return _close_request(request, request_id, payload, services.request_withdraw)


@router.post("/taskforce-requests/{int:request_id}/decline", response={200: RequestOut, **ERRORS})
def decline_request(request: HttpRequest, request_id: int, payload: ReasonIn) -> TaskforceRequest:
    return _close_request(request, request_id, payload, services.request_decline)


@router.post("/taskforce-requests/{int:request_id}/start", response={201: StartedProgrammeOut, **ERRORS})
def start_request(request: HttpRequest, request_id: int, payload: StartIn) -> Status[dict[str, int]]:
    """Create the taskforce programme (current template, start in the season), staffed by advisors and members."""
    taskforce_request = get_object_for(request.user, TaskforceRequest, Action.CHANGE, pk=request_id)
    form = StartRequestForm(
        data={
            "start_date": payload.start_date,
            "title": payload.title,
            "advisors": payload.staff_ids,
            "start_override": payload.start_override,
            "start_override_reason": payload.start_override_reason,
        }
    )
    return _started(form, "staff_ids", services.request_start, by=request.user, request=taskforce_request)


# --- a programme started directly ------------------------------------------------------------------------------
# POST /programmes: not from interest or a request. It shares its path with the programmes' list (GET /programmes),
# so it is added to the programmes' router (one path, one entry in the API; tagged "programmes").


class ProgrammeIn(Schema):
    template_version_id: int
    title: str = Field(..., max_length=200)
    theme: str = Field("", max_length=200)
    organisation_ids: list[int]
    anchor_date: datetime.date
    kickoff: datetime.date | None = None
    count: int | None = Field(None, description="Number of recurring meetings (reflection/support/status)")
    advisor_ids: list[int] = Field(default_factory=list)
    season_override: bool = Field(
        False, description="Administrators only: a taskforce programme even if its season is full (with a reason)"
    )
    override_reason: str = Field("", max_length=2000)
    start_override: bool = Field(
        False, description="A taskforce programme starting outside the spring and autumn seasons (with a reason)"
    )
    start_override_reason: str = Field("", max_length=2000)


@programmes_api.router.post(
    "/programmes",
    response={201: programmes_api.ProgrammeDetailOut, **ERRORS},
    # The operation as it was when it was the programmes app's (the id follows the module by default).
    operation_id="advisory_programmes_api_create_programme",
)
def create_programme(request: AuthenticatedHttpRequest, payload: ProgrammeIn) -> Status[dict[str, Any]]:
    require(request.user, Action.CREATE, Programme)  # before the body is judged: a stranger learns nothing from it
    data = {
        "version": payload.template_version_id,
        "title": payload.title,
        "theme": payload.theme,
        "organisations": payload.organisation_ids,
        "anchor_date": payload.anchor_date,
        "kickoff": payload.kickoff,
        "count": payload.count,
        "advisors": payload.advisor_ids,
        "season_override": payload.season_override,
        "override_reason": payload.override_reason,
        "start_override": payload.start_override,
        "start_override_reason": payload.start_override_reason,
    }
    form = ProgrammeForm(data={k: v for k, v in data.items() if v is not None}, user=request.user)
    cleaned = validated(form)
    try:  # a taskforce programme takes a slot in its season
        programme = services.programme_create_direct(
            version=cleaned["version"],
            title=cleaned["title"],
            theme=cleaned["theme"],
            anchors=form.anchors(),
            options=form.options(),
            organisations=cleaned["organisations"],
            advisors=cleaned["advisors"],
            by=request.user,
            # The override fields are the form's for administrators; anyone else asking for it is refused.
            season_override=cleaned.get("season_override", payload.season_override),
            override_reason=cleaned.get("override_reason", ""),
            start_override_reason=form.start_reason(),
        )
    except ValidationError as exc:
        field = {"override_reason": "override_reason", "override_not_allowed": "season_override"}.get(
            getattr(exc, "code", None) or ""
        )
        raise FormInvalid.from_errors({field or "__all__": exc.messages}) from exc
    return Status(201, programmes_api.programme_detail_out(programme))


# --- seasons ---------------------------------------------------------------------------------------------------


class SeasonOut(Schema):
    id: int
    year: int
    half: SeasonHalf
    label: str
    capacity: int
    allocated_ids: list[int]
    waiting_ids: list[int]


class SeasonPatch(Schema):
    capacity: int


def _season_out(row: selectors.SeasonRow) -> dict:
    season = row.season
    return {
        "id": season.pk,
        "year": season.year,
        "half": season.half,
        "label": str(season),
        "capacity": season.capacity,
        "allocated_ids": [r.pk for r in row.allocated],
        "waiting_ids": [r.pk for r in row.waiting],
    }


@router.get("/seasons", response={200: list[SeasonOut], **ERRORS})
def list_seasons(request: HttpRequest) -> list[dict]:
    """Seasons from this year on (this year's and the next two years' are created when missing), with the
    requests allocated and the waiting list in order."""
    require(request.user, Action.VIEW, Season)
    if can(request.user, Action.CREATE, Season):
        services.seasons_ensure(years=3)
    return [_season_out(row) for row in selectors.season_rows(request.user)]


@router.patch("/seasons/{int:season_id}", response={200: SeasonOut, **ERRORS})
def update_season(request: HttpRequest, season_id: int, payload: SeasonPatch) -> dict:
    """Change the capacity (not below the number allocated or started)."""
    season = get_object_for(request.user, Season, Action.CHANGE, pk=season_id)
    cleaned = validated(CapacityForm(data=payload.dict(), instance=Season.objects.get(pk=season.pk)))
    season = _call(services.season_update, "capacity", by=request.user, season=season, capacity=cleaned["capacity"])
    return _season_out(selectors.season_row(season))


@router.post("/seasons/{int:season_id}/move-up", response={200: RequestOut, **ERRORS})
def move_up(request: HttpRequest, season_id: int) -> TaskforceRequest:
    """Give the first on the season's waiting list the free slot (400 when the season is still full)."""
    season = get_object_for(request.user, Season, pk=season_id)
    return _call(services.season_move_up, by=request.user, season=season)
