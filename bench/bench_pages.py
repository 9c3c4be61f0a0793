"""Benchmark of the key pages at scale: server time, queries, the floor, the engine, memory, and a load run.

    .venv/bin/python bench/bench_pages.py                  # SQLite file var/bench.sqlite3 (built once, reused)
    .venv/bin/python bench/bench_pages.py --postgres       # PostgreSQL database bench_scale on 127.0.0.1:5432
    .venv/bin/python bench/bench_pages.py --load 60        # plus 60 s under gunicorn (2 workers)
    BENCH_DATABASE_URL=postgres://... bench/bench_pages.py # any other database

Server time is measured in-process with Django's test Client (the whole middleware stack, request to
rendered response, DEBUG off via bench/settings.py), median and p95 over --requests requests per page
after a warm-up. The floor is a minimal view rendering a trivial template through the same stack
(bench/urls.py; the product has no such URL); every figure is also given as a ratio to it.
Prints a table and writes bench/results/pages-<database>.json (and engine.json from bench_engine.py).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_scale"
TARGET_MS = 50.0
FEED_TARGET_MS = 100.0


def _database_url(args: argparse.Namespace) -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    if args.postgres:
        return POSTGRES_URL
    return f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def _ensure_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    if name in {"test", "postgres", "root"}:
        raise SystemExit(f"Refusing to benchmark in the shared database {name!r}; use e.g. bench_scale.")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, generate the scale data unless it is already there, and have the planner's statistics fresh."""
    from django.core.management import call_command

    from advisory.accounts.models import User
    from advisory.demo.scale import MARKER_EMAIL, scale_data_generate

    call_command("migrate", verbosity=0, skip_checks=True)
    if User.objects.filter(email=MARKER_EMAIL).exists():
        print("Scale data: reusing what is in the database.")
        prepared: dict[str, Any] = {"generated": False}
    else:
        call_command("load_reference_data", verbosity=0, skip_checks=True)
        print(f"Scale data: generating (scale {args.scale:g}) ...")
        result = scale_data_generate(scale=args.scale, log=lambda line: print(line))
        print(f"Scale data generated in {result.seconds:.1f} s")
        prepared = {"generated": True, "seconds": result.seconds, "timings": result.timings}
    _analyze()
    return prepared


