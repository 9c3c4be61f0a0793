"""The scheduler: registered jobs run when due, once per period even with two schedulers, one failure stops none."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from advisory.notifications import scheduler
from advisory.notifications.models import OutboxMessage, OutboxStatus, ScheduledJob

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def calls() -> Iterator[list[tuple[str, datetime.datetime]]]:
    made: list[tuple[str, datetime.datetime]] = []

    def hourly(now: datetime.datetime) -> int:
        made.append(("hourly", now))
        return 1

    def broken(now: datetime.datetime) -> None:
        made.append(("broken", now))
        raise RuntimeError("the digest template is missing")

    scheduler.register_job("test_hourly", hourly, every=datetime.timedelta(hours=1))
    scheduler.register_job("test_broken", broken)
    yield made
    scheduler.unregister_job("test_hourly")
    scheduler.unregister_job("test_broken")


def test_the_outbox_retry_is_a_registered_job():
    assert "outbox_retry" in [job.name for job in scheduler.registered_jobs()]


def test_a_job_runs_when_due_and_once_per_period_however_often_the_scheduler_ticks(calls):
    for minutes in (0, 0, 1, 30, 59):
        scheduler.run_tick(T0 + datetime.timedelta(minutes=minutes))
    scheduler.run_tick(T0 + datetime.timedelta(minutes=60))

    assert [when for name, when in calls if name == "hourly"] == [T0, T0 + datetime.timedelta(hours=1)]


def test_a_job_due_a_moment_later_still_runs_in_this_tick(calls):
    scheduler.run_tick(T0)
    scheduler.run_tick(T0 + datetime.timedelta(minutes=59, seconds=58))  # cron started two seconds early

    assert len([name for name, _when in calls if name == "hourly"]) == 2


def test_a_failing_job_is_recorded_and_the_others_still_run(calls):
    outcomes = {outcome.name: outcome for outcome in scheduler.run_tick(T0)}

    assert outcomes["test_broken"].error == "RuntimeError: the digest template is missing"
    assert outcomes["test_hourly"].result == 1
    assert outcomes["outbox_retry"].ran
    assert ScheduledJob.objects.get(name="test_broken").last_error.startswith("RuntimeError")
    assert ScheduledJob.objects.get(name="test_hourly").last_error == ""


def test_registering_a_name_twice_is_a_mistake(calls):
    with pytest.raises(RuntimeError, match="already registered"):
        scheduler.register_job("test_hourly", lambda now: None)


def test_run_scheduler_once_runs_one_tick_and_sends_what_is_due():
    message = OutboxMessage.objects.create(
        to="a@aarhus.dk",
        subject="Emne",
        text_body="Tekst",
        idempotency_key="k",
        status=OutboxStatus.FAILED,
        next_attempt_at=T0,
        attempts=1,
    )
    out = StringIO()
    with time_machine.travel(T0 + datetime.timedelta(minutes=1), tick=False):
        call_command("run_scheduler", "--once", stdout=out)

    assert "outbox_retry: 1" in out.getvalue()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert ScheduledJob.objects.get(name="outbox_retry").last_finished_at is not None


def test_run_scheduler_refuses_an_interval_below_one_second():
    with pytest.raises(CommandError):
        call_command("run_scheduler", "--interval", "0")
