"""``{% books_team programme as can_book_team %}``: may the user book a team for the programme's joint meetings
(advisory/programmes/booking_matrix.py) – the link on the programme page."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.programmes import booking_matrix
from advisory.programmes.models import Programme

register = template.Library()


@register.simple_tag(takes_context=True)
def books_team(context: dict[str, Any], programme: Programme) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and bool(booking_matrix.bookable_organisations(user, programme))