def _analyze() -> None:
    """PostgreSQL: ANALYZE. Bulk-loaded tables have no planner statistics until autovacuum comes by (a live
    database has them), and the planner then takes 100,000 rows for a few (a sequential scan for a feed).
    SQLite keeps no statistics unless told to, in production too, so it is measured as it is."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Planner statistics refreshed (ANALYZE) in {time.perf_counter() - started:.1f} s")


def _subjects() -> dict[str, Any]:
    """The people and records the pages are measured on: the heavy cases, chosen from the data."""
    from django.db.models import Count

    from advisory.accounts.models import Role, User
    from advisory.organisations.models import Membership, Region
    from advisory.programmes.models import Activity, Programme, ProgrammeOrganisation, ProgrammeStatus

    advised = Counter(Programme.advisors.through.objects.values_list("user_id", flat=True))
    advisor = User.objects.filter(role=Role.ADVISOR, pk__in=advised).order_by("pk")
    advisor = max(advisor, key=lambda u: advised[u.pk])
    per_programme = Counter(Activity.objects.values_list("programme_id", flat=True))
    programmes_of_org: dict[int, set[int]] = {}
    for programme_id, organisation_id in ProgrammeOrganisation.objects.values_list("programme_id", "organisation_id"):
        programmes_of_org.setdefault(organisation_id, set()).add(programme_id)
    programmes_of_user: dict[int, set[int]] = {}
    for user_id, organisation_id in Membership.objects.values_list("user_id", "organisation_id"):
        programmes_of_user.setdefault(user_id, set()).update(programmes_of_org.get(organisation_id, ()))
    for user_id, programme_id in Programme.advisors.through.objects.values_list("user_id", "programme_id"):
        programmes_of_user.setdefault(user_id, set()).add(programme_id)
    activities_of = {u: sum(per_programme[p] for p in ps) for u, ps in programmes_of_user.items()}
    coordinators = User.objects.filter(role=Role.COORDINATOR, pk__in=programmes_of_user)
    coordinator = max(coordinators, key=lambda u: (len(programmes_of_user[u.pk]), -u.pk))
    feed_person_id = min(activities_of, key=lambda u: (abs(activities_of[u] - 1000), u))
    programme = (
        Programme.objects.filter(kind="group", status=ProgrammeStatus.RUNNING)
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    meeting = programme.activities.filter(template_key="reflection_meeting").order_by("starts_on").first()
    return {
        "advisor": advisor,
        "advisor_programmes": advised[advisor.pk],
        "coordinator": coordinator,
        "coordinator_programmes": len(programmes_of_user[coordinator.pk]),
        "feed_person": User.objects.get(pk=feed_person_id),
        "feed_person_activities": activities_of[feed_person_id],
        "programme": programme,
        "meeting": meeting,
        "region": Region.objects.order_by("code").first(),
        "template_version_id": programme.template_version_id,
        "programme_pages": (Programme.objects.count() + 24) // 25,
    }


def _pages(subjects: dict[str, Any]) -> list[dict[str, Any]]:
    from advisory.notifications.calendar_feeds import feed_path
    from advisory.notifications.models import CalendarFeedToken, FeedKind
    from advisory.notifications.services import feed_token_issue

    person = subjects["feed_person"]
    token = CalendarFeedToken.objects.active().filter(owner=person, kind=FeedKind.PERSON).first()
    token = token or feed_token_issue(owner=person, kind=FeedKind.PERSON)
    programme, meeting = subjects["programme"], subjects["meeting"]
    late_page = max(subjects["programme_pages"] - 10, 1)
    preview = {"template_version_id": subjects["template_version_id"], "anchors": {"acceptance": "2027-03-01"}}
    return [
        {"name": "floor (trivial template)", "who": "advisor", "path": "/bench/floor/"},
        {"name": "advisor start page", "who": "advisor", "path": "/"},
        {"name": "programme list, page 1", "who": "advisor", "path": "/forloeb/"},
        {"name": f"programme list, page {late_page}", "who": "advisor", "path": f"/forloeb/?side={late_page}"},
        {"name": "programme detail", "who": "advisor", "path": f"/forloeb/{programme.pk}/"},
        {"name": "coordinator start page", "who": "coordinator", "path": "/"},
        {"name": "meeting page", "who": "advisor", "path": f"/forloeb/{programme.pk}/aktiviteter/{meeting.key}/"},
        {
            "name": "organisation list, filtered",
            "who": "advisor",
            "path": f"/organisationer/?kind=shelter&region={subjects['region'].pk}",
        },
        {"name": "plan preview (API)", "who": "advisor", "path": "/api/plans/preview", "json": preview},
        # Built for every request (the cache emptied before each), and served from the cache (unchanged data).
        {"name": "calendar feed, built", "who": None, "path": feed_path(token), "feed": True, "uncached": True},
        {"name": "calendar feed, cached", "who": None, "path": feed_path(token), "feed": True},
        {"name": "API programme list", "who": "advisor", "path": "/api/programmes?limit=50"},
    ]


def _request(client: Any, page: dict[str, Any]) -> Any:
    if "json" in page:
        return client.post(page["path"], data=page["json"], content_type="application/json")
    return client.get(page["path"])


def _measure(clients: dict[Any, Any], page: dict[str, Any], runs: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection

    client = clients[page["who"]]

    def forget() -> None:
        if page.get("uncached"):
            cache.clear()

    for _ in range(10):
        forget()
        response = _request(client, page)
    if response.status_code != 200:
        raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
    captured: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper, not CaptureQueriesContext: request_started empties connection.queries.
    forget()
    with connection.execute_wrapper(count):
        response = _request(client, page)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    samples = []
    for _ in range(runs):
        forget()
        started = time.perf_counter()
        response = _request(client, page)
        if response.streaming:
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
    samples.sort()
    row = {
        "page": page["name"],
        "path": page["path"] if not page.get("feed") else "/kalender/person/<token>.ics",
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(int(len(samples) * 0.95) - 1, 0)], 2),
        "max_ms": round(samples[-1], 2),
        "requests": runs,
        "queries": len(captured),
        "bytes": len(body),
    }
    if page.get("feed"):
        row["events"] = body.count(b"BEGIN:VEVENT")
    return row


# --- load run under gunicorn ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _hammer(port: int, paths: list[str], cookie: str, seconds: float, threads: int) -> dict[str, Any]:
    """Threads send GETs on fresh connections (gunicorn's sync workers close each one) for `seconds`."""
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: Counter[str] = Counter()

    def worker(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
                error = f"HTTP {response.status}"
            except OSError as exc:
                ok, error = False, type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[error] += 1

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "paths": paths,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[max(int(len(latencies) * 0.95) - 1, 0)], 1) if latencies else None,
    }


