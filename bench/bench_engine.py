"""Benchmark of the planning engine: generate + validate a group and a taskforce plan, and reflow.

Run with `make bench`. Pure Python, no database: it measures the engine itself on one core.
Targets (issue #3): generation and validation under 5 ms, reflow under 20 ms.
Prints a table and writes bench/results/engine.json.
"""

from __future__ import annotations

import datetime
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisory.programmes.scheduling import generate_plan, reflow, soft_period_warnings, validate_plan
from advisory.programmes.template_data import builtin_template, template_from_dict

RESULTS = Path(__file__).resolve().parent / "results" / "engine.json"
TARGETS_MS = {"generate+validate": 5.0, "+year warnings": 5.0, "reflow": 20.0}


def measure(func: Callable[[int], object], runs: int = 400) -> dict[str, float]:
    for i in range(20):  # warm the caches (holidays per year) the way a running server has them warm
        func(i)
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        func(i)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "max_ms": round(samples[-1], 3),
        "runs": runs,
    }


def main() -> int:
    group = template_from_dict(builtin_template("group"))
    taskforce = template_from_dict(builtin_template("taskforce"))
    base = datetime.date(2027, 1, 4)

    def day(i: int) -> datetime.date:
        return base + datetime.timedelta(days=i % 3650)

    group_plan = generate_plan(group, {"acceptance": base}, {"reflection_meetings": 3})
    taskforce_plan = generate_plan(taskforce, {"start": base})
    group_kickoff = group_plan.by_key()["kickoff"].start
    taskforce_kickoff = taskforce_plan.by_key()["kickoff"].start

    cases = {
        ("group", "generate+validate"): lambda i: validate_plan(
            group, generate_plan(group, {"acceptance": day(i)}, {"reflection_meetings": 3})
        ),
        # The plan page's whole check: broken rules and the joint meetings in the year's soft closed periods.
        ("group", "+year warnings"): lambda i: (
            soft_period_warnings(
                group, plan := generate_plan(group, {"acceptance": day(i)}, {"reflection_meetings": 3})
            ),
            validate_plan(group, plan),
        ),
        ("taskforce", "generate+validate"): lambda i: validate_plan(
            taskforce, generate_plan(taskforce, {"start": day(i)})
        ),
        ("group", "reflow"): lambda i: reflow(
            group, group_plan, {"kickoff": group_kickoff + datetime.timedelta(days=7 + i % 21)}
        ),
        ("taskforce", "reflow"): lambda i: reflow(
            taskforce, taskforce_plan, {"kickoff": taskforce_kickoff + datetime.timedelta(days=7 + i % 21)}
        ),
    }
    rows = []
    for (kind, operation), func in cases.items():
        figures = measure(func)
        target = TARGETS_MS[operation]
        rows.append(
            {"plan": kind, "operation": operation, **figures, "target_ms": target, "met": figures["p95_ms"] < target}
        )

    print(f"Planning engine on {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{'plan':<10} {'operation':<18} {'median ms':>10} {'p95 ms':>8} {'target':>8}  met")
    for row in rows:
        print(
            f"{row['plan']:<10} {row['operation']:<18} {row['median_ms']:>10.3f} {row['p95_ms']:>8.3f} "
            f"{row['target_ms']:>8.1f}  {'yes' if row['met'] else 'NO'}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": {"python": platform.python_version(), "platform": platform.platform()},
                "engine": rows,
            },
            indent=2,
        )
    )
    print(f"Written to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
