"""Where a page's time goes: SQL, template rendering, the rest (view code, middleware), and a cProfile listing.

    .venv/bin/python bench/profile_page.py "programme detail"            # SQLite var/bench.sqlite3
    .venv/bin/python bench/profile_page.py --postgres "meeting page" -n 50
    .venv/bin/python bench/profile_page.py "programme detail" --sort tottime --top 40

Uses the benchmark's data and subjects (bench/bench_pages.py builds them; run `make bench` once first). The
split is measured without the profiler (its overhead inflates Python code, not SQL): SQL time with an execute
wrapper, template time by timing django.template.base.Template.render (the outermost call only), the rest is
view code and middleware. CPU time (process time) is given beside wall time: on a shared machine it is the
steadier of the two.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="a part of the page's name in bench_pages.py (e.g. 'programme detail')")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("-n", type=int, default=100, help="requests (default 100)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (default cumulative)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--queries", action="store_true", help="print the SQL of one request")
    args = parser.parse_args()

    from bench import bench_pages

    url = bench_pages._database_url(argparse.Namespace(postgres=args.postgres))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.template import base as template_base
    from django.test import Client

    subjects = bench_pages._subjects()
    pages = [p for p in bench_pages._pages(subjects) if args.page in p["name"]]
    if not pages:
        raise SystemExit(f"No page named like {args.page!r}")
    page = pages[0]
    client = Client()
    if page["who"]:
        client.force_login(subjects[page["who"]])

    def request() -> Any:
        if page.get("uncached"):
            cache.clear()
        response = bench_pages._request(client, page)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, response.status_code
        return response

    for _ in range(10):
        request()

    sql_seconds = 0.0
    sql: list[str] = []
    depth = 0
    template_seconds = 0.0
    original_render = template_base.Template.render

    def timed_execute(execute: Any, statement: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal sql_seconds
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql_seconds += time.perf_counter() - started
            sql.append(statement)

    def timed_render(self: Any, context: Any) -> Any:
        nonlocal depth, template_seconds
        depth += 1
        started = time.perf_counter()
        try:
            return original_render(self, context)
        finally:
            depth -= 1
            if depth == 0:
                template_seconds += time.perf_counter() - started

    template_base.Template.render = timed_render  # type: ignore[method-assign]
    walls, cpus = [], []
    try:
        with connection.execute_wrapper(timed_execute):
            for _ in range(args.n):
                wall, cpu = time.perf_counter(), time.process_time()
                request()
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
    finally:
        template_base.Template.render = original_render  # type: ignore[method-assign]
    total = sum(walls) / 1000
    sql_ms = sql_seconds * 1000 / args.n
    template_ms = template_seconds * 1000 / args.n  # includes SQL run lazily from templates
    print(f"{page['name']} ({page['path']}), {args.n} requests on {connection.vendor}, load {os.getloadavg()}")
    print(f"  wall median {statistics.median(walls):.2f} ms, CPU median {statistics.median(cpus):.2f} ms")
    print(f"  queries per request {len(sql) / args.n:.1f}; SQL {sql_ms:.2f} ms per request ({sql_seconds / total:.0%})")
    print(f"  template rendering (outermost render, SQL from templates included) {template_ms:.2f} ms per request")
    if args.queries:
        for statement in sql[: len(sql) // args.n]:
            print("   ", statement[:300])

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        request()
    profiler.disable()
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
