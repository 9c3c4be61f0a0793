"""Intake rounds, registrations and group formation in the API."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from advisory.accounts.api_auth import PUBLIC_AUTH
from advisory.core.access import Action, get_object_for, require, scope
from advisory.core.api import ERRORS, PUBLIC_ERRORS, FormInvalid, validated
from advisory.intake import selectors, services
from advisory.intake.forms import GroupForm, IntakeRoundForm, RegistrationForm
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus
from advisory.organisations.selectors import submitting_organisations

router = Router(tags=["intake"])


class RoundOut(Schema):
    id: int
    season: str
    theme: str
    description: str
    opens_on: datetime.date
    closes_on: datetime.date
    groups_planned: int
    template_version_id: int
    open_now: bool


class RoundIn(Schema):
    season: str = Field(..., max_length=60)
    theme: str = Field(..., max_length=200)
    description: str = ""
    opens_on: datetime.date
    closes_on: datetime.date
    groups_planned: int = 1
    template_version_id: int


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
    """Rounds open now or still to open (public)."""
    return list(selectors.public_rounds())


@router.post("/intake/rounds", response={201: RoundOut, **ERRORS})
def create_round(request: HttpRequest, payload: RoundIn) -> Status[IntakeRound]:
    require(request.user, Action.CREATE, IntakeRound)  # before the payload is judged; the service asks again
    data = payload.dict()
    data["template_version"] = data.pop("template_version_id")
    cleaned = validated(IntakeRoundForm(data=data), names={"template_version": "template_version_id"})
    return Status(201, services.intake_round_create(by=request.user, **cleaned))


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
