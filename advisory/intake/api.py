"""Intake rounds, registrations and group formation in the API."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from advisory.accounts.api_auth import PUBLIC_AUTH
from advisory.core.access import Action, get_object_for, require, scope
from advisory.core.api import ERRORS, PUBLIC_ERRORS, FormInvalid, validated
from advisory.core.dates import MAX_DATE, MIN_DATE
from advisory.intake import selectors, services
from advisory.intake.forms import GroupForm, IntakeRoundForm, RegistrationForm
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus, RoundHalf, WaitingListOffer
from advisory.organisations.selectors import submitting_organisations

router = Router(tags=["intake"])


class RoundOut(Schema):
    id: int
    season: str
    theme: str
    description: str
    announce_from: datetime.date | None
    opens_on: datetime.date
    closes_on: datetime.date
    expected_start: datetime.date | None
    year: int | None
    half: RoundHalf | None = Field(None, description="spring or autumn: the year's round of that half-year")
    groups_planned: int
    template_version_id: int
    open_now: bool

    @staticmethod
    def resolve_half(obj: IntakeRound) -> str | None:
        return obj.half or None


class RoundIn(Schema):
    season: str = Field(..., max_length=60)
    theme: str = Field(..., max_length=200)
    description: str = Field("", max_length=4000)
    announce_from: datetime.date | None = Field(None, description="Shown publicly from this date (at once if null)")
    opens_on: datetime.date
    closes_on: datetime.date
    expected_start: datetime.date | None = None
    year: int | None = Field(None, description="With half: the year's spring or autumn round (one of each a year)")
    half: RoundHalf | None = None
    groups_planned: int = 1
    template_version_id: int


class IntakeRoundPatch(Schema):
    """Only the fields sent are changed."""

    season: str | None = Field(None, max_length=60)
    theme: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=4000)
    announce_from: datetime.date | None = None
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    expected_start: datetime.date | None = None
    year: int | None = None
    half: RoundHalf | None = None
    groups_planned: int | None = None
    template_version_id: int | None = None


class IntakeRoundDefaultsOut(Schema):
    season: str
    announce_from: datetime.date
    opens_on: datetime.date
    closes_on: datetime.date
    expected_start: datetime.date


class IntakeYearHalfOut(Schema):
    half: RoundHalf
    round: RoundOut | None
    defaults: IntakeRoundDefaultsOut = Field(
        ..., description="The usual dates, for planning the round when it is missing"
    )


class IntakeYearOut(Schema):
    year: int
    halves: list[IntakeYearHalfOut]
    others: list[RoundOut] = Field(..., description="Rounds opening in the year without a place in it")


class WaitingListOfferOut(Schema):
    id: int
    registration_id: int
    organisation_id: int = Field(..., alias="registration.organisation_id")
    organisation: str = Field(..., alias="registration.organisation.name")
    next_round_id: int
    expires_on: datetime.date
    created_at: datetime.datetime
    confirmed_at: datetime.datetime | None
    confirmed_registration_id: int | None


class WaitingListConfirmIn(Schema):
    token: str = Field(..., min_length=1, max_length=100, description="The token of the link in the offer's mail")


class RegistrationIn(Schema):
    organisation_id: int
    coordinator_name: str = Field(..., max_length=200)
    coordinator_email: str = Field(..., max_length=254)
    coordinator_phone: str = Field("", max_length=32)
    motivation: str = Field(..., max_length=4000)
    development_point: str = Field(..., max_length=2000)
    expected_participants: int


class RegistrationOut(Schema):
    id: int
    round_id: int
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    coordinator_name: str
    coordinator_email: str
    motivation: str
    development_point: str
    expected_participants: int
    status: RegistrationStatus
    programme_id: int | None
    from_waiting_list_id: int | None = Field(
        None, description="The registration on an earlier round's waiting list this one was offered from"
    )


class GroupIn(Schema):
    registration_ids: list[int]
    title: str = Field(..., max_length=200)
    acceptance_date: datetime.date


class GroupOut(Schema):
    programme_id: int


class WaitlistIn(Schema):
    registration_ids: list[int]


@router.get("/intake/rounds", response=list[RoundOut], auth=None)
def list_open_rounds(request: HttpRequest) -> list[IntakeRound]:
    """Rounds open now, then the coming rounds already announced (public)."""
    return selectors.public_rounds()


def _round_form_data(data: dict) -> dict:
    data["template_version"] = data.pop("template_version_id")
    data["half"] = data.get("half") or ""
    return data


def _round_call(service: Callable[..., IntakeRound], **kwargs: Any) -> IntakeRound:
    try:
        return service(**kwargs)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise FormInvalid.from_errors(errors) from exc


@router.post("/intake/rounds", response={201: RoundOut, **ERRORS})
def create_round(request: HttpRequest, payload: RoundIn) -> Status[IntakeRound]:
    require(request.user, Action.CREATE, IntakeRound)  # before the payload is judged; the service asks again
    form = IntakeRoundForm(data=_round_form_data(payload.dict()))
    cleaned = validated(form, names={"template_version": "template_version_id"})
    return Status(201, _round_call(services.intake_round_create, by=request.user, **cleaned))


@router.patch("/intake/rounds/{int:round_id}", response={200: RoundOut, **ERRORS})
def update_round(request: HttpRequest, round_id: int, payload: IntakeRoundPatch) -> IntakeRound:
    """Change a round's theme, dates or place in the year (the same rules as when it is created)."""
    round_ = get_object_for(request.user, IntakeRound, Action.CHANGE, pk=round_id)  # before the payload is judged
    data = model_to_dict(round_, fields=IntakeRoundForm.Meta.fields)
    changes = payload.dict(exclude_unset=True)
    if "template_version_id" in changes:
        data["template_version"] = changes.pop("template_version_id")
    data.update(changes)
    data["template_version_id"] = data.pop("template_version")
    data["description"] = data.get("description") or ""
    form = IntakeRoundForm(data=_round_form_data(data), instance=IntakeRound.objects.get(pk=round_.pk))
    cleaned = validated(form, names={"template_version": "template_version_id"})
    return _round_call(services.intake_round_update, by=request.user, round_=round_, **cleaned)


