"""Bad input (issue #7): every form and endpoint gets over-long, empty, malformed, HTML-bearing and wrong-type values.

The answer is a clear message or a 4xx, never a 500, and the stored data is unchanged.

* The API part is generated from the OpenAPI document: every operation with a JSON body gets, property by
  property, a value that is too long, empty, HTML/script, of the wrong type, a date that does not exist, null
  or missing; then a body that is not JSON or not an object; every path parameter gets an id that does not exist
  and one that is not a number. Each answer is 2xx or 4xx (a 4xx for whatever breaks the schema); a 4xx is JSON
  with "detail" (and "errors" for a refused payload) and leaves the database as it was; a 2xx that took
  ``<script>`` stores and returns the literal text, and a page shows it escaped.
* The web part finds the forms by visiting every page of the URL configuration (the permission matrix's table)
  as the administrator and reading each ``<form method="post">``: its fields, their type, ``required`` and
  ``maxlength``. Each field in turn gets the same kinds of bad values, posted with otherwise valid data (``VALID``).
  A value the field must refuse comes back as the form again (200) with the value typed kept (escaped), the error
  summary and a Danish message on that field, and nothing stored; a redirect happens only for a value the field
  may take. In forms of buttons, choices and hidden ids (booking, waiting list, confirm a move) a bad id changes
  nothing.

The people, organisations and programmes are the permission matrix's world (``tests/test_permission_matrix.py``),
and the administrator (who may do everything) makes the requests, so that the answer is about the input, not
about access. Each bad value is sent inside a savepoint that is rolled back, so that the next starts from the same
data.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from advisory.api.api import api
from advisory.core.honeypot import HONEYPOT_FIELD
from tests import factories
from tests import test_permission_matrix as matrix
from tests.helpers import Element, danish, parse_html
from tests.test_permission_matrix import ENDPOINTS, PAGES, World, endpoint_values

SCRIPT = "<script>alert(1)</script>"
NO_MAX = 10_000  # "too long" where the schema or the field sets no maximum
OMIT = object()  # the property or field is left out

# The permission matrix's fixtures: its people, organisations and programmes, built one way (once per module).
world_once, world = matrix.world_once, matrix.world

# --- The database: a snapshot of the advisory.* models, and each bad value in its own rolled-back savepoint -----------


def _advisory_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("advisory.")
        for model in config.get_models(include_auto_created=True)
    ]


def snapshot(labels: Collection[str] | None = None) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every field value, per advisory.* model (or only those of ``labels``)."""
    state = {}
    with connection.cursor() as cursor:
        for model in _advisory_models():
            if labels is not None and model._meta.label not in labels:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)} ORDER BY 1")  # noqa: S608
            rows = cursor.fetchall()
            state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


# A statement that writes to a table (Django's SQL on SQLite and PostgreSQL), and statements that write nothing.
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+\"?([\w.]+)\"?[\s(]",
    re.IGNORECASE,
)
_NO_WRITE = re.compile(r"\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK\s+TO)\b", re.IGNORECASE)


