"""``{% plan_section detail rows_editable %}``: the programme page's plan (timeline, phases, the plan table), rendered
once per version of what it shows and then served from Django's cache.

The plan section was the largest part of the programme page's rendering (about a third of its server time at
scale). Everything it shows follows from the activities the page has already read (``ProgrammeDetail.version``:
a digest of their shown columns, the template version and the programme's status), the day (the timeline's
today line), the language and whether the user may change the plan, so that is the cache key: any change of an
activity gives a new key at once; nothing has to be invalidated. The plan table's forms carry the user's CSRF
token, which is per session: the fragment is cached with a placeholder that is replaced on the way out.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from advisory.programmes import selectors

register = template.Library()

TEMPLATE = "programmes/_plan_section.html"
CACHE_SECONDS = 60 * 60
CSRF_PLACEHOLDER = "csrf-token-placeholder-plan-section"  # a placeholder, not a secret


def cache_key(detail: selectors.ProgrammeDetail, rows_editable: bool) -> str:
    today = timezone.localdate().isoformat()
    language = translation.get_language() or ""
    return f"plan-section:{detail.programme.pk}:{detail.version}:{int(rows_editable)}:{today}:{language}"


@register.simple_tag(takes_context=True)
def plan_section(context: template.Context, detail: selectors.ProgrammeDetail, rows_editable: bool) -> SafeString:
    key = cache_key(detail, bool(rows_editable))
    html: str | None = cache.get(key)
    if html is None:
        with context.push(
            detail=detail,
            rows=selectors.plan_rows(detail),
            rows_editable=rows_editable,
            csrf_token=CSRF_PLACEHOLDER,
        ):
            html = get_template(TEMPLATE).template.render(context)  # type: ignore[attr-defined]
        cache.set(key, html, CACHE_SECONDS)
    token: Any = context.get("csrf_token", "")
    return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token)))  # our own rendered template
