"""Organisations, regions, memberships and invitations in the API."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, get_object_for, require
from advisory.core.api import ERRORS, validated
from advisory.core.audit import log_read
from advisory.core.pagination import BoundedLimitOffsetPagination
from advisory.organisations import selectors, services
from advisory.organisations.forms import MembershipForm, MunicipalityForm, ShelterForm
from advisory.organisations.models import (
    InvitationStatus,
    Membership,
    MembershipFunction,
    MembershipInvitation,
    Organisation,
    OrganisationKind,
    Region,
)

router = Router(tags=["organisations"])

# Messages the tests import.
INVITE_INSTEAD = _(
    "Coordinators invite people: POST /api/organisations/%(id)s/invitations. The person joins when they accept."
)

# The forms call the municipality "municipality"; the payloads "municipality_id". Errors use the payload's name.
FORM_TO_PAYLOAD = {"municipality": "municipality_id"}


class RegionOut(Schema):
    id: int
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    kind: OrganisationKind
    name: str
    municipality_code: str | None
    municipality_id: int | None
    tilbudsportalen_id: str
    cvr: str
    address: str
    region: str | None = Field(None, alias="region_name")


class OrganisationFilter(Schema):
    q: str = Field("", max_length=100)
    kind: OrganisationKind | None = None
    region: int | None = None


class ShelterIn(Schema):
    name: str = Field(..., max_length=200)
    municipality_id: int
    tilbudsportalen_id: str = Field("", max_length=20)
    cvr: str = Field("", max_length=8)
    address: str = Field("", max_length=255)


class OrganisationPatch(Schema):
    name: str | None = Field(None, max_length=200)
    municipality_id: int | None = None
    tilbudsportalen_id: str | None = Field(None, max_length=20)
    cvr: str | None = Field(None, max_length=8)
    address: str | None = Field(None, max_length=255)


class PersonBrief(Schema):
    id: int
    email: str
    first_name: str
    last_name: str


class MembershipOut(Schema):
    id: int
    organisation_id: int
    function: MembershipFunction
    user: PersonBrief


class MembershipIn(Schema):
    email: str = Field(..., max_length=254)
    function: MembershipFunction
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


@router.get("/regions", response=list[RegionOut])
def list_regions(request: HttpRequest) -> list[Region]:
    return list(Region.objects.order_by("code"))


@router.get("/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(BoundedLimitOffsetPagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> QuerySet[Organisation]:
    region = get_object_or_404(Region, pk=filters.region) if filters.region else None
    return selectors.organisation_list(request.user, q=filters.q, kind=filters.kind or "", region=region)


@router.get("/organisations/{int:organisation_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    log_read(organisation)
    return selectors.organisation_list(request.user).get(pk=organisation_id)


@router.post("/organisations/shelters", response={201: OrganisationOut, **ERRORS})
def create_shelter(request: AuthenticatedHttpRequest, payload: ShelterIn) -> Status[Organisation]:
    require(request.user, Action.CREATE, Organisation)  # before the payload is judged; the service asks again
    data = payload.dict()
    data["municipality"] = data.pop("municipality_id")
    cleaned = validated(ShelterForm(data=data), names=FORM_TO_PAYLOAD)
    shelter = services.shelter_create(by=request.user, **cleaned)
    return Status(201, selectors.organisation_list(request.user).get(pk=shelter.pk))


@router.patch("/organisations/{int:organisation_id}", response={200: OrganisationOut, **ERRORS})
def update_organisation(
    request: AuthenticatedHttpRequest, organisation_id: int, payload: OrganisationPatch
) -> Organisation:
    # Refused before the payload is judged (a refused person learns nothing from validation messages).
    organisation = get_object_for(request.user, Organisation, Action.CHANGE, pk=organisation_id)
    changes = payload.dict(exclude_unset=True)
    if "municipality_id" in changes:
        changes["municipality"] = changes.pop("municipality_id")
    form_class = ShelterForm if organisation.is_shelter else MunicipalityForm
    current = {name: getattr(organisation, name) for name in form_class.Meta.fields if name != "municipality"}
    if organisation.is_shelter:
        current["municipality"] = organisation.municipality_id
    cleaned = validated(form_class(data={**current, **changes}, instance=organisation), names=FORM_TO_PAYLOAD)
    services.organisation_update(by=request.user, organisation=organisation, **cleaned)
    return selectors.organisation_list(request.user).get(pk=organisation.pk)


@router.get("/organisations/{int:organisation_id}/memberships", response={200: list[MembershipOut], **ERRORS})
def list_memberships(request: HttpRequest, organisation_id: int) -> list[Membership]:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    log_read(organisation)
    return list(selectors.organisation_detail(request.user, organisation)["memberships"])


@router.post(
    "/organisations/{int:organisation_id}/memberships",
    response={201: MembershipOut, **ERRORS},
    description=(
        "Advisors and administrators attach a person at once (the account is made if the address has none; "
        "the person's role never changes). Coordinators are refused (403): they invite the address with "
        "POST /api/organisations/{organisation_id}/invitations, and the person joins by accepting."
    ),
)
def add_membership(
    request: AuthenticatedHttpRequest, organisation_id: int, payload: MembershipIn
) -> Status[Any] | JsonResponse:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    require(request.user, Action.CREATE, Membership(organisation=organisation))
    if not services.may_add_directly(request.user):
        # Decided by who asks, before the address is read: the answer says nothing about the address.
        return JsonResponse({"detail": str(INVITE_INSTEAD % {"id": organisation.pk})}, status=403)
    cleaned = validated(MembershipForm(data=payload.dict()))
    return Status(201, services.membership_add(by=request.user, organisation=organisation, **cleaned))


@router.delete("/organisations/{int:organisation_id}/memberships/{membership_id}", response={204: None, **ERRORS})
def remove_membership(request: AuthenticatedHttpRequest, organisation_id: int, membership_id: int) -> Status[None]:
    membership = get_object_for(
        request.user, Membership.objects.filter(organisation_id=organisation_id), pk=membership_id
    )
    services.membership_remove(by=request.user, membership=membership)
    return Status(204, None)


# --- Invitations --------------------------------------------------------------------------------------------


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    function: MembershipFunction
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class InvitationOut(Schema):
    """An invitation as its sender sees it: nothing about whether the address has an account."""

    id: int
    organisation_id: int
    email: str
    function: MembershipFunction
    first_name: str
    last_name: str
    status: InvitationStatus
    invited_by_id: int | None
    created_at: datetime.datetime
    expires_at: datetime.datetime


class InvitationAcceptIn(Schema):
    token: str = Field(..., max_length=services.TOKEN_MAX_LENGTH)


def _invitations_of(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    require(request.user, Action.CREATE, MembershipInvitation(organisation=organisation))
    return organisation


@router.get("/organisations/{int:organisation_id}/invitations", response={200: list[InvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, organisation_id: int) -> list[MembershipInvitation]:
    """The organisation's invitations waiting for an answer."""
    organisation = _invitations_of(request, organisation_id)
    return selectors.pending_invitations(request.user, organisation)


