"""Writing the offers' texts and contact people: advisors and administrators (checked here, for pages and API)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from advisory.core.access import Action, require
from advisory.offers import cache
from advisory.offers.models import CONTACTS_PER_OFFER_MAX, ContactPerson, OfferText
from advisory.offers.selectors import KINDS, LANGUAGES


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError(_("Unknown offer."))


@transaction.atomic
def offer_text_save(*, by: Any, kind: str, language: str, summary: str, body: str) -> OfferText:
    """Store the offer's text in the language (replacing the one stored or the default)."""
    require(by, Action.CHANGE, OfferText)
    _check_kind(kind)
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."))
    text, _created = OfferText.objects.select_for_update().get_or_create(
        kind=kind, language=language, defaults={"summary": summary, "body": body, "updated_by": by}
    )
    text.summary, text.body, text.updated_by = summary, body, by
    text.full_clean()
    text.save()
    transaction.on_commit(cache.clear)
    return text


@transaction.atomic
def contact_create(*, by: Any, kind: str, **values: Any) -> ContactPerson:
    require(by, Action.CREATE, ContactPerson)
    _check_kind(kind)
    if ContactPerson.objects.filter(kind=kind).count() >= CONTACTS_PER_OFFER_MAX:
        raise ValidationError(
            _("An offer has at most %(n)s contact people. Remove one first.") % {"n": CONTACTS_PER_OFFER_MAX}
        )
    contact = ContactPerson(kind=kind, **values)
    contact.full_clean()
    contact.save()
    transaction.on_commit(cache.clear)
    return contact


@transaction.atomic
def contact_update(*, by: Any, contact: ContactPerson, **values: Any) -> ContactPerson:
    require(by, Action.CHANGE, contact)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    transaction.on_commit(cache.clear)
    return contact


@transaction.atomic
def contact_delete(*, by: Any, contact: ContactPerson) -> None:
    require(by, Action.DELETE, contact)
    contact.delete()
    transaction.on_commit(cache.clear)
