"""Periodic jobs, run by ``manage.py run_scheduler`` (in a loop, or once a minute from cron/systemd).

An app registers its jobs in its ``AppConfig.ready()``::

    from advisory.notifications.scheduler import register_job

    register_job("programme_reminders", reminders_send_due)                        # every tick
    register_job("advisor_digest", digests_send, every=datetime.timedelta(hours=1))

A job is ``func(now: datetime) -> int | None`` (how many things it did, for the log). Each tick runs
every job that is due; a job that fails is logged and does not stop the others. The scheduler claims
a job with one UPDATE on its ``ScheduledJob`` row before running it, so two schedulers (or cron
overlapping a slow tick) do not run one job twice in the same period. Jobs must still be
idempotent: they make their mails through ``outbox_enqueue`` with a key per reminder and offset
("reminder:<activity uid>:14:<person id>"), which the database keeps unique.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from advisory.notifications.models import ScheduledJob

logger = logging.getLogger(__name__)

JobFunc = Callable[[datetime.datetime], int | None]

DEFAULT_EVERY = datetime.timedelta(minutes=1)
# A job due within this much of now runs in this tick: cron starts a few hundred milliseconds late
# or early, and a job every minute should not skip a minute for it.
TOLERANCE = datetime.timedelta(seconds=5)


@dataclass(frozen=True)
class Job:
    name: str
    func: JobFunc
    every: datetime.timedelta


@dataclass(frozen=True)
class JobOutcome:
    name: str
    ran: bool
    result: int | None = None
    error: str = ""


_jobs: dict[str, Job] = {}


def register_job(
    name: str, func: JobFunc, *, every: datetime.timedelta = DEFAULT_EVERY, replace: bool = False
) -> JobFunc:
    """Run ``func(now)`` at most once per ``every`` (default: every tick of a minute)."""
    if name in _jobs and not replace:
        raise RuntimeError(f"A scheduler job named {name!r} is already registered.")
    if every <= datetime.timedelta(0):
        raise ValueError("A job's period must be positive.")
    _jobs[name] = Job(name=name, func=func, every=every)
    return func


def unregister_job(name: str) -> None:
    _jobs.pop(name, None)


def registered_jobs() -> list[Job]:
    return [_jobs[name] for name in sorted(_jobs)]


def _claim(job: Job, now: datetime.datetime) -> bool:
    ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    updated = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now + TOLERANCE).update(
        next_run_at=now + job.every, last_started_at=now
    )
    return updated == 1


def run_job(job: Job, now: datetime.datetime) -> JobOutcome:
    if not _claim(job, now):
        return JobOutcome(name=job.name, ran=False)
    try:
        result = job.func(now)
    except Exception as exc:
        logger.exception("Scheduler job %s failed", job.name)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        ScheduledJob.objects.filter(name=job.name).update(last_finished_at=timezone.now(), last_error=error)
        return JobOutcome(name=job.name, ran=True, error=error)
    ScheduledJob.objects.filter(name=job.name).update(last_finished_at=timezone.now(), last_error="")
    return JobOutcome(name=job.name, ran=True, result=result)


def run_tick(now: datetime.datetime | None = None) -> list[JobOutcome]:
    """One tick: every registered job that is due, in name order."""
    now = now or timezone.now()
    return [run_job(job, now) for job in registered_jobs()]
