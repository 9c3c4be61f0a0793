"""Access rules for the public offers (see advisory.core.access).

Everyone, anonymous visitors too, reads the offers' texts and contact people: they are the agency's public pages.
Advisors and administrators write them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.offers.models import ContactPerson, OfferText


def edits_offers(user: AnyUser) -> bool:
    return is_authenticated(user) and bool(user.is_administrator or user.is_advisor)


class _PublicPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet) -> QuerySet:
        return queryset

    def can(self, user: AnyUser, action: Action | str, obj: object | None) -> bool:
        if action == Action.VIEW:
            return True
        return edits_offers(user)


@register(OfferText)
class OfferTextPolicy(_PublicPolicy):
    pass


@register(ContactPerson)
class ContactPersonPolicy(_PublicPolicy):
    pass
