"""Every operation of /api/openapi.json fuzzed against a live server, as an advisor and as a coordinator.

Schemathesis generates valid and invalid requests from the OpenAPI document (its examples, its coverage phase's
boundary values and its fuzzing phase) and sends them over HTTP to pytest-django's live server, which answers from
the test database with the permission matrix's world in it. Two thirds of the paths and half of the bodies name
real rows (tests/fuzz/conftest.py), so the requests get past the 404s and the first checks. The run fails on any
5xx and on any answer that breaks the document (its status code, content type or body), and prints each distinct
failure with a curl command that reproduces it and the server's traceback.

Bounded: a fixed seed, ``MAX_EXAMPLES`` per operation, a time cap per role (``TIME_CAP``; a slower machine
fuzzes less, but every operation is reached first: the examples and generated requests of every operation go
before the coverage phase's many boundary cases, which took about two thirds of a full run's requests), a timeout
per request, and at most 3 GiB more memory for the process (a request that asks for unbounded work fails with
MemoryError, reported as a 500). DELETE operations run last, so the world is not emptied under the others. Runs
in ``make test``; ``-m "not fuzz"`` leaves it out (the PostgreSQL pass of .ci/run does); ``make fuzz`` runs it
alone.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from typing import Any

import pytest
import requests
from django.core.servers.basehttp import WSGIRequestHandler
from hypothesis import strategies as st
from schemathesis.config import OutputConfig, SchemathesisConfig
from schemathesis.engine import events, from_schema
from schemathesis.engine.statistic import Statistic
from schemathesis.openapi import from_dict
from schemathesis.schemas import BaseSchema

from advisory.api.api import api
from tests.fuzz.conftest import POOLS, FuzzWorld
from tests.test_permission_matrix import TASKFORCE_PROGRAMME_TAGS

OPENAPI = "/api/openapi.json"
SEED = 20261203
# Per operation in the fuzzing phase (the coverage phase adds its own boundary cases), and seconds per role. A full
# run is about 6,000 requests and 140 s of one core per role, 2,000 of them and about 80 s the first pass (examples
# and fuzzing phase); in make test the two roles run side by side at the start, one per core, so the cap is what
# they add to its time. FUZZ_MAX_EXAMPLES and FUZZ_TIME_CAP run it longer by hand.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "15"))
TIME_CAP = float(os.environ.get("FUZZ_TIME_CAP", "100"))
REQUEST_TIMEOUT = 20.0  # seconds; a slower answer is reported (unbounded work)

# What the run checks: no 5xx; every answer's status code, content type and body are the ones the document declares
# for the operation. (Not the checks that judge the API's choices rather than its honesty, such as "accepts every
# valid body": many valid bodies are refused on purpose, by the forms behind the API.)
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)

# Operations left out of the run, "METHOD /api/path" -> why. None: every operation is fuzzed.
LEFT_OUT: dict[str, str] = {}


def config(base_url: str, token: str, phases: list[str]) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "color": False,
            "cache": {"enabled": False},
            "base-url": base_url,
            "headers": {"Authorization": f"Bearer {token}"},
            "workers": 1,  # the live server shares the test database's connection: one request at a time
            "request-timeout": REQUEST_TIMEOUT,
            "generation": {
                "mode": "all",  # valid and invalid requests
                "max-examples": MAX_EXAMPLES,
                "database": "none",  # nothing remembered between runs: the seed alone decides
                "with-security-parameters": False,  # the bearer token above, no made-up session cookies
            },
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "phases": {
                "examples": {"enabled": "examples" in phases},
                "fuzzing": {"enabled": "fuzzing" in phases},
                # Not sent: methods an address does not have (Django's 405, nothing of ours) and a query parameter
                # twice (Django reads the last); the time goes to the operations' own inputs instead.
                "coverage": {
                    "enabled": "coverage" in phases,
                    "unexpected-methods": [],
                    "generate-duplicate-query-parameters": False,
                },
                # The document has no links between operations; the world's rows stand in for them.
                "stateful": {"enabled": False},
            },
            "warnings": False,
        }
    )


def real_rows(world: FuzzWorld) -> Any:
    """A flatmap hook for the path parameters: a third of the paths as generated, a third with each parameter a
    real row's (drawn on its own), a third naming the permission matrix's record for the endpoint, whose ids belong
    together (the taskforce programme for the development and taskforce endpoints, as in the matrix)."""

    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> st.SearchStrategy:
        if not path_parameters:
            return st.just(path_parameters)
        drawn = {name: st.sampled_from(world.pools[name]) for name in path_parameters if world.pools.get(name)}
        if not drawn:
            return st.just(path_parameters)
        record = {name: world.matrix[name] for name in path_parameters if name in world.matrix}
        if "programme_id" in record and TASKFORCE_PROGRAMME_TAGS & set(context.operation.tags or ()):
            record["programme_id"] = world.world.taskforce.pk
        return st.one_of(
            st.just(path_parameters),
            st.fixed_dictionaries(drawn).map(lambda values: {**path_parameters, **values}),
            st.just({**path_parameters, **record}),
        )

    return flatmap_path_parameters


# Fields of request bodies that name rows -> the pool they draw from (tests/fuzz/conftest.py), and whether a list.
BODY_IDS: dict[str, tuple[str, bool]] = {
    "template_version_id": ("version_id", False),
    "organisation_id": ("organisation_id", False),
    "municipality_id": ("organisation_id", False),
    "organisation_ids": ("organisation_id", True),
    "user_id": ("person_id", False),
    "advisor_ids": ("person_id", True),
    "staff_ids": ("person_id", True),
    "decision_id": ("decision_id", False),
    "recommendation_id": ("recommendation_id", False),
    "season_id": ("season_id", False),
    "wished_season_id": ("season_id", False),
    "material_id": ("document_id", False),
    "document_ids": ("document_id", True),
    "registration_ids": ("registration_id", True),
    "activity_key": ("key", False),
}


def real_ids_in_bodies(world: FuzzWorld) -> Any:
    """A flatmap hook for the bodies: half of them as generated, half with the fields that name rows naming real ones
    (a programme with a real template version and real organisations gets past the first check)."""

    def flatmap_body(context: Any, body: Any) -> st.SearchStrategy:
        if not isinstance(body, dict):
            return st.just(body)
        drawn = {}
        for name in body.keys() & BODY_IDS.keys():
            pool, is_list = BODY_IDS[name]
            if world.pools.get(pool):
                one = st.sampled_from(world.pools[pool])
                drawn[name] = st.lists(one, min_size=1, max_size=3, unique=True) if is_list else one
        if not drawn:
            return st.just(body)
        return st.one_of(st.just(body), st.fixed_dictionaries(drawn).map(lambda values: {**body, **values}))

    return flatmap_body


def operations(document: dict[str, Any]) -> list[str]:
    return [
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method in methods
        if method in {"get", "put", "post", "patch", "delete"}
    ]


class Run:
    """What the engine reported for one role: failures, errors, requests per operation."""

    def __init__(self) -> None:
        self.statistic = Statistic()
        self.errors: list[events.NonFatalError] = []
        self.requests: Counter[str] = Counter()
        self.phases: Counter[str] = Counter()
        self.capped = False

    def consume(self, stream: Any, deadline: float, reach: frozenset[str] = frozenset()) -> None:
        """Runs the stream until it ends or the deadline has passed, but not before each operation in ``reach``
        has had a request."""
        stopped = False
        for event in stream:
            if isinstance(event, events.ScenarioFinished):
                self.statistic.on_scenario_finished(event.recorder)
                for node in event.recorder.cases.values():
                    if node.value.id in event.recorder.interactions:
                        self.requests[node.value.operation.label] += 1
                        self.phases[event.phase.value] += 1
            elif isinstance(event, events.NonFatalError):
                self.errors.append(event)
            elif isinstance(event, events.FatalError):
                raise event.exception
            if not stopped and time.monotonic() > deadline and reach <= self.requests.keys():
                stopped = self.capped = True
                stream.stop()

    def report(self, tracebacks: dict[str, str]) -> str:
        output = OutputConfig()
        lines = []
        number = 0
        for label, groups in sorted(self.statistic.failures.items()):
            for group in groups.values():
                number += 1
                lines.append(f"\n=== {number}. {label}")
                lines.append(group.format(index=None, curl=group.code_sample, config=output))
                server = tracebacks.get(group.case_id or "")
                if server:
                    lines.append("\nServer traceback:\n" + server)
        for error in self.errors:
            number += 1
            lines.append(f"\n=== {number}. {error.label}: {error.info.title}\n{error.info.format()}")
        # A 5xx of a kind already reported is not repeated above; its traceback may still be new.
        shown = {group.case_id for groups in self.statistic.failures.values() for group in groups.values()}
        distinct: dict[str, str] = {}
        for case_id, text in tracebacks.items():
            if case_id not in shown:
                distinct.setdefault(text.strip().splitlines()[-1], f"(test case {case_id})\n{text}")
        for last_line, text in distinct.items():
            if not any(last_line in line for line in lines):
                lines.append(f"\n=== Another server traceback {text}")
        return "\n".join(lines)


def test_every_path_parameter_has_real_rows_to_draw_from():  # type: ignore[no-untyped-def]
    """A new endpoint's path parameter gets its pool in tests/fuzz/conftest.py, or the fuzzer would only send
    made-up ids to it (404s)."""
    named = {name for path in api.get_openapi_schema()["paths"] for name in re.findall(r"{(\w+)}", path)}
    assert sorted(named - set(POOLS)) == []


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ["advisor", "coordinator"])
def test_every_operation_answers_without_5xx_and_as_documented(  # type: ignore[no-untyped-def]
    role, live_server, fuzz_world: FuzzWorld, server_tracebacks, memory_cap, capsys, monkeypatch, caplog
):
    # The development server writes the headers and the body of an answer separately; with Nagle's algorithm on,
    # each answer then waits for the client's delayed ACK (~40 ms).
    monkeypatch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)
    caplog.set_level(logging.CRITICAL, logger="django")  # thousands of 4xx warnings; 5xx are reported below
    document = requests.get(live_server.url + OPENAPI, timeout=30).json()
    everything = operations(document)
    assert set(LEFT_OUT) <= set(everything), "LEFT_OUT names operations that are gone"

    def fuzzing(phases: list[str]) -> BaseSchema:
        schema: BaseSchema = from_dict(document, config=config(live_server.url, fuzz_world.tokens[role], phases))
        schema.hook("flatmap_path_parameters")(real_rows(fuzz_world))
        schema.hook("flatmap_body")(real_ids_in_bodies(fuzz_world))
        for key in LEFT_OUT:
            schema = schema.exclude(name=key)
        return schema

    # First every operation but DELETE with its examples and MAX_EXAMPLES generated requests; then, in the time left
    # to them, their coverage phase's boundary cases. DELETE last, so the other operations find the world's rows still
    # there, one operation at a time (every phase) and in the document's reverse order, so that a row's parts go
    # before it (a goal before its development point). Each operation has its share of the time, and what a part
    # leaves passes on; but the cap ends no part before each of its operations has had requests.
    fuzzed = [key for key in everything if key not in LEFT_OUT]
    deletes = [key for key in fuzzed if key.startswith("DELETE ")]
    others = len(fuzzed) - len(deletes)
    every_phase = fuzzing(["examples", "coverage", "fuzzing"])
    first_pass = frozenset(fuzzed) - frozenset(deletes)
    parts = [  # (what runs, the operations whose time it may use, the operations whose run it ends, must reach)
        (fuzzing(["examples", "fuzzing"]).exclude(method="DELETE"), others, 0, first_pass),
        (fuzzing(["coverage"]).exclude(method="DELETE"), others, others, frozenset()),
    ]
    parts += [(every_phase.include(name=key), 1, 1, frozenset([key])) for key in reversed(deletes)]
    run = Run()
    started = time.monotonic()
    waiting = len(fuzzed)
    for part, share, ended, reach in parts:
        left = started + TIME_CAP - time.monotonic()
        run.consume(from_schema(part).execute(), time.monotonic() + left * share / max(waiting, 1), reach)
        waiting -= ended
    elapsed = time.monotonic() - started

    unreached = sorted(set(fuzzed) - set(run.requests))
    with capsys.disabled():
        print(
            f"\nAPI fuzzing as {role}: {sum(run.requests.values())} requests ({dict(run.phases)}) to "
            f"{len(run.requests)} of {len(everything)} operations in {elapsed:.0f} s, seed {SEED}"
            + ("; time cap reached (boundary cases left out)" if run.capped else "")
        )
    report = run.report(server_tracebacks)
    assert not report, f"Schemathesis found failures as {role} (Authorization: Bearer <the {role}'s token>):\n{report}"
    # Also on a machine too slow to finish within the cap: the cap leaves out boundary cases, never an operation.
    assert not unreached, f"Operations the fuzzer never reached as {role}: {unreached}"
