"""A person's query compiled once per process and shape, then reused with that person's ids.

Building a queryset through the access helper and compiling it to SQL is pure Python work that gives the same
SQL for every person of the same role: only the ids in its parameters differ. For a query run on every fetch of a
calendar feed (a union of the person's programmes, bookings and organisations, inside ``scope``), that work was a
third of the feed's time. ``compiled_query`` does it once per shape and fills in the ids afterwards.

The shape is the query's name, the number of ids, and what the access rules read from a person besides their id
(``SHAPE_FIELDS``: role, superuser, active – every ``is_*`` property the policies ask of
``advisory.accounts.models.User`` derives from these). ``build(person, *ids)`` must depend on the person only
through those and their primary key, and on ``ids`` only as values. That is checked, not trusted:

- the query is built for a stand-in person made of ``SHAPE_FIELDS`` alone (no other person's name, e-mail or
  anything else can end up in a kept query), twice, with different stand-in ids; only when the two SQL texts are
  equal and the parameters differ exactly where the stand-in ids went in is the shape kept;
- building it must not read the database (querysets are lazy; subqueries are SQL): a query run while it is
  built raises ``RuntimeError``, since what it read for a stand-in would be kept for everyone;
- otherwise (the ids changed the text, e.g. a list of them, or a constant equals a stand-in) the query is
  compiled for each call, as before.

One database per process (the SQL is that database's).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Stand-in ids: negative (no row has them) and far apart, one per id the query takes.
_FIRST = -1_900_000_001
_SECOND = -1_700_000_003
_NOT_KEPT = object()
SHAPE_FIELDS = ("role", "is_superuser", "is_active")
_MAX_SHAPES = 1_000

_shapes: dict[tuple[Any, ...], Any] = {}
_lock = threading.Lock()


def _refuse(*_args: Any) -> Any:
    raise RuntimeError("A query kept by compiled_query read the database while it was built.")


@contextmanager
def _no_database() -> Iterator[None]:
    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(_refuse))
        yield


def _sql(queryset: QuerySet[Any]) -> tuple[str, list[Any], str]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params), queryset.db


def _compile(build: Callable[..., QuerySet[Any]], person: Any, ids: Sequence[int]) -> tuple[str, list[Any], str]:
    """The SQL of ``build`` for a stand-in person made of ``SHAPE_FIELDS`` alone, with the stand-in ``ids``."""
    stand_in = type(person)(pk=ids[0], **{name: getattr(person, name) for name in SHAPE_FIELDS})
    with _no_database():
        return _sql(build(stand_in, *ids[1:]))


def _shape(build: Callable[..., QuerySet[Any]], person: Any, count: int) -> Any:
    """(SQL, parameters, {position: index of the id that goes there}, database) or _NOT_KEPT."""
    first = [_FIRST - index for index in range(count)]
    second = [_SECOND - index for index in range(count)]
    sql, params, using = _compile(build, person, first)
    sql_again, params_again, _using = _compile(build, person, second)
    if sql != sql_again or len(params) != len(params_again):
        return _NOT_KEPT
    index_of = {value: index for index, value in enumerate(first)}
    positions: dict[int, int] = {}
    for position, (one, other) in enumerate(zip(params, params_again, strict=True)):
        index = index_of.get(one) if isinstance(one, int) else None
        if index is not None and other == second[index]:
            positions[position] = index
        elif one != other or one in second:
            return _NOT_KEPT
    return sql, params, positions, using


def compiled_query(
    name: str, person: Any, build: Callable[..., QuerySet[Any]], *ids: int
) -> tuple[str, list[Any], str]:
    """(SQL, parameters, database alias) of ``build(person, *ids)``, compiled once per shape (see above)."""
    key = (name, *(getattr(person, field) for field in SHAPE_FIELDS), len(ids))
    with _lock:
        shape = _shapes.get(key)
    if shape is None:
        shape = _shape(build, person, 1 + len(ids))
        with _lock:
            if len(_shapes) >= _MAX_SHAPES:
                _shapes.clear()
            _shapes[key] = shape
    if shape is _NOT_KEPT:
        return _sql(build(person, *ids))
    sql, params, positions, using = shape
    values = (person.pk, *ids)
    filled = list(params)
    for position, index in positions.items():
        filled[position] = values[index]
    return sql, filled, using


def run(sql: str, params: Sequence[Any], using: str) -> list[tuple[Any, ...]]:
    """The rows of a compiled query, as the database gives them."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