class Statements:
    """The SQL statements a request runs (``connection.execute_wrapper``), to tell which tables it may have changed."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any) -> Any:
        self.sql.append(str(sql))
        return execute(sql, params, many, context)

    def written(self) -> set[str] | None:
        """The advisory.* models whose tables a statement wrote to; None when a statement's target cannot be told
        (then any table may have changed)."""
        by_table = {model._meta.db_table: model._meta.label for model in _advisory_models()}
        labels = set()
        for sql in self.sql:
            write = _WRITE.match(sql)
            if write:
                if write.group(1) in by_table:
                    labels.add(by_table[write.group(1)])
            elif not _NO_WRITE.match(sql):
                return None
        return labels


def changed_models(before: dict[str, tuple[int, str]], answer: Answer) -> list[str]:
    """The advisory.* models whose rows are no longer those of ``before``. Rows change only by a statement that
    writes to their table, so only the tables the request wrote to are read again (all, if that cannot be told)."""
    after = snapshot(answer.written)
    return sorted(label for label in after if before.get(label) != after[label])


# Fields that hold rendered HTML, where the typed text is rightly escaped: a mail's HTML part in the outbox.
RENDERED_HTML = {("notifications.OutboxMessage", "html_body")}


def stored_with(text: str) -> list[str]:
    """The advisory.* models with a text field that contains ``text`` (rendered HTML left out)."""
    found = []
    for model in _advisory_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and (model._meta.label, f.name) not in RENDERED_HTML
        ]
        if not names:
            continue
        condition = models.Q()
        for name in names:
            condition |= models.Q(**{f"{name}__contains": text})
        if model._base_manager.filter(condition).exists():
            found.append(model._meta.label)
    return found


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever happens inside is undone: the next bad value starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass
class Answer:
    status: int
    content_type: str = ""
    text: str = ""
    error: str = ""  # the exception the view raised (a 500)
    location: str = ""
    written: set[str] | None = None  # the advisory.* models the request wrote to (None: it cannot be told which)

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError:
            return None


def send(client: Client, method: str, url: str, **kwargs: Any) -> Answer:
    """One request, in its own savepoint: a database error the view turns into an answer (a 409) rolls back only
    the request, as it would in autocommit, and leaves the test's transaction usable.

    An exception the view lets through is reported as a 500 with its message.
    """
    cache.clear()  # log-in rate limits would add up over the many bad values (the sessions are in the database)
    statements = Statements()
    try:
        with transaction.atomic(), connection.execute_wrapper(statements):
            response = getattr(client, method)(url, **kwargs)
    except Exception as exc:
        return Answer(500, error=f"{type(exc).__name__}: {exc}"[:500])
    return Answer(
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        text=response.content.decode(errors="replace"),
        location=response.get("Location", ""),
        written=statements.written(),
    )


def shown(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} chars)"


def contains_value(data: Any, value: Any) -> bool:
    if data == value:
        return True
    if isinstance(data, dict):
        return any(contains_value(item, value) for item in data.values())
    if isinstance(data, list):
        return any(contains_value(item, value) for item in data)
    return False


def admin_client(world: World) -> Client:
    return matrix._client(world, "administrator")  # the session logged in with the world


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


# --- The API, from the OpenAPI document -----------------------------------------------------------------------------

SCHEMA = api.get_openapi_schema()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


@dataclass(frozen=True)
class Prop:
    name: str
    kind: str  # string, date, time, datetime, enum, integer, number, boolean, array, object
    required: bool
    max_length: int | None = None
    item: str = ""  # the kind of an array's items or an object's values
    nullable: bool = False


def _prop(name: str, schema: dict[str, Any], required: bool) -> Prop:
    schema = _resolve(schema)
    nullable = False
    if "anyOf" in schema:
        nullable = any(option.get("type") == "null" for option in schema["anyOf"])
        schema = _resolve(next(option for option in schema["anyOf"] if option.get("type") != "null"))
    kind = schema.get("type", "string")
    if "enum" in schema:
        kind = "enum"
    elif kind == "string" and schema.get("format") in {"date", "time", "date-time"}:
        kind = {"date": "date", "time": "time", "date-time": "datetime"}[schema["format"]]
    item = ""
    if kind == "array":
        item = _prop("item", schema.get("items", {}), True).kind
    elif kind == "object":
        item = _prop("item", schema.get("additionalProperties", {}), True).kind
    return Prop(name, kind, required, schema.get("maxLength"), item, nullable)


@dataclass(frozen=True)
class Operation:
    key: str  # "METHOD /api/path", as the permission matrix names it
    method: str
    path: str
    path_params: tuple[tuple[str, str], ...]  # (name, "integer" | "string")
    properties: tuple[Prop, ...] | None  # None: no JSON body

    def __str__(self) -> str:
        return self.key

    def url(self, world: World, **override: Any) -> str:
        """The path with the matrix's ids (some are made when first asked for: ask before taking a snapshot)."""
        return self.path.format(**{**endpoint_values(world, self.method, self.path), **override})


def _operations() -> list[Operation]:
    found = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            params = tuple(
                (p["name"], _resolve(p["schema"]).get("type", "string"))
                for p in operation.get("parameters", [])
                if p["in"] == "path"
            )
            properties = None
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                schema = _resolve(body["schema"])
                required = set(schema.get("required", []))
                properties = tuple(
                    _prop(name, prop, name in required) for name, prop in schema.get("properties", {}).items()
                )
            found.append(Operation(f"{method.upper()} {path}", method, path, params, properties))
    return found


OPERATIONS = _operations()

_SAMPLE = {"date": "2027-03-03", "time": "10:00", "datetime": "2027-03-03T10:00:00", "integer": 3, "string": "x"}


def api_values(variant: str, prop: Prop, base: Any = None) -> list[Any]:
    """The bad values of one kind for one property."""
    kind, sample = prop.kind, _SAMPLE.get(prop.item, "x")
    if variant == "too_long":
        return {
            "string": ["x" * ((prop.max_length or NO_MAX - 1) + 1)],
            "date": ["2027-03-03" + "x" * NO_MAX],
            "time": ["10:00" + "x" * NO_MAX],
            "datetime": ["x" * NO_MAX],
            "enum": ["x" * NO_MAX],
            "integer": [10**30, -(10**30)],
            "array": [list(range(1, 1001)), [10**30]],
            "object": [{"x" * NO_MAX: sample}, {"kickoff": 10**30}],
        }.get(kind, [])
    if variant == "empty":
        return {"array": ["", []], "object": ["", {}]}.get(kind, [""])
    if variant == "html":
        return {"array": [SCRIPT, [SCRIPT]], "object": [SCRIPT, {SCRIPT: sample}, {"kickoff": SCRIPT}]}.get(
            kind, [SCRIPT]
        )
    if variant == "wrong_type":
        return {
            "string": [["x"], 12345],
            "enum": [1],
            "date": [20270303],
            "time": [1000],  # pydantic reads a number as seconds in UTC: a time with a time zone
            "datetime": [20270303],
            "integer": ["abc", [1]],
            "number": ["abc"],
            "boolean": ["abc"],
            "array": ["abc", ["abc"]],
            "object": ["abc", {"kickoff": ["x"]}],
        }.get(kind, [])
    if variant == "malformed_date":
        if kind == "date":
            return ["2027-02-30", "2027-13-01", "30-01-2027"]
        if kind == "time":
            return ["25:61"]
        if kind == "datetime":
            return ["2027-02-30T10:00:00"]
        if kind == "object" and prop.item == "date":
            keys = list(base) if isinstance(base, dict) and base else ["kickoff"]
            return [dict.fromkeys(keys, "2027-02-30")]
        return []
    if variant == "null":
        return [None]
    if variant == "missing":
        return [OMIT] if prop.required else []
    raise AssertionError(variant)


