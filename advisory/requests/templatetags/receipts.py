"""For the receipts of the public forms: by when the advisory function answers."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from advisory.programmes.workdays import add_working_days

register = template.Library()

ANSWER_WORKING_DAYS = 10  # an advisor contacts the contact person within this many working days


@register.filter
def answer_by(received: datetime.datetime | datetime.date) -> datetime.date:
    """``{{ interest.created_at|answer_by }}``: the day by which an advisor contacts the contact person."""
    day = timezone.localdate(received) if isinstance(received, datetime.datetime) else received
    return add_working_days(day, ANSWER_WORKING_DAYS)
