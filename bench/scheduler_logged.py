"""``manage.py run_scheduler --interval N`` with every job run logged (job, tick time, period, process) to the file
in BENCH_JOB_LOG, so bench/scale_out.py can check that two schedulers ran each job once per period."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from advisory.notifications import scheduler

    log = Path(os.environ["BENCH_JOB_LOG"]).open("a", buffering=1)  # noqa: SIM115 - open for the process's life
    original = scheduler.run_job

    def run_job(job: Any, now: Any) -> Any:
        outcome = original(job, now)
        if outcome.ran:
            seconds = job.every.total_seconds()
            log.write(f"{job.name}\t{now.isoformat()}\t{seconds}\t{os.getpid()}\t{outcome.result}\t{outcome.error}\n")
        return outcome

    scheduler.run_job = run_job  # run_tick looks the name up at each call
    call_command("run_scheduler", interval=int(sys.argv[1]))


if __name__ == "__main__":
    main()