API_VARIANTS = ("too_long", "empty", "html", "wrong_type", "malformed_date", "null", "missing")


def api_must_refuse(variant: str, prop: Prop, value: Any) -> bool:
    """Whether the value breaks the document's schema or can name no record: then only a 4xx will do.

    Text within its maximum, empty lists and ids that are simply not there (a waiting list of nobody) may be taken;
    so may an optional property the record ignores (a municipality has no municipality) and an unknown key of a map.
    """
    if variant == "too_long":
        if prop.kind == "integer":
            return prop.required
        return prop.kind not in {"array", "object"} and (prop.kind != "string" or prop.max_length is not None)
    if variant in {"empty", "html"}:
        unknown_key = isinstance(value, dict) and SCRIPT in value
        return prop.kind != "string" and value not in ([], {}) and not unknown_key
    if variant == "null":
        return not prop.nullable
    return variant in {"wrong_type", "malformed_date", "missing"}


def _base_body(world: World, operation: Operation) -> dict[str, Any]:
    """The matrix's valid payload for the operation (the administrator gets a 2xx with it)."""
    probe = ENDPOINTS[operation.key][0]
    return probe.data(world) if probe.data else {}


# Where a value sent to an operation is read back through the API (besides the operation's own answer).
READ_BACK: dict[str, Callable[[World, Any], str]] = {
    "POST /api/me/tokens": lambda w, answer: "/api/me/tokens",
    "PATCH /api/organisations/{organisation_id}": lambda w, answer: f"/api/organisations/{w.own.pk}",
    "POST /api/organisations/shelters": lambda w, answer: f"/api/organisations/{answer['id']}",
    "POST /api/organisations/{organisation_id}/memberships": (
        lambda w, answer: f"/api/organisations/{w.own.pk}/memberships"
    ),
    "POST /api/programmes": lambda w, answer: f"/api/programmes/{answer['id']}",
    "PATCH /api/programmes/{programme_id}/activities/{key}": lambda w, answer: f"/api/programmes/{w.programme.pk}",
    "POST /api/programmes/{programme_id}/trial-actions": (
        lambda w, answer: f"/api/programmes/{w.programme.pk}/trial-actions"
    ),
    "PATCH /api/programmes/{programme_id}/trial-actions/{trial_id}": (
        lambda w, answer: f"/api/programmes/{w.programme.pk}/trial-actions"
    ),
    "POST /api/intake/rounds": lambda w, answer: "/api/intake/rounds",
    "POST /api/intake/rounds/{round_id}/registrations": (
        lambda w, answer: f"/api/intake/rounds/{w.intake_round.pk}/registrations"
    ),
    "POST /api/intake/rounds/{round_id}/groups": lambda w, answer: f"/api/programmes/{answer['programme_id']}",
}


def error_body_problems(answer: Answer, *, validation: bool) -> list[str]:
    """A refusal is JSON with a "detail" text, and, for a refused payload, "errors" by field."""
    body = answer.json
    if not answer.content_type.startswith("application/json") or not isinstance(body, dict):
        return [f"{answer.status} is not a JSON object: {answer.text[:200]!r}"]
    problems = []
    if not isinstance(body.get("detail"), str) or not body["detail"]:
        problems.append(f"{answer.status} without a 'detail': {body}")
    if validation and answer.status in {400, 422}:
        errors = body.get("errors")
        if not isinstance(errors, dict) or not errors or not all(isinstance(m, list) and m for m in errors.values()):
            problems.append(f"{answer.status} without 'errors' by field: {body}")
    return problems