@router.get("/intake/years/{int:year}", response={200: IntakeYearOut, **ERRORS})
def year_plan(request: HttpRequest, year: int) -> dict:
    """The year's intake: its spring and autumn group rounds (null when not planned, with the usual dates) and
    other rounds opening in the year. The taskforce seasons with their slots: GET /api/seasons."""
    require(request.user, Action.CHANGE, IntakeRound)
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise Http404  # like the page: a year outside the dates one may type is no year of the plan
    plan = selectors.year_plan(year)
    halves = [
        {"half": half, "round": plan.rounds.get(half), "defaults": services.round_defaults(year, half)}
        for half in (RoundHalf.SPRING, RoundHalf.AUTUMN)
    ]
    return {"year": year, "halves": halves, "others": plan.others}


@router.post(
    "/intake/rounds/{int:round_id}/registrations", response={201: RegistrationOut, **PUBLIC_ERRORS}, auth=PUBLIC_AUTH
)
def create_registration(request: HttpRequest, round_id: int, payload: RegistrationIn) -> Status[Registration]:
    """Register an organisation while the round is open (anyone; no log-in needed). A caller with a session or a
    token is themselves: an organisation person registers only their own organisations, as on the page."""
    round_ = get_object_for(request.user, IntakeRound, pk=round_id)
    data = payload.dict()
    data["organisation"] = data.pop("organisation_id")
    form = RegistrationForm(data=data, organisations=submitting_organisations(request.user))
    cleaned = validated(form, names={"organisation": "organisation_id"})
    try:
        registration = services.registration_create(round_=round_, submitted_by=request.user, **cleaned)
    except ValidationError as exc:
        raise FormInvalid.from_errors({"__all__": exc.messages}) from exc
    return Status(201, registration)


