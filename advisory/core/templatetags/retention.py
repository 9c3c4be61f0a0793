"""``{% retention_period "kind" %}``: how long a kind of record is kept (``settings.RETENTION``, in days), in words
("2 år", "90 dage"), for the public forms' notices of what is stored and for how long. The words are Django's own
(``timesince``'s), so they need no translation of their own."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.timesince import TIME_STRINGS

register = template.Library()


def period_words(days: int) -> str:
    if days % 365 == 0:
        return TIME_STRINGS["year"] % {"num": days // 365}
    if days % 30 == 0 and days >= 60:
        return TIME_STRINGS["month"] % {"num": days // 30}
    if days % 7 == 0 and days >= 14:
        return TIME_STRINGS["week"] % {"num": days // 7}
    return TIME_STRINGS["day"] % {"num": days}


@register.simple_tag
def retention_period(kind: str) -> str:
    return period_words(int(settings.RETENTION[kind]))
