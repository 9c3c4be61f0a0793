"""How long it is kept who answered a meeting's evaluation (see advisory/core/retention.py).

A receipt links a person to a meeting they evaluated; it is needed while the evaluation is open (to
refuse a second answer) and for the follow-up on the programme. After the retention period, counted
from the meeting's date, it is deleted. The anonymous answers are not personal data and stay with the
programme (they go when the programme is deleted).
"""

from __future__ import annotations

import datetime

from advisory.core.retention import Found, RecordKind, cutoff_day, delete_all, register
from advisory.evaluations.models import EvaluationReceipt


def _expired_receipts(cutoff: datetime.datetime) -> Found:
    return EvaluationReceipt.objects.filter(activity__starts_on__lt=cutoff_day(cutoff))


register(
    RecordKind(
        key="evaluation_receipts",
        description="Records of who answered a meeting's evaluation, for meetings held before the retention period",
        action="delete",
        expired=_expired_receipts,
        apply=delete_all,
    )
)
