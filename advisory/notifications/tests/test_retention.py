"""Retention: sent (and given-up) mails and closed calendar addresses go after their period; waiting mail stays."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from advisory.core import retention
from advisory.notifications.models import CalendarFeedToken, FeedKind, OutboxMessage, OutboxStatus
from advisory.notifications.services import feed_token_issue, feed_token_revoke

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 6, 1, 12, 0, tzinfo=datetime.UTC)


def old_message(key: str, status: str, next_attempt_at: datetime.datetime | None = None) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to="a@aarhus.dk",
        subject="Emne",
        text_body="Tekst",
        idempotency_key=key,
        status=status,
        next_attempt_at=next_attempt_at,
        created_at=NOW - datetime.timedelta(days=181),
    )


def test_old_finished_mail_is_deleted_and_mail_still_waiting_is_kept(settings):
    settings.RETENTION = {**settings.RETENTION, "outbox_messages": 180}
    old_message("sent", OutboxStatus.SENT)
    old_message("gave-up", OutboxStatus.FAILED)
    old_message("retrying", OutboxStatus.FAILED, next_attempt_at=NOW)
    old_message("queued", OutboxStatus.QUEUED, next_attempt_at=NOW)

    retention.run(apply=True, keys=["outbox_messages"], now=NOW)

    assert sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True)) == ["queued", "retrying"]


def test_closed_calendar_addresses_are_deleted_after_their_period(settings, coordinator):
    settings.RETENTION = {**settings.RETENTION, "calendar_feeds_revoked": 90}
    with time_machine.travel(NOW - datetime.timedelta(days=91)):
        feed_token_revoke(token=feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))
    with time_machine.travel(NOW):
        active = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)

    retention.run(apply=True, keys=["calendar_feeds_revoked"], now=NOW)

    assert list(CalendarFeedToken.objects.all()) == [active]
