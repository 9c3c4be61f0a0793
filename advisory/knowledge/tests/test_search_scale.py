"""The bank's search over many shared trial actions of 250 words each (every one matching the words searched): in
the suite over 300 of them (what is found is checked), and as the measurement with 5,000 –
KNOWLEDGE_BENCH=1 pytest -s advisory/knowledge/tests/test_search_scale.py, with DATABASE_URL=postgres://… for
PostgreSQL. The README's section on the knowledge bank gives the figures."""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils import timezone

from advisory.knowledge import selectors
from advisory.knowledge.models import SharedTrialAction
from advisory.knowledge.search import SEARCH_CONFIG
from advisory.programmes.models import TrialAction

WORDS = (
    "bolig",
    "bostøtte",
    "herberg",
    "overlevering",
    "boligselskab",
    "netværk",
    "møde",
    "borger",
    "indflytning",
    "støtte",
    "kommune",
    "plan",
    "CTI",
    "ICM",
    "ACT",
    "udskrivning",
    "hospital",
    "kriminalforsorg",
    "unge",
    "samarbejde",
)
ROWS = 5000 if os.environ.get("KNOWLEDGE_BENCH") else 300


def test_the_search_reads_the_stored_vector_on_postgresql(coordinator: Any) -> None:
    sql = str(selectors.bank_search(coordinator, q="bolig").query)
    if connection.vendor == "postgresql":
        assert '"search_vector" @@' in sql and "to_tsvector" not in sql
    else:
        assert "LIKE" in sql


def test_the_search_finds_every_matching_row_and_pages_them(group: Any, coordinator: Any, municipality: Any) -> None:
    rng = random.Random(1)
    period = {"starts_on": datetime.date(2027, 3, 1), "ends_on": datetime.date(2027, 4, 1)}
    trial_actions = TrialAction.objects.bulk_create(
        TrialAction(programme=group, organisation=municipality, development_point=f"P {i}", plan="x", **period)
        for i in range(ROWS)
    )
    now = timezone.now()
    rows = []
    for i, trial_action in enumerate(trial_actions):
        text = " ".join(rng.choice(WORDS) for _ in range(250))
        rows.append(
            SharedTrialAction(
                trial_action=trial_action,
                prerequisite="support",
                theme="Tema",
                programme_kind="group",
                organisation_kind="municipality",
                title=f"P {i}",
                plan=text,
                search_document=text,
                shared_at=now,
                **period,
            )
        )
    SharedTrialAction.objects.bulk_create(rows)
    if connection.vendor == "postgresql":
        SharedTrialAction.objects.update(search_vector=SearchVector("search_document", config=SEARCH_CONFIG))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_sharedtrialaction")
    for q in ("", "overlevering", "boligselskab hospital", "kryptonit"):
        times = []
        for _ in range(7):
            start = time.perf_counter()
            found = selectors.bank_search(coordinator, q=q)
            count, page = found.count(), list(found[: selectors.PAGE_SIZE])
            times.append((time.perf_counter() - start) * 1000)
        print(f"{connection.vendor} q={q!r}: {count} found, a page of {len(page)}: {statistics.median(times):.0f} ms")
        expected = 0 if q == "kryptonit" else ROWS  # every text holds each searched word (250 draws of 20 words)
        assert count == expected and len(page) == min(expected, selectors.PAGE_SIZE)