def _load_run(seconds: int, threads: int, cookie: str, pages: list[dict[str, Any]], url: str) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [*gunicorn, "--log-level", "warning", "config.wsgi:application"], cwd=ROOT, env=env
    )
    try:
        _wait_for(port)
        by_name = {p["name"]: p["path"] for p in pages}
        targets = [by_name["advisor start page"], by_name["programme detail"]]
        floor_seconds = max(seconds // 3, 10)
        print(f"Load run: {seconds} s against {targets}, then {floor_seconds} s against the floor ({threads} threads)")
        main = _hammer(port, targets, cookie, seconds, threads)
        floor = _hammer(port, [by_name["floor (trivial template)"]], cookie, floor_seconds, threads)
    finally:
        process.terminate()
        process.wait(timeout=30)
    main["ratio_to_floor"] = round(main["throughput_rps"] / floor["throughput_rps"], 2) if floor["requests"] else None
    return {"workers": 2, "threads": threads, "pages": main, "floor": floor}


# --- report ----------------------------------------------------------------------------------------------


def _print_table(rows: list[dict[str, Any]], floor: dict[str, Any]) -> None:
    print(f"{'page':<30} {'median ms':>9} {'p95 ms':>7} {'x floor':>7} {'queries':>7} {'target':>7}  met  note")
    for row in rows:
        note = f"{row['events']} events" if "events" in row else ""
        target = row.get("target_ms")
        met = "" if target is None else ("yes" if row["met"] else "NO")
        print(
            f"{row['page']:<30} {row['median_ms']:>9.2f} {row['p95_ms']:>7.2f} {row['p95_ratio_to_floor']:>7.1f} "
            f"{row['queries']:>7} {target or '':>7}  {met:<3}  {note}"
        )
    print(f"(floor: median {floor['median_ms']:.2f} ms, p95 {floor['p95_ms']:.2f} ms; x floor = p95 / floor p95)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--scale", type=float, default=1.0, help="scale of generated data (default 1.0)")
    parser.add_argument("--load", type=int, default=0, metavar="SECONDS", help="also a gunicorn load run")
    parser.add_argument("--threads", type=int, default=8, help="load generator threads (default 8)")
    parser.add_argument("--no-engine", action="store_true", help="skip the planning engine's benchmark")
    parser.add_argument("--only", default="", help="only the pages whose name contains this (and the floor)")
    args = parser.parse_args()

    url = _database_url(args)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if url.startswith("postgres"):
        _ensure_postgres_database(url)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    vendor = connection.vendor
    prepared = _prepare(args)
    subjects = _subjects()
    all_pages = _pages(subjects)
    pages = [p for p in all_pages if p["path"] == "/bench/floor/" or args.only in p["name"]]
    clients: dict[Any, Any] = {None: Client()}
    for who in ("advisor", "coordinator"):
        clients[who] = Client()
        clients[who].force_login(subjects[who])

    print(
        f"Pages on {vendor} ({args.requests} requests each): advisor with {subjects['advisor_programmes']} "
        f"programmes, coordinator with {subjects['coordinator_programmes']}, feed person with "
        f"{subjects['feed_person_activities']} activities in their programmes"
    )
    load_before = os.getloadavg()
    rows = [_measure(clients, page, args.requests) for page in pages]
    load_after = os.getloadavg()
    print(f"Machine load (1/5/15 min) before: {load_before}, after: {load_after}")
    floor = rows[0]
    for row in rows:
        row["median_ratio_to_floor"] = round(row["median_ms"] / floor["median_ms"], 1)
        row["p95_ratio_to_floor"] = round(row["p95_ms"] / floor["p95_ms"], 1)
        if row is not floor:
            row["target_ms"] = FEED_TARGET_MS if "events" in row else TARGET_MS
            row["met"] = row["p95_ms"] <= row["target_ms"]
    _print_table(rows, floor)

    engine: list[dict[str, Any]] = []
    if not args.no_engine:
        from bench import bench_engine

        print()
        bench_engine.main()
        engine = json.loads((RESULTS / "engine.json").read_text())["engine"]

    load = None
    if args.load:
        session_cookie = f"sessionid={clients['advisor'].cookies['sessionid'].value}"
        load = _load_run(args.load, args.threads, session_cookie, all_pages, url)
        p, f = load["pages"], load["floor"]
        print(
            f"Load (gunicorn, 2 workers, {args.threads} threads): start + programme page {p['throughput_rps']} req/s "
            f"(median {p['median_ms']} ms, p95 {p['p95_ms']} ms, {p['errors']} errors of {p['requests']}); "
            f"floor {f['throughput_rps']} req/s ({f['errors']} errors); ratio {p['ratio_to_floor']}"
        )

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of the benchmark process: {peak_mb:.0f} MB")
    report = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": vendor,
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
        "data": prepared
        | {
            "advisor_programmes": subjects["advisor_programmes"],
            "coordinator_programmes": subjects["coordinator_programmes"],
            "feed_person_activities": subjects["feed_person_activities"],
        },
        "pages": rows,
        "engine": engine,
        "load": load,
        "peak_memory_mb": round(peak_mb, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pages-{vendor}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"Written to {out.relative_to(ROOT)}")
    missed = [row["page"] for row in rows if row.get("met") is False]
    if load and (load["pages"]["errors"] or load["floor"]["errors"]):
        missed.append("load run errors")
    if missed:
        print("Targets missed: " + ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
