"""``{% load agreement_tags %}``: ``{% agreement_summary programme %}`` (status, signing date, period, links) and
``{% ratings_chart programme %}`` (before/after chart with its table), for the programme page.

Both render nothing for a group programme (it has no agreement or ratings).
"""

from __future__ import annotations

from typing import Any

from django import template

from advisory.development import agreements, ratings
from advisory.development.policies import has_development_work

register = template.Library()


@register.inclusion_tag("development/agreement_summary.html")
def agreement_summary(programme: Any) -> dict[str, Any]:
    if not has_development_work(programme):
        return {"show": False}
    agreement = agreements.agreement_for(programme)
    start, end, planned = agreements.agreement_period(programme, agreement)
    return {
        "show": True,
        "programme": programme,
        "agreement": agreement,
        "period_start": start,
        "period_end": end,
        "period_planned": planned,
    }


@register.inclusion_tag("development/_ratings_chart.html")
def ratings_chart(programme: Any) -> dict[str, Any]:
    if not has_development_work(programme):
        return {"show": False}
    return {"show": True, "programme": programme, "chart": ratings.chart(programme)}