@router.post(
    "/organisations/{int:organisation_id}/invitations",
    response={202: InvitationOut, **ERRORS},
    description=(
        "Invite an e-mail address to the organisation in a function. The answer (202) and the work are the "
        "same whether or not the address has an account; the person joins when they accept the link in the "
        "mail, logged in as themselves (or by choosing a password if the address has no account)."
    ),
)
def create_invitation(
    request: AuthenticatedHttpRequest, organisation_id: int, payload: InvitationIn
) -> Status[MembershipInvitation]:
    organisation = _invitations_of(request, organisation_id)
    cleaned = validated(MembershipForm(data=payload.dict()))
    invitation, _token = services.membership_invite(by=request.user, organisation=organisation, **cleaned)
    return Status(202, invitation)


@router.delete("/organisations/{int:organisation_id}/invitations/{invitation_id}", response={204: None, **ERRORS})
def revoke_invitation(request: AuthenticatedHttpRequest, organisation_id: int, invitation_id: int) -> Status[None]:
    invitation = get_object_for(
        request.user, MembershipInvitation.objects.filter(organisation_id=organisation_id), pk=invitation_id
    )
    services.invitation_revoke(by=request.user, invitation=invitation)
    return Status(204, None)


@router.post(
    "/invitations/accept",
    response={201: MembershipOut, **ERRORS},
    description="Accept an invitation, authenticated as the account of the invited address.",
)
def accept_invitation(request: AuthenticatedHttpRequest, payload: InvitationAcceptIn) -> Status[Membership]:
    invitation = services.invitation_for_token(payload.token)
    if invitation is None:
        raise Http404
    return Status(201, services.invitation_accept(invitation=invitation, user=request.user))
