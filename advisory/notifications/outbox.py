"""The outbox: every e-mail is written to the database before it is sent; nothing lost, nothing twice.

``outbox_enqueue`` writes one row per mail under an idempotency key (unique in the database) and
hands the row's id to the background worker (django-tasks, ``manage.py db_worker``). A second
enqueue with the same key finds the row and does nothing, so a reminder is never written twice,
also when two workers or two schedulers make it at the same moment.

``outbox_send`` claims the row with one UPDATE (queued or failed, and due → sending) and only the
process whose UPDATE changed the row sends it; on SQLite and on PostgreSQL two claimers cannot both
win. A failure (the SMTP server down, refused, timing out) makes the row failed with the next attempt
after a backoff of 1, 2, 4 … minutes, at most an hour; after ``MAX_ATTEMPTS`` the platform gives up
and advisors see the mail as failed on the outbox page, where "retry now" sends it again. The
scheduler's job ``outbox_retry`` (``outbox_send_due``) sends every message that is due.

While a worker sends, the row's ``next_attempt_at`` is the end of a lease (``SENDING_LEASE``): if the
worker dies in the middle, the message is tried again after the lease. That is the one case in which
a mail may arrive twice (SMTP cannot tell whether a message that was being handed over arrived).
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from advisory.notifications.models import IcalMethod, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_BACKOFF = datetime.timedelta(minutes=1)
MAX_BACKOFF = datetime.timedelta(hours=1)
SENDING_LEASE = datetime.timedelta(minutes=10)
# A new message is the worker's; the scheduler sends it only if the worker has not done so by then
# (e.g. the task was lost, or no worker runs).
QUEUED_GRACE = datetime.timedelta(minutes=2)
DUE_BATCH = 200  # messages per scheduler tick; the rest follow in the next ticks

ERROR_TEXT_LIMIT = 2000
LOCK_RETRIES = 20  # about ten seconds of waiting for a locked SQLite database

RETRY_ONLY_FAILED = _("Only an e-mail that failed can be sent again.")


class NotRetryable(ValueError):
    pass


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4, 8 … minutes, at most an hour."""
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def outbox_enqueue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    ical: str | bytes | None = None,
    ical_method: str | None = None,
    key: str,
) -> OutboxMessage:
    """Write a mail to the outbox under ``key`` and have the worker send it; the same key again does nothing.

    Call it inside the transaction that makes the change the mail is about: with the database task
    backend the row and its task are committed (or rolled back) with that change.
    """
    if not key:
        raise ValueError("An outbox message needs an idempotency key.")
    if ical and ical_method not in IcalMethod.values:
        raise ValueError(f"A calendar attachment needs a method ({', '.join(IcalMethod.values)}).")
    ical_text = ical.decode() if isinstance(ical, bytes) else (ical or "")
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "to": to,
            "subject": " ".join(str(subject).split())[:255],
            "text_body": text,
            "html_body": html or "",
            "ical": ical_text,
            "ical_method": (ical_method or "") if ical_text else "",
        },
    )
    if created:
        _enqueue_send(message.pk)
    return message


def _enqueue_send(message_id: int) -> None:
    send_outbox_message.enqueue(message_id=message_id)


@task()
def send_outbox_message(message_id: int) -> str:
    """The worker's task: send one outbox message (if it is still due and nobody else has it)."""
    return outbox_send(message_id=message_id)


def _update(message_id: int, condition: Q | None = None, **values: Any) -> int:
    """One UPDATE of the row, tried again when the database is briefly locked by another writer.

    SQLite lets one writer at a time; a worker that gives up on a lock would leave a sent mail marked
    "sending" (and so send it again after the lease). Inside a transaction the caller's transaction
    decides, so there is no retry there.
    """
    rows = OutboxMessage.objects.filter(condition or Q(), pk=message_id)
    for attempt in range(LOCK_RETRIES):
        try:
            return rows.update(**values)
        except OperationalError:
            if connection.in_atomic_block or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    return 0  # not reached


def _claim(message_id: int, now: datetime.datetime) -> bool:
    """Move the message to "sending" if it is due; True only for the one caller whose UPDATE did it."""
    claimable = Q(status__in=[OutboxStatus.QUEUED, OutboxStatus.FAILED, OutboxStatus.SENDING], next_attempt_at__lte=now)
    updated = _update(
        message_id,
        claimable,
        status=OutboxStatus.SENDING,
        next_attempt_at=now + SENDING_LEASE,
        attempts=F("attempts") + 1,
    )
    return updated == 1


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"X-Outbox-Key": message.idempotency_key[:200]},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    if message.ical:
        # As calendar programs send them: the item as an alternative of the text (Outlook and Gmail show
        # accept/decline for it) and the same item as an .ics attachment for every other mail program.
        email.attach_alternative(message.ical, f"text/calendar; method={message.ical_method}")
        name = "cancel.ics" if message.ical_method == IcalMethod.CANCEL else "invite.ics"
        email.attach(name, message.ical.encode(), "application/ics")
    return email


def outbox_send(*, message_id: int, now: datetime.datetime | None = None) -> str:
    """Send one message if this caller wins the claim; the result is "sent", "failed" or "skipped"."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _email(message).send(fail_silently=False)
    except Exception as exc:  # SMTP and socket errors above all, but nothing may leave the row "sending"
        _mark_failed(message, exc)
        return "failed"
    _update(message.pk, status=OutboxStatus.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="")
    return "sent"


def _mark_failed(message: OutboxMessage, exc: BaseException) -> None:
    attempts = message.attempts  # already counted by the claim
    gave_up = attempts >= MAX_ATTEMPTS
    next_attempt_at = None if gave_up else timezone.now() + backoff(attempts)
    error = f"{type(exc).__name__}: {exc}"[:ERROR_TEXT_LIMIT]
    log = logger.error if gave_up else logger.warning
    log("Outbox message %s to %s failed (attempt %s): %s", message.pk, message.to, attempts, error)
    _update(message.pk, status=OutboxStatus.FAILED, next_attempt_at=next_attempt_at, last_error=error)


def due_messages(now: datetime.datetime) -> list[int]:
    """Ids of messages to try now: failed ones whose backoff has passed, sending ones whose lease has
    run out, and queued ones the worker has not taken within QUEUED_GRACE."""
    condition = Q(status__in=[OutboxStatus.FAILED, OutboxStatus.SENDING], next_attempt_at__lte=now) | Q(
        status=OutboxStatus.QUEUED, next_attempt_at__lte=now - QUEUED_GRACE
    )
    return list(
        OutboxMessage.objects.filter(condition)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )


def outbox_send_due(now: datetime.datetime | None = None) -> int:
    """The scheduler's job: send what is due (each message claimed on its own). Returns how many were sent."""
    now = now or timezone.now()
    return sum(outbox_send(message_id=pk, now=now) == "sent" for pk in due_messages(now))


def outbox_retry(*, message: OutboxMessage) -> OutboxMessage:
    """ "Retry now" on a failed message: due at once, and handed to the worker.

    Saved with save() (not an UPDATE) so that the audit log records who asked.
    """
    if not message.can_retry:
        raise NotRetryable(RETRY_ONLY_FAILED)
    with transaction.atomic():
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["next_attempt_at"])
        _enqueue_send(message.pk)
    message.refresh_from_db()
    return message