def api_attempt(
    client: Client,
    world: World,
    operation: Operation,
    url: str,
    before: dict[str, tuple[int, str]],
    *,
    body: Any = None,
    raw: str | None = None,
    validation: bool = True,
    must_refuse: bool = False,
) -> list[str]:
    """Send one request (rolled back afterwards) and say what is wrong with the answer."""
    kwargs: dict[str, Any] = {}
    if raw is not None:
        kwargs = {"data": raw, "content_type": "application/json"}
    elif operation.properties is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    with rolled_back():
        answer = send(client, operation.method, url, **kwargs)
        if answer.status >= 500 or answer.error:
            return [f"{answer.status}: {answer.error or answer.text[:300]}"]
        if 400 <= answer.status < 500:
            problems = error_body_problems(answer, validation=validation)
            changed = changed_models(before, answer)
            if changed:
                problems.append(f"{answer.status}, yet the data changed: {changed}")
            return problems
        if not 200 <= answer.status < 300:
            return [f"neither 2xx nor 4xx: {answer.status}"]
        if must_refuse:
            return [f"accepted ({answer.status}): it breaks the schema or names nothing, a 4xx was due"]
        names = [name for name, value in body.items() if value == SCRIPT] if isinstance(body, dict) else []
        return _stored_as_text_problems(client, world, operation, answer, names[0]) if names else []


def _values_of(data: Any, name: str) -> list[Any]:
    """Every value under the key ``name`` anywhere in a JSON answer."""
    if isinstance(data, list):
        return [value for item in data for value in _values_of(item, name)]
    if isinstance(data, dict):
        own = [data[name]] if name in data else []
        return own + [value for item in data.values() for value in _values_of(item, name)]
    return []


def _stored_as_text_problems(
    client: Client, world: World, operation: Operation, answer: Answer, name: str
) -> list[str]:
    """A 2xx that took <script> in ``name``: stored as the literal text (not escaped, not stripped), and the API gives
    back the same literal text wherever it shows that property (its answer, and the record read back)."""
    problems = []
    if stored_with(html.escape(SCRIPT)):
        problems.append(f"<script> was stored HTML-escaped in {stored_with(html.escape(SCRIPT))}")
    if not stored_with(SCRIPT):
        return problems  # the property is ignored for this record (e.g. the name of a municipality)
    answers = [("the answer", answer.json)]
    read_back = READ_BACK.get(operation.key)
    if read_back is not None:
        url = read_back(world, answer.json)
        fetched = send(client, "get", url)
        if fetched.status != 200:
            problems.append(f"GET {url} to read it back: {fetched.status}")
        answers.append((f"GET {url}", fetched.json))
    for where, data in answers:
        shown_values = _values_of(data, name)
        if shown_values and SCRIPT not in shown_values:
            problems.append(f"stored <script>, but {where} shows {name} as {shown(shown_values)}")
        if contains_value(data, html.escape(SCRIPT)):
            problems.append(f"{where} gives <script> back HTML-escaped")
    return problems


def api_property_problems(world: World, operation: Operation) -> list[str]:
    """Every property of the body, each bad value in turn."""
    client = admin_client(world)
    base = _base_body(world, operation)
    url = operation.url(world)
    before = snapshot()
    problems = []
    for prop in operation.properties or ():
        for variant in API_VARIANTS:
            for value in api_values(variant, prop, base.get(prop.name)):
                body = {name: v for name, v in {**base, prop.name: value}.items() if v is not OMIT}
                refuse = api_must_refuse(variant, prop, value)
                for problem in api_attempt(client, world, operation, url, before, body=body, must_refuse=refuse):
                    value_shown = "(missing)" if value is OMIT else shown(value)
                    problems.append(f"{operation.key} {prop.name}={value_shown} ({variant}): {problem}")
    return problems


def api_body_problems(world: World, operation: Operation) -> list[str]:
    """A body that is not JSON, or JSON but not an object."""
    client = admin_client(world)
    url = operation.url(world)
    base = _base_body(world, operation)
    before = snapshot()
    bodies = {
        "not JSON": "{not json",
        "HTML": SCRIPT,
        "empty": "",
        "JSON array": "[]",
        "JSON array of the body": json.dumps([base]),
        "JSON string": json.dumps(SCRIPT),
        "JSON number": "12",
        "JSON null": "null",
    }
    problems = []
    for label, raw in bodies.items():
        for problem in api_attempt(client, world, operation, url, before, raw=raw, validation=False, must_refuse=True):
            problems.append(f"{operation.key} body {label}: {problem}")
    return problems


