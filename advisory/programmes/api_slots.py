"""An organisation's own calls in the API (tag: programmes): the times the advisors offer for them, booking one
for one's own organisation, and who takes part in a programme (the per-organisation rows follow). Registered by
advisory/programmes/api.py (``router.add_router("", slots_router)``).

The same forms and write functions as the pages (advisory/programmes/services.py: ``slot_offer_create``,
``slot_offer_withdraw``, ``slot_book``, ``programme_organisations_set``); access through the policies: another
organisation's call or booked time is 404, what the user sees but may not do is 403, a domain refusal is 400.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, get_object_for, scope
from advisory.core.api import ERRORS, FormInvalid, LocalTime, validated
from advisory.organisations.models import Organisation
from advisory.programmes import services
from advisory.programmes.forms import SlotOfferForm
from advisory.programmes.models import Activity, Programme, SlotOffer

router = Router(tags=["programmes"])


class SlotOfferOut(Schema):
    id: int
    template_key: str
    occurrence: int
    starts_on: datetime.date
    start_time: LocalTime
    booked_by_key: str | None = Field(
        ..., description="The key of the organisation's call that booked the time; null while it is free"
    )


class SlotOfferIn(Schema):
    template_key: str = Field(..., max_length=64, description="e.g. expectations_call")
    occurrence: int = Field(1, ge=1, le=100)
    starts_on: datetime.date
    start_time: LocalTime


class SlotBookIn(Schema):
    offer_id: int


class SlotBookedOut(Schema):
    key: str
    starts_on: datetime.date
    start_time: LocalTime


class OrganisationsIn(Schema):
    organisation_ids: list[int] = Field(..., max_length=50)


class OrganisationsOut(Schema):
    organisation_ids: list[int]
    created_keys: list[str] = Field(..., description="The organisations' own calls and preparations created")


def _offer_out(offer: SlotOffer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "template_key": offer.template_key,
        "occurrence": offer.occurrence,
        "starts_on": offer.starts_on,
        "start_time": offer.start_time,
        "booked_by_key": offer.booked_by_activity.key if offer.booked_by_activity is not None else None,
    }


@router.get("/programmes/{int:programme_id}/slot-offers", response={200: list[SlotOfferOut], **ERRORS})
def list_slot_offers(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    """The offered times: all of them for the runners; the free ones and the own organisation's booked one for an
    organisation's people (never which time another organisation booked)."""
    programme = get_object_for(request.user, Programme, pk=programme_id)
    offers = scope(request.user, SlotOffer).filter(programme=programme).select_related("booked_by_activity")
    return [_offer_out(o) for o in offers.order_by("template_key", "occurrence", "starts_on", "start_time")]


@router.post("/programmes/{int:programme_id}/slot-offers", response={201: SlotOfferOut, **ERRORS})
def create_slot_offer(
    request: AuthenticatedHttpRequest, programme_id: int, payload: SlotOfferIn
) -> Status[dict[str, Any]]:
    """Offer a time for the organisations' own call ``template_key`` (the runners)."""
    programme = get_object_for(request.user, Programme, pk=programme_id)
    data = validated(SlotOfferForm(data={"starts_on": payload.starts_on, "start_time": payload.start_time}))
    offer = services.slot_offer_create(
        programme=programme,
        template_key=payload.template_key,
        occurrence=payload.occurrence,
        starts_on=data["starts_on"],
        start_time=data["start_time"],
        by=request.user,
    )
    return Status(201, _offer_out(offer))


@router.delete("/programmes/{int:programme_id}/slot-offers/{int:offer_id}", response={204: None, **ERRORS})
def withdraw_slot_offer(request: AuthenticatedHttpRequest, programme_id: int, offer_id: int) -> Status[None]:
    offer = get_object_for(request.user, SlotOffer.objects.filter(programme_id=programme_id), pk=offer_id)
    services.slot_offer_withdraw(offer=offer, by=request.user)
    return Status(204, None)


@router.post("/programmes/{int:programme_id}/activities/{key}/book-slot", response={200: SlotBookedOut, **ERRORS})
def book_slot(request: AuthenticatedHttpRequest, programme_id: int, key: str, payload: SlotBookIn) -> dict[str, Any]:
    """Book the organisation's own call ``key`` at an offered time (its coordinator, or the runners)."""
    activity = get_object_for(
        request.user,
        Activity.objects.filter(programme_id=programme_id).select_related("programme__template_version"),
        key=key,
    )
    offers = scope(request.user, SlotOffer).filter(programme_id=programme_id)
    offer = offers.filter(pk=payload.offer_id).first()
    if offer is None:
        raise FormInvalid.from_errors({"offer_id": [_("Choose a time from the list.")]})
    activity = services.slot_book(activity=activity, offer=offer, by=request.user)
    return {"key": activity.key, "starts_on": activity.starts_on, "start_time": activity.start_time}


@router.put("/programmes/{int:programme_id}/organisations", response={200: OrganisationsOut, **ERRORS})
def set_organisations(request: AuthenticatedHttpRequest, programme_id: int, payload: OrganisationsIn) -> dict[str, Any]:
    """Who takes part (the runners); each organisation that joins gets its own calls and preparations, one that
    leaves loses those not done."""
    programme = get_object_for(request.user, Programme, Action.CHANGE, pk=programme_id)
    organisations = list(Organisation.objects.filter(pk__in=payload.organisation_ids))
    if len(organisations) != len(set(payload.organisation_ids)):
        raise FormInvalid.from_errors({"organisation_ids": [_("Unknown organisation.")]})
    created = services.programme_organisations_set(programme=programme, organisations=organisations, by=request.user)
    ids = sorted(programme.participations.values_list("organisation_id", flat=True))
    return {"organisation_ids": ids, "created_keys": created}
