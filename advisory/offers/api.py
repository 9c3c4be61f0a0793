"""The public offers in the API: texts and contact people for everyone; advisors write them.

Path ``offer_kind``: ``group``, ``individual`` or ``taskforce`` (another is 404). Texts are plain text (a blank line
starts a paragraph, lines starting with "- " are list items); ``body_html`` is the page's rendering.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from advisory.core.access import Action, get_object_for, require
from advisory.core.api import ERRORS, FormInvalid, validated
from advisory.offers import selectors, services, text
from advisory.offers.forms import ContactPersonForm, OfferTextForm
from advisory.offers.models import BODY_MAX, SUMMARY_MAX, ContactPerson, OfferText
from advisory.offers.titles import offer_title

router = Router(tags=["offers"])

Kind = Literal["group", "individual", "taskforce"]
LanguageCode = Literal["da", "en"]


class LanguageFilter(Schema):
    language: LanguageCode = "da"


class ContactOut(Schema):
    id: int
    kind: Kind
    name: str
    title: str
    phone: str
    email: str
    position: int


class PublicOfferOut(Schema):
    kind: Kind
    slug: str = Field(..., description="The page's address: /tilbud/<slug>/")
    language: LanguageCode
    title: str
    summary: str
    body: str = Field(..., description="Plain text")
    body_html: str = Field(..., description="The body as the page shows it (escaped; <p>, <ul>, <li>)")
    stored: bool = Field(..., description="False: the default text from the agency's public pages")
    updated_at: datetime.datetime | None
    contacts: list[ContactOut]


class OfferTextIn(Schema):
    summary: str = Field(..., max_length=SUMMARY_MAX)
    body: str = Field(..., max_length=BODY_MAX)


class OfferTextOut(Schema):
    kind: Kind
    language: LanguageCode
    summary: str
    body: str
    updated_at: datetime.datetime


class ContactIn(Schema):
    name: str = Field(..., max_length=200)
    title: str = Field("", max_length=200)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    position: int = Field(0, ge=0, le=1000)


class ContactPatch(Schema):
    name: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    position: int | None = Field(None, ge=0, le=1000)


def _kind(kind: str) -> str:
    if kind not in selectors.KINDS:
        raise Http404
    return kind


def _offer(kind: str, language: str, texts: dict[str, selectors.Text], people: list[ContactPerson]) -> dict[str, Any]:
    offer_text = texts[kind]
    return {
        "kind": kind,
        "slug": selectors.SLUGS[kind],
        "language": language,
        "title": offer_title(kind),
        "summary": offer_text.summary,
        "body": offer_text.body,
        "body_html": str(text.render(offer_text.body)),
        "stored": offer_text.stored,
        "updated_at": offer_text.updated_at,
        "contacts": [p for p in people if p.kind == kind],
    }


def _call(service: Any, **kwargs: Any) -> Any:
    try:
        return service(**kwargs)
    except ValidationError as exc:
        raise FormInvalid.from_errors(
            exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        ) from exc


@router.get("/offers", response={200: list[PublicOfferOut], **ERRORS}, auth=None)
def list_offers(request: HttpRequest, filters: Query[LanguageFilter]) -> list[dict[str, Any]]:
    """The three offers with their texts in the language (public)."""
    texts = selectors.offer_texts(filters.language)
    people = selectors.contacts()
    return [_offer(kind, filters.language, texts, people) for kind in selectors.KINDS]


@router.get("/offers/{offer_kind}", response={200: PublicOfferOut, **ERRORS}, auth=None)
def get_offer(request: HttpRequest, offer_kind: str, filters: Query[LanguageFilter]) -> dict[str, Any]:
    """One offer with its text in the language and its contact people (public)."""
    kind = _kind(offer_kind)
    return _offer(kind, filters.language, selectors.offer_texts(filters.language), selectors.contacts(kind))


@router.get("/offers/{offer_kind}/contacts", response={200: list[ContactOut], **ERRORS}, auth=None)
def list_contacts(request: HttpRequest, offer_kind: str) -> list[ContactPerson]:
    """The offer's contact people in the order shown (public)."""
    return selectors.contacts(_kind(offer_kind))


@router.put("/offers/{offer_kind}/texts/{language}", response={200: OfferTextOut, **ERRORS})
def put_text(request: HttpRequest, offer_kind: str, language: str, payload: OfferTextIn) -> OfferText:
    """Store the offer's text in the language (advisors and administrators)."""
    kind = _kind(offer_kind)
    if language not in selectors.LANGUAGES:
        raise Http404
    require(request.user, Action.CHANGE, OfferText)
    cleaned = validated(OfferTextForm(data=payload.dict()))
    return _call(services.offer_text_save, by=request.user, kind=kind, language=language, **cleaned)


@router.post("/offers/{offer_kind}/contacts", response={201: ContactOut, **ERRORS})
def create_contact(request: HttpRequest, offer_kind: str, payload: ContactIn) -> Status[ContactPerson]:
    """Add a contact person to the offer (advisors and administrators; at most 10 per offer)."""
    kind = _kind(offer_kind)
    require(request.user, Action.CREATE, ContactPerson)
    cleaned = validated(ContactPersonForm(data=payload.dict()))
    return Status(201, _call(services.contact_create, by=request.user, kind=kind, **cleaned))


@router.patch("/offer-contacts/{int:contact_id}", response={200: ContactOut, **ERRORS})
def patch_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> ContactPerson:
    """Change a contact person (advisors and administrators)."""
    contact = get_object_for(request.user, ContactPerson, Action.CHANGE, pk=contact_id)
    data = {
        "name": contact.name,
        "title": contact.title,
        "phone": contact.phone,
        "email": contact.email,
        "position": contact.position,
        **payload.dict(exclude_unset=True, exclude_none=True),
    }
    cleaned = validated(ContactPersonForm(data=data, instance=contact))
    return _call(services.contact_update, by=request.user, contact=contact, **cleaned)


@router.delete("/offer-contacts/{int:contact_id}", response={204: None, **ERRORS})
def delete_contact(request: HttpRequest, contact_id: int) -> Status[None]:
    """Remove a contact person (advisors and administrators)."""
    contact = get_object_for(request.user, ContactPerson, Action.DELETE, pk=contact_id)
    services.contact_delete(by=request.user, contact=contact)
    return Status(204, None)
