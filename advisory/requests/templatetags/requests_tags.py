"""For the programme page: where the programme came from (the expression of interest or taskforce request)."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.core.access import scope
from advisory.requests.models import ExpressionOfInterest, TaskforceRequest

register = template.Library()


@register.inclusion_tag("requests/_programme_origin.html", takes_context=True)
def programme_origin(context: dict[str, Any], programme: Any) -> dict[str, Any]:
    """``{% load requests_tags %}{% programme_origin programme %}``: an h2 section, empty when there is nothing
    the user may see."""
    user = context["request"].user
    return {
        "interests": list(scope(user, ExpressionOfInterest).filter(programme=programme)),
        "taskforce_requests": list(scope(user, TaskforceRequest).filter(programme=programme).select_related("season")),
    }
