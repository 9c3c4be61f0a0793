"""``{% books_team programme as can_book_team %}``: may the user book a team for the programme's joint meetings
(advisory/programmes/booking_matrix.py) – the link on the programme page."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.programmes import booking_matrix, policies
from advisory.programmes.models import Programme

register = template.Library()


@register.simple_tag(takes_context=True)
def books_team(context: dict[str, Any], programme: Programme, organisations: Any = None) -> bool:
    """``organisations``: the programme's, when the page has read them already (those who run the programme book
    for every one of them, so they need not be read again)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return False
    if organisations is not None and policies.books_team(user, programme, None):
        return bool(organisations)
    return bool(booking_matrix.bookable_organisations(user, programme))
