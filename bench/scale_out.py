"""Scale-out on one machine: two web servers, two workers and two schedulers against one PostgreSQL database.

    .venv/bin/python bench/scale_out.py [--seconds 60] [--threads 8]     # or make bench BENCH_ARGS="--scale-out"

What it does (database ``bench_scaleout`` on 127.0.0.1:5432, user postgres, made anew each run; never the shared
database ``test``):

1. Generates scale data at ``--scale`` (default 0.1: a tenth of the pages' benchmark, 500 programmes) and books
   people for meetings of running programmes (their invitations are then due), so reminders, overdue notices
   and invitations are due.
2. Works out what is due first, in a transaction it rolls back: every scheduler job run once now, counting the
   outbox rows each would make (by the kind of key: reminder, overdue, invite, …). That is the expectation.
3. Starts two gunicorn servers (two ports), two ``db_worker`` and two ``run_scheduler --interval 5`` (each
   scheduler run logged per job; mails go to files, one per message, with their X-Outbox-Key header).
4. Spreads the load run over both servers (the advisor start page and a programme page, alternating with
   the floor), samples the web workers' memory, then waits for the outbox to drain.
5. Checks: no errors; the outbox rows made per kind equal the expectation; every row sent; every sent row's key
   in exactly one mail file (sent exactly once, by either worker); each job's runs at least its period apart
   (no job ran twice in a period although two schedulers tick every 5 s).
6. The restore drill on the full scale data (``bench_scale``, which `make bench BENCH_ARGS=--postgres` builds):
   pg_dump -Fc and pg_restore -j 2 into ``bench_restore``, timed, with row counts compared.

Writes bench/results/scale-out.json and prints a summary.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import email
import email.policy
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER = "postgres://postgres@127.0.0.1:5432"
SOURCE, TARGET, RESTORE = "bench_scale", "bench_scaleout", "bench_restore"
INTERVAL = 5  # seconds between the schedulers' ticks (production: 60)
BOOKINGS = 60  # people booked for meetings during the run: their invitations are due


def _psql(sql: str, database: str = "postgres") -> str:
    """Run one statement with psql (the names in it are this module's constants, never input)."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-Atc", sql],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def _fresh_database(scale: float) -> float:
    """A new ``bench_scaleout`` with scale data at ``scale`` (0.1: a tenth of the pages' benchmark data, so the
    mails due at its first tick are a few hundred, not the tens of thousands ten years of national volume give)."""
    if TARGET in {"test", "postgres", "root"}:
        raise SystemExit(f"Refusing to use the shared database {TARGET!r}")
    started = time.perf_counter()
    _psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{TARGET}'")  # noqa: S608
    _psql(f"DROP DATABASE IF EXISTS {TARGET}")
    _psql(f"CREATE DATABASE {TARGET}")
    return time.perf_counter() - started


def _generate(scale: float) -> float:
    from django.core.management import call_command
    from django.db import connection

    from advisory.demo.scale import scale_data_generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference_data", verbosity=0, skip_checks=True)
    scale_data_generate(scale=scale, log=lambda line: None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _book_people(count: int) -> list[int]:
    """Book coordinators for the next joint meetings of running programmes (through the service, as the page
    does): each booking makes its invitation mail due. Returns the bookings' ids."""
    from django.utils import timezone

    from advisory.organisations.models import Membership
    from advisory.programmes import services
    from advisory.programmes.models import Activity, ActivityScope, MeetingParticipant, ProgrammeStatus

    today = timezone.localdate()
    booked: list[int] = []
    meetings = (
        Activity.objects.filter(
            programme__status=ProgrammeStatus.RUNNING,
            scope=ActivityScope.SHARED,
            starts_on__gt=today,
            done_at__isnull=True,
        )
        .exclude(format="milestone")
        .select_related("programme")
        .order_by("starts_on", "pk")
    )
    for activity in meetings.iterator():
        organisations = activity.programme.participations.values_list("organisation_id", flat=True)
        for membership in Membership.objects.filter(organisation_id__in=organisations).select_related(
            "user", "organisation"
        ):
            if MeetingParticipant.objects.filter(activity=activity, user=membership.user).exists():
                continue
            participant = services.meeting_book(
                activity=activity, user=membership.user, organisation=membership.organisation
            )
            booked.append(participant.pk)
            break
        if len(booked) >= count:
            break
    return booked


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


def _expected_mails(now: datetime.datetime) -> dict[str, int]:
    """Every job run once at ``now`` in a transaction that is rolled back: the outbox rows each kind would get."""
    from django.db import transaction

    from advisory.notifications import scheduler
    from advisory.notifications.models import OutboxMessage

    class Rollback(Exception):
        pass

    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            before = set(OutboxMessage.objects.values_list("pk", flat=True))
            for job in scheduler.registered_jobs():
                if job.name != "outbox_retry":
                    job.func(now)
            made = OutboxMessage.objects.exclude(pk__in=before).values_list("idempotency_key", flat=True)
            counts = dict(collections.Counter(_kind(key) for key in made))
            raise Rollback
    except Rollback:
        pass
    return counts


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603


def _mail_keys(directory: Path) -> collections.Counter[str]:
    """X-Outbox-Key of every mail the workers wrote (the file backend writes each message whole, a line of 79
    dashes after each; a long key is folded over two header lines, so the messages are parsed)."""
    keys: collections.Counter[str] = collections.Counter()
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in directory.rglob("*.log"):
        for part in path.read_bytes().split(separator):
            if part.strip():
                key = email.message_from_bytes(part, policy=email.policy.default)["X-Outbox-Key"]
                if key:
                    keys[str(key).strip()] += 1
    return keys


def _job_runs(log: Path) -> dict[str, Any]:
    """Per job: runs, by which schedulers, and the shortest time between two runs against the job's period."""
    runs: dict[str, list[tuple[datetime.datetime, float, str]]] = collections.defaultdict(list)
    for line in log.read_text().splitlines():
        name, at, every, pid = line.split("\t")[:4]
        runs[name].append((datetime.datetime.fromisoformat(at), float(every), pid))
    report = {}
    for name, items in sorted(runs.items()):
        items.sort()
        gaps = [(b[0] - a[0]).total_seconds() for a, b in itertools.pairwise(items)]
        every = items[0][1]
        report[name] = {
            "runs": len(items),
            "period_s": every,
            "schedulers": len({pid for _at, _every, pid in items}),
            "shortest_gap_s": round(min(gaps), 1) if gaps else None,
            "once_per_period": all(gap >= every - 5 for gap in gaps),
        }
    return report


def _restore_drill(work: Path) -> dict[str, Any]:
    dump = work / "scale.dump"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", str(dump), SOURCE],  # noqa: S607
        check=True,
    )
    dumped = time.perf_counter() - started
    _psql(f"DROP DATABASE IF EXISTS {RESTORE}")
    _psql(f"CREATE DATABASE {RESTORE}")
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        ["pg_restore", "-h", "127.0.0.1", "-U", "postgres", "-d", RESTORE, "--no-owner", "-j", "2", str(dump)],  # noqa: S607
        check=True,
    )
    restored = time.perf_counter() - started
    tables = [
        "programmes_activity",
        "programmes_programme",
        "programmes_meetingparticipant",
        "notifications_outboxmessage",
    ]
    count = "SELECT count(*) FROM {}"  # the table names above
    counts = {t: (_psql(count.format(t), SOURCE), _psql(count.format(t), RESTORE)) for t in tables}
    result = {
        "dump_mb": round(dump.stat().st_size / 1e6, 1),
        "pg_dump_s": round(dumped, 1),
        "pg_restore_s": round(restored, 1),
        "row_counts_equal": all(a == b for a, b in counts.values()),
        "row_counts": {t: int(a) for t, (a, _b) in counts.items()},
    }
    _psql(f"DROP DATABASE IF EXISTS {RESTORE}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="length of the load run (default 60)")
    parser.add_argument("--threads", type=int, default=8, help="load generator threads (default 8)")
    parser.add_argument("--drain", type=int, default=180, help="seconds to wait for the outbox to drain (default 180)")
    parser.add_argument("--no-restore", action="store_true", help="skip the pg_dump/pg_restore drill")
    parser.add_argument("--scale", type=float, default=0.1, help="scale of the run's data (default 0.1)")
    parser.add_argument("--fresh", action="store_true", help=f"make {TARGET} anew (else its scale data is reused)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="scale-out-"))
    mail_dir, job_log = work / "mail", work / "jobs.log"
    mail_dir.mkdir()
    job_log.touch()
    url = f"{SERVER}/{TARGET}"
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{TARGET}'") == "1"  # noqa: S608 - constant
    if args.fresh or not exists:
        print(f"A new {TARGET} with scale data at {args.scale:g} ...")
        _fresh_database(args.scale)
    os.environ.update(
        {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_MAIL_DIR": str(mail_dir)}
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from advisory.accounts.models import User
    from advisory.demo.scale import MARKER_EMAIL
    from advisory.notifications.models import OutboxMessage, OutboxStatus, ScheduledJob
    from bench import bench_pages

    copy_seconds = 0.0
    migrated = User._meta.db_table in connection.introspection.table_names()  # a new database has no tables
    if not migrated or not User.objects.filter(email=MARKER_EMAIL).exists():
        copy_seconds = _generate(args.scale)
    # A run starts clean: no mails, no queued tasks, every job due now (a run before left them an hour ahead).
    OutboxMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()
    ScheduledJob.objects.all().delete()
    print(f"Scale data ready ({copy_seconds:.1f} s to generate); booking {BOOKINGS} people for coming meetings ...")
    booked = _book_people(BOOKINGS)
    invitations_now = OutboxMessage.objects.count()
    now = timezone.now()
    print("Working out what the schedulers will find due (a rolled-back run of every job) ...")
    started = time.perf_counter()
    expected = _expected_mails(now)
    expected["invite"] = expected.get("invite", 0) + invitations_now
    print(f"  expected mails by kind: {expected} ({time.perf_counter() - started:.1f} s)")

    subjects = bench_pages._subjects()
    pages = bench_pages._pages(subjects)
    client = Client()
    client.force_login(subjects["advisor"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    connection.close()

    env = {**os.environ, "BENCH_JOB_LOG": str(job_log)}
    python = str(ROOT / ".venv" / "bin" / "python")
    ports = [bench_pages._free_port(), bench_pages._free_port()]
    processes: dict[str, subprocess.Popen[bytes]] = {}
    for n, port in enumerate(ports, 1):
        processes[f"web{n}"] = bench_pages._start_gunicorn(url, port, workers=2, extra_env=env)
    for n in (1, 2):
        # Each process writes its mails in its own directory (the file backend names files by the second and an
        # object id, which two processes can share, and appends).
        for name, command in (
            (f"worker{n}", [python, "manage.py", "db_worker", "--queue-name", "*"]),
            (f"scheduler{n}", [python, "bench/scheduler_logged.py", str(INTERVAL)]),
        ):
            (mail_dir / name).mkdir()
            processes[name] = _start(command, {**env, "BENCH_MAIL_DIR": str(mail_dir / name)}, work / f"{name}.log")
    try:
        for port in ports:
            bench_pages._wait_for(port)
        by_name = {p["name"]: p["path"] for p in pages}
        targets = [by_name["advisor start page"], by_name["programme detail"]]
        masters = [processes["web1"].pid, processes["web2"].pid]
        print(f"Load run: {args.seconds} s over ports {ports} ({args.threads} threads), alternating with the floor")
        load = bench_pages.load_against(
            ports, masters, targets, by_name["floor (trivial template)"], cookie, args.seconds, args.threads
        )
        print("Waiting for the outbox to drain ...")
        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline:
            pending = OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count()
            if pending == 0 and time.monotonic() > deadline - args.drain + INTERVAL * 2:
                break
            time.sleep(2)
        connection.close()
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=60)

    made = collections.Counter(_kind(k) for k in OutboxMessage.objects.values_list("idempotency_key", flat=True))
    statuses = collections.Counter(OutboxMessage.objects.values_list("status", flat=True))
    sent_keys = set(OutboxMessage.objects.filter(status=OutboxStatus.SENT).values_list("idempotency_key", flat=True))
    mailed = _mail_keys(mail_dir)
    twice = {k: n for k, n in mailed.items() if n > 1}
    jobs = _job_runs(job_log)
    mails = {
        "expected_by_kind": expected,
        "made_by_kind": dict(made),
        "statuses": dict(statuses),
        "mail_files_messages": sum(mailed.values()),
        "sent_rows": len(sent_keys),
        "sent_twice": len(twice),
        "sent_rows_without_mail": len({k[:200] for k in sent_keys} - set(mailed)),
        "made_as_expected": all(made.get(kind, 0) >= n for kind, n in expected.items()),
        "all_sent_exactly_once": statuses.get(OutboxStatus.SENT, 0) == sum(made.values())
        and not twice
        and set(mailed) == {k[:200] for k in sent_keys},
    }
    restore = None if args.no_restore else _restore_drill(work)
    report = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "processes": "2 gunicorn (2 sync workers each), 2 db_worker, 2 run_scheduler --interval 5",
        "database": url,
        "bookings": len(booked),
        "load": load,
        "mails": mails,
        "jobs": jobs,
        "restore": restore,
        "work_dir": str(work),
    }
    out = ROOT / "bench" / "results" / "scale-out.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    p, f, m = load["pages"], load["floor"], load["memory"]
    print(
        f"Load over two servers: {p['throughput_rps']} req/s (median {p['median_ms']} ms, p95 {p['p95_ms']} ms, "
        f"{p['errors']} errors of {p['requests']}); floor {f['throughput_rps']} req/s ({f['errors']} errors); "
        f"ratio {p['ratio_to_floor']}; web worker memory peak {m.get('peak_worker_rss_mb')} MB, "
        f"{m.get('mean_worker_rss_mb_early')} -> {m.get('mean_worker_rss_mb_late')} MB"
    )
    print(f"Mails: expected {expected}, made {dict(made)}, statuses {dict(statuses)}")
    print(
        f"  {mails['mail_files_messages']} mails written for {mails['sent_rows']} sent rows; sent twice: "
        f"{mails['sent_twice']}; exactly once: {mails['all_sent_exactly_once']}"
    )
    for name, job in jobs.items():
        print(
            f"  job {name}: {job['runs']} runs by {job['schedulers']} schedulers, period {job['period_s']:.0f} s, "
            f"shortest gap {job['shortest_gap_s']} s, once per period: {job['once_per_period']}"
        )
    if restore:
        print(
            f"Restore drill: pg_dump -Fc {restore['pg_dump_s']} s ({restore['dump_mb']} MB), pg_restore -j 2 "
            f"{restore['pg_restore_s']} s, row counts equal: {restore['row_counts_equal']}"
        )
    print(f"Written to {out.relative_to(ROOT)}; logs and mails in {work}")
    ok = (
        not p["errors"]
        and not f["errors"]
        and mails["all_sent_exactly_once"]
        and mails["made_as_expected"]
        and all(job["once_per_period"] for job in jobs.values())
        and (restore is None or restore["row_counts_equal"])
    )
    if ok:
        shutil.rmtree(work / "mail", ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
