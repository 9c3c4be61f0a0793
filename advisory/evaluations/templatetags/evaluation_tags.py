"""``{% load evaluation_tags %}{% activity_evaluation activity %}``: the meeting page's evaluation panel."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.evaluations.selectors import activity_panel

register = template.Library()


@register.inclusion_tag("evaluations/_activity_evaluation.html", takes_context=True)
def activity_evaluation(context: template.Context, activity: Any) -> dict[str, Any]:
    request = context.get("request")
    return {"evaluation": activity_panel(activity, request.user) if request is not None else None}
