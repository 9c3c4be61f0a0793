"""The outbox through a real SMTP server on loopback: written first, sent once, retried with backoff, never lost."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection

from advisory.notifications import outbox, scheduler
from advisory.notifications.models import OutboxMessage, OutboxStatus
from advisory.notifications.outbox import MAX_ATTEMPTS, backoff, outbox_enqueue, outbox_send, outbox_send_due

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)


def enqueue(n: int = 1, **overrides: str) -> OutboxMessage:
    fields = {
        "to": f"tovholder{n}@aarhus.dk",
        "subject": f"Påmindelse {n}",
        "text": "Opstartsmødet er om 14 dage.",
        "html": "<p>Opstartsmødet er om 14 dage.</p>",
        "key": f"reminder:activity-{n}:14:{n}",
        **overrides,
    }
    return outbox_enqueue(**fields)


def reload(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


def tick(at: datetime.datetime) -> list[scheduler.JobOutcome]:
    return scheduler.run_tick(at)


# --- Backoff -------------------------------------------------------------------------------------------------


def test_backoff_doubles_from_one_minute_and_stops_at_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


# --- Through the SMTP server ---------------------------------------------------------------------------------


def test_a_message_is_written_then_sent_through_smtp_as_text_and_html(smtp_up):
    message = enqueue(1)

    message = reload(message)
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None and message.next_attempt_at is None
    [received] = smtp_up.messages
    assert smtp_up.recipients == ["tovholder1@aarhus.dk"]
    assert received["Subject"] == "Påmindelse 1"
    assert received["X-Outbox-Key"] == "reminder:activity-1:14:1"
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "Opstartsmødet er om 14 dage."
    assert "<p>Opstartsmødet" in received.get_body(preferencelist=("html",)).get_content()


def test_enqueueing_twice_with_the_same_key_writes_one_row_and_sends_one_mail(smtp_up):
    first = enqueue(1)
    second = enqueue(1, subject="Påmindelse igen")

    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert smtp_up.keys() == ["reminder:activity-1:14:1"]
    assert reload(first).subject == "Påmindelse 1"


def test_an_smtp_outage_loses_nothing_and_every_mail_arrives_exactly_once(smtp):
    """The server is down: every mail fails and waits; the scheduler (ticking every minute) retries after the
    backoff, when the server is up again; ticking on, and a second scheduler, send nothing a second time."""
    minute = datetime.timedelta(minutes=1)
    with time_machine.travel(T0, tick=False) as clock:
        messages = [enqueue(n) for n in range(1, 4)]
        for message in map(reload, messages):
            assert message.status == OutboxStatus.FAILED
            assert message.attempts == 1
            assert message.next_attempt_at == T0 + minute
            assert "Connection refused" in message.last_error

        tick(T0)  # not due yet: nothing is tried
        assert {reload(m).attempts for m in messages} == {1}

        clock.shift(minute + datetime.timedelta(seconds=1))  # due, but the server is still down: second failure
        tick(T0 + minute + datetime.timedelta(seconds=1))
        for message in map(reload, messages):
            assert message.status == OutboxStatus.FAILED
            assert message.attempts == 2
            assert message.next_attempt_at == T0 + datetime.timedelta(seconds=61) + 2 * minute

        smtp.start()
        clock.shift(minute)  # the server is up, but the backoff has not passed
        tick(T0 + datetime.timedelta(seconds=121))
        assert smtp.messages == []

        clock.shift(minute + datetime.timedelta(seconds=1))
        now = T0 + datetime.timedelta(seconds=182)
        tick(now)
        tick(now)  # the same tick again (cron overlapping): the job is not run twice
        assert outbox_send_due(now) == 0  # a second scheduler process
        clock.shift(datetime.timedelta(hours=2))
        tick(now + datetime.timedelta(hours=2))

    assert sorted(smtp.keys()) == sorted(m.idempotency_key for m in messages)
    assert {reload(m).status for m in messages} == {OutboxStatus.SENT}
    assert {reload(m).attempts for m in messages} == {3}


def test_after_the_last_attempt_the_platform_gives_up_until_someone_retries(smtp):
    with time_machine.travel(T0, tick=False) as clock:
        message = enqueue(1)
        for _attempt in range(MAX_ATTEMPTS - 1):
            clock.shift(outbox.MAX_BACKOFF)
            outbox_send_due()
        message = reload(message)
        assert message.attempts == MAX_ATTEMPTS
        assert message.gave_up
        clock.shift(datetime.timedelta(days=7))
        assert outbox_send_due() == 0  # never again by itself

        smtp.start()
        outbox.outbox_retry(message=message)
    assert reload(message).status == OutboxStatus.SENT
    assert len(smtp.messages) == 1


def test_retrying_a_message_that_was_sent_is_refused(smtp_up):
    message = reload(enqueue(1))
    with pytest.raises(outbox.NotRetryable):
        outbox.outbox_retry(message=message)
    assert len(smtp_up.messages) == 1


def test_a_message_left_sending_by_a_dead_worker_is_sent_after_the_lease(smtp_up):
    with time_machine.travel(T0, tick=False) as clock:
        message = OutboxMessage.objects.create(to="a@aarhus.dk", subject="Emne", text_body="Tekst", idempotency_key="k")
        assert outbox._claim(message.pk, T0)  # a worker took it and died before sending
        assert outbox_send_due() == 0
        clock.shift(outbox.SENDING_LEASE + datetime.timedelta(seconds=1))
        assert outbox_send_due() == 1
    assert smtp_up.keys() == ["k"]


def test_a_queued_message_the_worker_never_took_is_sent_by_the_scheduler(smtp_up, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker runs
    with time_machine.travel(T0, tick=False) as clock:
        message = enqueue(1)
        assert outbox_send_due() == 0  # the worker's for the first minutes
        clock.shift(outbox.QUEUED_GRACE)
        assert outbox_send_due() == 1
    assert reload(message).status == OutboxStatus.SENT
    assert len(smtp_up.messages) == 1


# --- Two workers ---------------------------------------------------------------------------------------------


def test_a_second_worker_arriving_while_the_first_sends_skips_the_message(smtp_up, monkeypatch):
    message = OutboxMessage.objects.create(to="a@aarhus.dk", subject="Emne", text_body="Tekst", idempotency_key="k")
    second: list[str] = []
    build = outbox._email

    def email_with_a_competitor(row: OutboxMessage):
        second.append(outbox_send(message_id=row.pk))  # the other worker, in the middle of the first's send
        return build(row)

    monkeypatch.setattr(outbox, "_email", email_with_a_competitor)
    assert outbox_send(message_id=message.pk) == "sent"
    assert second == ["skipped"]
    assert len(smtp_up.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_message_at_once_send_it_once(smtp_up):
    message = OutboxMessage.objects.create(to="a@aarhus.dk", subject="Emne", text_body="Tekst", idempotency_key="k")
    start = threading.Barrier(2)
    results: list[str] = []

    def worker() -> None:
        try:
            start.wait()
            results.append(outbox_send(message_id=message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["sent", "skipped"]
    assert smtp_up.keys() == ["k"]
    assert reload(message).attempts == 1


# --- What goes in ---------------------------------------------------------------------------------------------


def test_a_calendar_attachment_needs_a_method():
    with pytest.raises(ValueError, match="method"):
        enqueue(1, ical="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


def test_a_message_needs_a_key():
    with pytest.raises(ValueError, match="key"):
        enqueue(1, key="")


def test_the_subject_is_one_line():
    message = enqueue(1, subject="Påmindelse\r\nBcc: alle@example.dk")
    assert message.subject == "Påmindelse Bcc: alle@example.dk"
    assert mail.outbox[0].subject == "Påmindelse Bcc: alle@example.dk"
