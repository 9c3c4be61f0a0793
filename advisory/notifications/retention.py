"""How long outgoing mails and closed calendar addresses are kept (see advisory/core/retention.py)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from advisory.core.retention import Found, RecordKind, delete_all, register
from advisory.notifications.models import CalendarFeedToken, OutboxMessage, OutboxStatus


def _expired_outbox_messages(cutoff: datetime.datetime) -> Found:
    """Sent mails, and failed ones the platform gave up on, created before the cutoff.

    Mails still queued or being retried are kept whatever their age, so that nothing is lost.
    """
    finished = Q(status=OutboxStatus.SENT) | Q(status=OutboxStatus.FAILED, next_attempt_at__isnull=True)
    return OutboxMessage.objects.filter(finished, created_at__lt=cutoff)


def _expired_feed_tokens(cutoff: datetime.datetime) -> Found:
    return CalendarFeedToken.objects.filter(revoked_at__lt=cutoff)


register(
    RecordKind(
        key="outbox_messages",
        description="Outgoing e-mails sent (or given up on) longer ago than the retention period",
        action="delete",
        expired=_expired_outbox_messages,
        apply=delete_all,
    )
)
register(
    RecordKind(
        key="calendar_feeds_revoked",
        description="Calendar addresses revoked longer ago than the retention period",
        action="delete",
        expired=_expired_feed_tokens,
        apply=delete_all,
    )
)