@router.get("/intake/rounds/{int:round_id}/registrations", response={200: list[RegistrationOut], **ERRORS})
def list_registrations(request: HttpRequest, round_id: int) -> list[Registration]:
    round_ = get_object_for(request.user, IntakeRound, pk=round_id)
    return list(scope(request.user, Registration).filter(round=round_).select_related("organisation"))


@router.post("/intake/rounds/{int:round_id}/groups", response={201: GroupOut, **ERRORS})
def form_group(request: HttpRequest, round_id: int, payload: GroupIn) -> Status[dict[str, int]]:
    """Form a group of 3–6 registrations and send the written acceptance; the group programme is created."""
    # Refused before the payload is judged (a refused person learns nothing from validation messages).
    round_ = get_object_for(request.user, IntakeRound, Action.CHANGE, pk=round_id)
    form = GroupForm(
        data={
            "registrations": payload.registration_ids,
            "title": payload.title,
            "acceptance_date": payload.acceptance_date,
        },
        round_=round_,
    )
    cleaned = validated(form, names={"registrations": "registration_ids"})
    try:
        programme = services.group_form(
            by=request.user,
            round_=round_,
            registrations=list(cleaned["registrations"]),
            acceptance_date=cleaned["acceptance_date"],
            title=cleaned["title"],
        )
    except ValidationError as exc:
        raise FormInvalid.from_errors({"registration_ids": exc.messages}) from exc
    return Status(201, {"programme_id": programme.pk})


@router.post("/intake/rounds/{int:round_id}/waiting-list", response={200: list[RegistrationOut], **ERRORS})
def waitlist(request: HttpRequest, round_id: int, payload: WaitlistIn) -> list[Registration]:
    round_ = get_object_for(request.user, IntakeRound, pk=round_id)
    return services.registrations_waitlist(by=request.user, round_=round_, ids=payload.registration_ids)


@router.get("/intake/rounds/{int:round_id}/waiting-list/offers", response={200: list[WaitingListOfferOut], **ERRORS})
def list_offers(request: HttpRequest, round_id: int) -> list[WaitingListOffer]:
    """The offers of a place in the next round made to the round's waiting list."""
    round_ = get_object_for(request.user, IntakeRound, Action.CHANGE, pk=round_id)
    return selectors.round_offers(round_)


@router.post("/intake/rounds/{int:round_id}/waiting-list/offers", response={201: list[WaitingListOfferOut], **ERRORS})
def offer_next_round(request: HttpRequest, round_id: int) -> Status[list[WaitingListOffer]]:
    """Offer the organisations on the round's waiting list a place in the next round (a mail with a link each);
    those already offered are passed over (the list holds only the new offers)."""
    round_ = get_object_for(request.user, IntakeRound, Action.CHANGE, pk=round_id)
    try:
        offers = services.waiting_list_offer(by=request.user, round_=round_)
    except ValidationError as exc:
        raise FormInvalid.from_errors({"__all__": exc.messages}) from exc
    return Status(
        201,
        list(
            WaitingListOffer.objects.filter(pk__in=[o.pk for o in offers]).select_related("registration__organisation")
        ),
    )


@router.post("/intake/waiting-list-offers/confirm", response={200: RegistrationOut, **PUBLIC_ERRORS}, auth=PUBLIC_AUTH)
def confirm_offer(request: HttpRequest, payload: WaitingListConfirmIn) -> Registration:
    """Take the offered place with the token from the mail's link (anyone holding it; no log-in needed): the
    registration in the next round, marked as from the waiting list (the same again when confirmed before)."""
    try:
        registration = services.waiting_list_offer_confirm(by=request.user, raw_token=payload.token)
    except ValidationError as exc:
        raise FormInvalid.from_errors({"token": exc.messages}) from exc
    return Registration.objects.select_related("organisation").get(pk=registration.pk)
