"""``manage.py run_scheduler``: run the periodic jobs every ``--interval`` seconds, or ``--once`` (cron, systemd)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections, connection

from advisory.notifications import scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (retrying failed e-mails, reminders, digests) in a loop, or once with --once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=60, help="Seconds between ticks (default 60).")
        parser.add_argument("--once", action="store_true", help="Run one tick and exit (for cron or a systemd timer).")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"]
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        if options["once"]:
            self._tick()
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: Any) -> None:
            stop.set()  # finish the tick in progress, then leave

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        names = ", ".join(job.name for job in scheduler.registered_jobs())
        self.stdout.write(f"Scheduler: every {interval} s, jobs: {names}")
        while not stop.is_set():
            self._tick()
            stop.wait(interval)
        self.stdout.write("Scheduler stopped.")

    def _tick(self) -> None:
        _recycle_connections()
        try:
            outcomes = scheduler.run_tick()
        finally:
            _recycle_connections()
        for outcome in outcomes:
            if outcome.error:
                self.stderr.write(f"{outcome.name}: {outcome.error}")
            elif outcome.ran and outcome.result:
                self.stdout.write(f"{outcome.name}: {outcome.result}")


def _recycle_connections() -> None:
    """Drop stale connections between ticks of a long-running loop, as a request cycle would. Never inside
    a transaction (a caller's, or a test's): Django would close the connection the transaction is using."""
    if not connection.in_atomic_block:
        close_old_connections()
