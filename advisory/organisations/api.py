"""Organisations, regions and memberships in the API."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from advisory.api.common import ERRORS, validated
from advisory.core.access import Action, can, get_object_for, require
from advisory.core.audit import log_read
from advisory.organisations import selectors, services
from advisory.organisations.forms import MembershipForm, MunicipalityForm, ShelterForm
from advisory.organisations.models import Membership, MembershipFunction, Organisation, OrganisationKind, Region

router = Router(tags=["organisations"])

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
    address: str = Field("", max_length=255)


class OrganisationPatch(Schema):
    name: str | None = Field(None, max_length=200)
    municipality_id: int | None = None
    tilbudsportalen_id: str | None = Field(None, max_length=20)
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


@router.get("/organisations", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilter]):  # type: ignore[no-untyped-def]
    region = get_object_or_404(Region, pk=filters.region) if filters.region else None
    return selectors.organisation_list(request.user, q=filters.q, kind=filters.kind or "", region=region)


@router.get("/organisations/{int:organisation_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    log_read(organisation)
    return selectors.organisation_list(request.user).get(pk=organisation_id)


@router.post("/organisations/shelters", response={201: OrganisationOut, **ERRORS})
def create_shelter(request: HttpRequest, payload: ShelterIn) -> Status[Organisation]:
    require(request.user, Action.CREATE, Organisation)
    data = payload.dict()
    data["municipality"] = data.pop("municipality_id")
    cleaned = validated(ShelterForm(data=data), names=FORM_TO_PAYLOAD)
    shelter = services.shelter_create(**cleaned)
    return Status(201, selectors.organisation_list(request.user).get(pk=shelter.pk))


@router.patch("/organisations/{int:organisation_id}", response={200: OrganisationOut, **ERRORS})
def update_organisation(request: HttpRequest, organisation_id: int, payload: OrganisationPatch) -> Organisation:
    organisation = get_object_for(request.user, Organisation, Action.CHANGE, pk=organisation_id)
    changes = payload.dict(exclude_unset=True)
    if "municipality_id" in changes:
        changes["municipality"] = changes.pop("municipality_id")
    form_class = ShelterForm if organisation.is_shelter else MunicipalityForm
    current = {name: getattr(organisation, name) for name in form_class._meta.fields if name != "municipality"}
    if organisation.is_shelter:
        current["municipality"] = organisation.municipality_id
    form = form_class(data={**current, **changes}, instance=organisation)
    validated(form, names=FORM_TO_PAYLOAD)
    form.save()
    return selectors.organisation_list(request.user).get(pk=organisation.pk)


@router.get("/organisations/{int:organisation_id}/memberships", response={200: list[MembershipOut], **ERRORS})
def list_memberships(request: HttpRequest, organisation_id: int) -> list[Membership]:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    log_read(organisation)
    return list(selectors.organisation_detail(request.user, organisation)["memberships"])


@router.post("/organisations/{int:organisation_id}/memberships", response={201: MembershipOut, **ERRORS})
def add_membership(request: HttpRequest, organisation_id: int, payload: MembershipIn) -> Status[Membership]:
    organisation = get_object_for(request.user, Organisation, pk=organisation_id)
    if not can(request.user, Action.CHANGE, Membership(organisation=organisation)):
        raise PermissionDenied
    cleaned = validated(MembershipForm(data=payload.dict()))
    return Status(201, services.membership_add(organisation=organisation, **cleaned))


@router.delete("/organisations/{int:organisation_id}/memberships/{membership_id}", response={204: None, **ERRORS})
def remove_membership(request: HttpRequest, organisation_id: int, membership_id: int) -> Status[None]:
    membership = get_object_for(
        request.user, Membership.objects.filter(organisation_id=organisation_id), Action.DELETE, pk=membership_id
    )
    services.membership_remove(membership=membership)
    return Status(204, None)
