"""``{% load development_tags %}{% development_section programme %}``: the development work's summary on the
programme page (individual and taskforce programmes; nothing for group programmes or users without access)."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.development import selectors
from advisory.development.policies import development_programmes, has_development_work, runs
from advisory.programmes.models import ProgrammeKind

register = template.Library()


def development_section_context(user: Any, programme: Any) -> dict[str, Any]:
    visible = has_development_work(programme) and development_programmes(user).filter(pk=programme.pk).exists()
    if not visible:
        return {"visible": False}
    return {
        "visible": True,
        "programme": programme,
        "is_taskforce": programme.kind == ProgrammeKind.TASKFORCE,
        "summary": selectors.development_summary(programme),
        "may_write": runs(user, programme),
    }


@register.inclusion_tag("development/_section.html", takes_context=True)
def development_section(context: template.Context, programme: Any) -> dict[str, Any]:
    return development_section_context(context["request"].user, programme)
