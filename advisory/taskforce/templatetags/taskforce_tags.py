"""``{% load taskforce_tags %}{% taskforce_section programme %}``: the taskforce summary for the programme page
(renders nothing for programmes of other kinds or users who cannot see the programme)."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.programmes.models import ProgrammeKind
from advisory.taskforce import selectors
from advisory.taskforce.policies import taskforce_programmes

register = template.Library()


@register.inclusion_tag("taskforce/_section.html", takes_context=True)
def taskforce_section(context: template.Context, programme: Any) -> dict[str, Any]:
    user = context["request"].user
    if programme.kind != ProgrammeKind.TASKFORCE or not taskforce_programmes(user).filter(pk=programme.pk).exists():
        return {"programme": None}
    return {"programme": programme, "overview": selectors.overview(user, programme)}