def api_path_problems(world: World, operation: Operation) -> list[str]:
    """An id that does not exist is a 404 in JSON; one that is not a number a 404 or 422; never a 500."""
    client = admin_client(world)
    operation.url(world)  # the ids the matrix makes when first asked for, before the snapshot
    body = _base_body(world, operation) if operation.properties is not None else None
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    before = snapshot()
    problems = []
    for name, kind in operation.path_params:
        wrong: list[tuple[str, Any, set[int]]] = [
            ("missing", 999_999_999 if kind == "integer" else "no-such-key", {404})
        ]
        if kind == "integer":
            wrong += [("not a number", "abc", {404, 422}), ("too big", "9" * 30, {404, 422}), ("negative", -1, {404})]
        else:
            wrong += [("too long", "x" * NO_MAX, {404})]
        for label, value, expected in wrong:
            with rolled_back():
                answer = send(client, operation.method, operation.url(world, **{name: value}), **kwargs)
                found = []
                if answer.status not in expected:
                    found.append(f"{answer.status}, expected {sorted(expected)}: {answer.error or answer.text[:200]}")
                elif answer.content_type.startswith("application/json") or label == "missing":
                    found += error_body_problems(answer, validation=True)
                changed = changed_models(before, answer)
                if changed:
                    found.append(f"{answer.status}, yet the data changed: {changed}")
            problems += [f"{operation.key} {name}={shown(value)} ({label}): {p}" for p in found]
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op.properties or op.path_params], ids=str)
def test_api_refuses_bad_input_clearly(world, operation):  # type: ignore[no-untyped-def]
    """One operation of the OpenAPI document: each property of its body, the body as a whole, its path parameters."""
    problems = []
    if operation.properties is not None:
        problems += api_property_problems(world, operation)
        problems += api_body_problems(world, operation)
    if operation.path_params:
        problems += api_path_problems(world, operation)
    assert not problems, f"{len(problems)} answers to bad input are wrong:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_script_through_the_api_is_stored_as_text_and_shown_escaped(world):  # type: ignore[no-untyped-def]
    client = admin_client(world)
    created = client.post(
        "/api/organisations/shelters",
        json.dumps({"name": SCRIPT, "municipality_id": world.own.pk, "address": SCRIPT}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    shelter = created.json()
    assert shelter["name"] == SCRIPT
    fetched = client.get(f"/api/organisations/{shelter['id']}").json()
    assert (fetched["name"], fetched["address"]) == (SCRIPT, SCRIPT)
    page = client.get(reverse("organisations:detail", kwargs={"pk": shelter["id"]})).content.decode()
    assert html.escape(SCRIPT) in page
    assert SCRIPT not in page


@pytest.mark.django_db
def test_the_data_check_reads_again_what_a_request_wrote_to(world):  # type: ignore[no-untyped-def]
    """changed_models reads again only the tables a request wrote to, and finds what the whole snapshot finds."""
    from advisory.organisations.models import Organisation

    client = admin_client(world)
    before = snapshot()
    with rolled_back():
        answer = send(client, "get", f"/api/organisations/{world.own.pk}")
        assert answer.status == 200
        assert answer.written == set()
        assert changed_models(before, answer) == []
    with rolled_back():
        answer = send(
            client,
            "post",
            "/api/organisations/shelters",
            data=json.dumps({"name": "Ny boform", "municipality_id": world.own.pk}),
            content_type="application/json",
        )
        assert answer.status == 201, answer.text
        assert Organisation._meta.label in answer.written
        whole = snapshot()
        assert changed_models(before, answer) == sorted(label for label in whole if whole[label] != before[label])
        assert Organisation._meta.label in changed_models(before, answer)
    with rolled_back():  # a statement whose table cannot be told: every table is read again
        answer = send(client, "get", f"/api/organisations/{world.own.pk}")
        table = connection.ops.quote_name(Organisation._meta.db_table)
        statements = Statements()
        sql = f"WITH renamed AS (SELECT 1) UPDATE {table} SET name = %s WHERE id = %s"  # noqa: S608
        with connection.execute_wrapper(statements), connection.cursor() as cursor:
            cursor.execute(sql, ["X", world.own.pk])
        answer.written = statements.written()
        assert answer.written is None
        assert changed_models(before, answer) == [Organisation._meta.label]


@pytest.mark.django_db
def test_ids_out_of_the_integer_range_match_nothing(world):  # type: ignore[no-untyped-def]
    """advisory/core/lookups.py: what the forms and the API do with an id no row can have."""
    from advisory.organisations.models import Membership, Organisation
    from advisory.programmes.models import Activity

    huge = 10**30
    assert list(Organisation.objects.filter(pk__in=[huge, -huge])) == []
    assert list(Organisation.objects.filter(pk__in=[huge, world.own.pk])) == [world.own]
    assert world.own in Organisation.objects.exclude(pk__in=[huge])
    assert list(Membership.objects.filter(organisation_id=huge)) == []
    assert list(Membership.objects.filter(organisation__in=[huge])) == []
    assert list(Activity.objects.filter(programme_id=huge, key="kickoff")) == []
    assert Activity.objects.filter(programme_id=world.programme.pk, key="kickoff").exists()


# --- Web forms, found on the pages of the URL configuration -----------------------------------------------------------

STRUCTURED_KINDS = {"email", "url", "number", "date", "time", "datetime-local"}
TEXT_KINDS = {"text", "search", "tel", "password", "textarea"} | STRUCTURED_KINDS  # typed into (re-shown on refusal)
CHOICE_KINDS = {"select", "select-multiple", "checkbox-list", "radio"}
# The CSRF token; the hidden marker or button that picks the action; the public forms' honeypot (refused when filled,
# and deliberately shown empty again: advisory/core/honeypot.py and its tests).
NOT_VARIED = {"csrfmiddlewaretoken", "action", HONEYPOT_FIELD}
# Pages whose forms are not the application's own: log-out and language (no values), allauth and two-factor pages
# (allauth's forms and tests), the admin (Django's), the API (JSON, above). The log-in page is the one exception.
SKIPPED_PAGES = ("account_", "mfa_", "admin:", "api:", "set_language", "core:healthz")


@dataclass
class HtmlField:
    name: str
    kind: str
    element_id: str = ""
    required: bool = False
    max_length: int | None = None
    step: str = ""
    default: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)

    @property
    def holds_id(self) -> bool:
        """A choice or a hidden id: a bad one can only be refused (a hidden word like kind=person picks an action)."""
        return self.kind in CHOICE_KINDS or (self.kind == "hidden" and all(v.isdigit() for v in self.default))

    @property
    def error_id(self) -> str:
        """The id of the field's error message (DkfdsBoundField.error_id): a list of choices is numbered."""
        base = self.element_id
        if self.kind in {"checkbox-list", "radio"} and base.rsplit("_", 1)[-1].isdigit():
            base = base.rsplit("_", 1)[0]
        return f"{base}-error"


@dataclass
class HtmlForm:
    key: str  # the view it posts to ("namespace:name"), and the action it asks for: "intake:round_detail#waitlist"
    action: str
    fields: list[HtmlField]
    submit: dict[str, list[str]]  # the marker or button that picks the action

    @property
    def varied(self) -> list[HtmlField]:
        return [f for f in self.fields if f.name not in NOT_VARIED]

    @property
    def is_django_form(self) -> bool:
        """A form people type into (rendered from a Django form, with the error summary); else buttons and ids."""
        return any(f.kind in TEXT_KINDS for f in self.fields)

    def defaults(self) -> dict[str, list[str]]:
        return {f.name: list(f.default) for f in self.fields if f.name != "csrfmiddlewaretoken"} | self.submit


def _text(element: Element) -> str:
    return "".join(item if isinstance(item, str) else _text(item) for item in element.content)


def _html_field(element: Element) -> HtmlField | None:
    name = element.get("name")
    if not name:
        return None
    attrs = element.attrs
    max_length = int(attrs["maxlength"]) if attrs.get("maxlength", "").isdigit() else None
    common = {"element_id": attrs.get("id", ""), "required": "required" in attrs, "max_length": max_length}
    if element.tag == "textarea":
        value = _text(element)
        return HtmlField(name, "textarea", default=[value.removeprefix("\n")], **common)
    if element.tag == "select":
        options = element.find_all("option")
        values = [o.get("value", _text(o)) or "" for o in options]
        chosen = [v for o, v in zip(options, values, strict=True) if "selected" in o.attrs]
        multiple = "multiple" in attrs
        if not chosen and not multiple and values:
            chosen = values[:1]  # what a browser sends
        return HtmlField(name, "select-multiple" if multiple else "select", default=chosen, choices=values, **common)
    kind = attrs.get("type", "text").lower()
    if kind in {"submit", "button", "reset", "image", "file"}:
        return None
    value = attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")
    if kind in {"checkbox", "radio"}:
        default = [value] if "checked" in attrs else []
        return HtmlField(name, kind, default=default, choices=[value], **common)
    return HtmlField(name, kind, default=[value], step=attrs.get("step", ""), **common)


def _form_key(action: str, fields: list[HtmlField], submit: dict[str, list[str]]) -> str:
    try:
        view = resolve(urlsplit(action).path).view_name
    except Resolver404:
        view = action
    marker = submit.get("action") or next((f.default for f in fields if f.name == "action"), [])
    return f"{view}#{marker[0]}" if marker else view


def discover_forms(page_url: str, content: str) -> list[HtmlForm]:
    """Every <form method="post"> of a page, with its fields, except log-out and language; one per action."""
    forms: dict[tuple[str, tuple[str, ...]], HtmlForm] = {}
    for form in parse_html(content).find_all("form"):
        if form.get("method", "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        by_name: dict[str, HtmlField] = {}
        submit: dict[str, list[str]] = {}
        buttons = []
        for element in form.find_all():
            if element.tag == "button" or (element.tag == "input" and element.get("type") == "submit"):
                buttons.append(element)
                continue
            if element.tag not in {"input", "select", "textarea"}:
                continue
            found = _html_field(element)
            if found is None:
                continue
            if found.name in by_name and found.kind in {"checkbox", "radio"}:  # several boxes, one name: a list
                known = by_name[found.name]
                known.kind = "checkbox-list" if found.kind == "checkbox" else "radio"
                known.choices += found.choices
                known.default += found.default
                continue
            by_name[found.name] = found
        named = [b for b in buttons if b.get("name")]
        if named:
            primary = next((b for b in named if "button-primary" in (b.get("class") or "")), named[0])
            submit = {primary.get("name") or "": [primary.get("value") or ""]}
        fields = list(by_name.values())
        path = urlsplit(action).path
        if path.startswith(("/accounts/logout", "/i18n/")):
            continue
        html_form = HtmlForm(_form_key(action, fields, submit), action, fields, submit)
        if html_form.varied:
            forms.setdefault((html_form.key, tuple(sorted(f.name for f in fields))), html_form)
    return list(forms.values())


# Valid data for the forms that start empty (the rest post what the page shows): keyed by the form's key.
VALID: dict[str, Callable[[World], dict[str, Any]]] = {
    "account_login": lambda w: {"login": w.users["administrator"].email, "password": factories.PASSWORD},
    "accounts:profile": lambda w: {"name": "Rapport-script"},
    "organisations:shelter_create": lambda w: {"name": "Ny boform", "municipality": w.own.pk},
    "organisations:membership_add": lambda w: {"email": "ny@aarhus.dk", "function": "member"},
    "programmes:create#save": lambda w: {
        "version": w.taskforce.template_version_id,
        "title": "Taskforce",
        "organisations": [w.own.pk],
        "anchor_date": "2027-03-01",
    },
    "programmes:trial_action_create": lambda w: {
        "organisation": w.own.pk,
        "development_point": "Boligmøder",
        "plan": "Ugentligt boligmøde",
        "starts_on": "2027-03-01",
        "ends_on": "2027-04-01",
    },
    "intake:register": lambda w: {
        "organisation": w.other.pk,
        "coordinator_name": "Tove",
        "coordinator_email": "tove@odense.dk",
        "motivation": "Vi vil i gang.",
        "development_point": "Boligmøder",
        "expected_participants": "4",
    },
    "intake:round_create": lambda w: {
        "season": "Efterår 2027",
        "theme": "Bostøtte",
        "opens_on": "2027-08-01",
        "closes_on": "2027-08-31",
        "groups_planned": "1",
        "template_version": w.programme.template_version_id,
    },
    "requests:interest_create": lambda w: {
        "organisation": w.other.pk,
        "contact_name": "Tove",
        "contact_email": "tove@odense.dk",
        "needs": "Hjælp til at skaffe boliger",
        "expectations": "En plan",
    },
    "requests:request_create": lambda w: {
        "organisation": w.other.pk,
        "contact_name": "Tove",
        "contact_email": "tove@odense.dk",
        "needs": "En analyse af sagsbehandlingen",
        "expectations": "Anbefalinger",
        "received_via": "written",
    },
    "intake:round_detail#form_group": lambda w: {
        "registrations": [r.pk for r in w.registrations],
        "title": "Gruppe",
        "acceptance_date": "2027-03-15",
    },
}

WEB_VARIANTS = ("too_long", "empty", "html", "wrong_type", "malformed_date", "omitted", "unknown_choice")


def web_value(variant: str, f: HtmlField) -> tuple[Any, bool] | None:
    """The bad value of one kind for a field, and whether the field must refuse it; None: not for this field."""
    kind = f.kind
    structured, choice = kind in STRUCTURED_KINDS, kind in CHOICE_KINDS
    if variant == "too_long":
        if kind == "checkbox":
            return None
        if kind == "number" or choice:
            return "9" * 30, True
        length = (f.max_length or NO_MAX - 1) + 1
        if kind == "email":
            return "a" * (length - len("@example.dk")) + "@example.dk", True
        return "x" * length, f.max_length is not None or structured
    if variant == "empty":  # (left out for optional free text, where "" is the usual value)
        return ("", f.required) if f.required or structured or choice or kind == "hidden" else None
    if variant == "html":
        return SCRIPT, structured or choice
    if variant == "wrong_type":
        # A form sends only text: the wrong type is a number where a date or time belongs, a fraction for a whole
        # number, an address that is not one. (Text where a choice belongs is the HTML variant.)
        value = {
            "number": "1.5" if f.step in {"", "1"} else "abc",
            "date": "20270303",
            "datetime-local": "20270303",
            "time": "1000",
            "email": "12345",
            "url": "12345",
        }.get(kind)
        return (value, True) if value else None
    if variant == "malformed_date":
        value = {"date": "2027-02-30", "time": "25:61", "datetime-local": "2027-02-30T10:00"}.get(kind)
        return (value, True) if value else None
    if variant == "omitted":
        return (OMIT, True) if f.required else None
    if variant == "unknown_choice":
        return ("999999999", True) if choice else None
    raise AssertionError(variant)


ENGLISH = ("This field", "Enter a", "Ensure this", "Select a valid", "Please correct", "is required")


def _web_refusal_problems(answer: Answer, f: HtmlField, value: Any) -> list[str]:
    """The form again, in Danish, with the error summary, an error on the field, and the typed value kept."""
    if answer.status != 200:
        return [f"must be refused with the form again (200), got {answer.status} {answer.location}"]
    document = parse_html(answer.text)
    problems = []
    page_language = document.find_all("html")[0].get("lang") if document.find_all("html") else "da"
    if page_language != "da":
        problems.append(f"the page is not in Danish (lang={page_language!r})")
    summaries = [e for e in document.find_all() if "data-error-summary" in e.attrs]
    if not summaries:
        problems.append("no error summary (data-error-summary)")
    elif danish("Please correct the following") not in summaries[0].text:
        problems.append(f"the error summary is not in Danish: {summaries[0].text[:120]!r}")
    error = document.by_id(f.error_id) if f.element_id else None
    if error is None:
        problems.append(f"no error message on the field (#{f.error_id})")
    elif any(word in error.text for word in ENGLISH) or not error.text.strip():
        problems.append(f"the error message is not in Danish: {error.text!r}")
    if _typed_value_lost(answer, f, value):
        problems.append("the value typed is not in the form again")
    return problems


def _typed_value_lost(answer: Answer, f: HtmlField, value: Any) -> bool:
    """A value typed into a text field (not a password) is not in the form that comes back."""
    typed = value[-1] if isinstance(value, list) else value  # of two values, Django keeps the last
    visible_text = f.kind in TEXT_KINDS - {"password"}
    return visible_text and isinstance(typed, str) and bool(typed) and html.escape(typed) not in answer.text


def web_attempt(
    client: Client, form: HtmlForm, base: dict[str, list[str]], f: HtmlField, variant: str, before: Any
) -> list[str]:
    chosen = web_value(variant, f)
    if chosen is None:
        return []
    value, must_refuse = chosen
    data = {k: v for k, v in base.items() if k != f.name}
    if value is not OMIT:
        data[f.name] = value
    with rolled_back():
        answer = send(client, "post", form.action, data=data)
        if answer.status >= 500 or answer.error:
            return [f"{answer.status}: {answer.error or answer.text[:300]}"]
        problems = []
        if SCRIPT in answer.text and not answer.content_type.startswith("application/json"):
            problems.append("<script> is in the page unescaped")
        changed = changed_models(before, answer)
        if not form.is_django_form:
            if changed and f.holds_id:
                problems.append(f"a bad id changed the data: {changed} ({answer.status})")
            return problems
        refused = answer.status == 200 and "data-error-summary" in answer.text
        if must_refuse:
            problems += _web_refusal_problems(answer, f, value)
        elif refused and _typed_value_lost(answer, f, value):
            problems.append("refused, and the value typed is not in the form again")
        if (must_refuse or refused) and changed:
            problems.append(f"refused, yet the data changed: {changed}")
        if not refused and value == SCRIPT and stored_with(html.escape(SCRIPT)):
            problems.append("<script> was stored HTML-escaped")
        return problems


def _page_cases() -> list[Any]:
    return [
        pytest.param(key, probe, id=f"{key}{'[' + probe.label + ']' if probe.label else ''}")
        for key, probes in PAGES.items()
        if key == "account_login" or not key.startswith(SKIPPED_PAGES)
        for probe in probes
        if probe.method == "get"
    ]


def _summary(content: str) -> str:
    summaries = [e for e in parse_html(content).find_all() if "data-error-summary" in e.attrs]
    return summaries[0].text if summaries else ""


def _page_forms(world: World, key: str, probe: Any) -> tuple[Client, list[HtmlForm]]:
    client = Client() if key == "account_login" else admin_client(world)
    url = probe.url(world) if probe.url else reverse(key)
    page = client.get(url)
    if page.status_code != 200 or page.streaming:  # a file download has no forms
        return client, []
    return client, discover_forms(url, page.content.decode())


def _base_data(world: World, form: HtmlForm) -> dict[str, list[str]]:
    data = form.defaults()
    valid = VALID.get(form.key)
    if valid is not None:
        for name, value in valid(world).items():
            data[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return data


def web_page_problems(world: World, key: str, probe: Any) -> list[str]:
    client, forms = _page_forms(world, key, probe)
    before = snapshot()
    problems = []
    for form in forms:
        target = f"{key} -> {form.key}"
        base = _base_data(world, form)
        if form.key in VALID:
            # The valid data really is valid: otherwise every refusal below would prove nothing.
            with rolled_back():
                answer = send(client, "post", form.action, data=base)
                if answer.status == 200 and "data-error-summary" in answer.text:
                    problems.append(f"{target}: the VALID data is refused: {_summary(answer.text)}")
        for f in form.varied:
            for variant in WEB_VARIANTS:
                for problem in web_attempt(client, form, base, f, variant, before):
                    chosen = web_value(variant, f)
                    value = "(omitted)" if chosen and chosen[0] is OMIT else shown(chosen and chosen[0])
                    problems.append(f"{target} {f.name}={value} ({variant}): {problem}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "probe"), _page_cases())
def test_web_forms_refuse_bad_values_clearly(world, key, probe):  # type: ignore[no-untyped-def]
    problems = web_page_problems(world, key, probe)
    assert not problems, "\n".join(problems)
