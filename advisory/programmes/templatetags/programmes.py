from django import template

from advisory.programmes.models import ActivityFormat

register = template.Library()

_FORMATS = dict(ActivityFormat.choices)


@register.filter
def format_label(value: str) -> str:
    """The translated name of an activity format key (virtual, in_person, …)."""
    return str(_FORMATS.get(value, value))
