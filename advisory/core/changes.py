"""The data version: one number the database raises whenever a domain table is written.

Pages and feeds that are read far more often than their data changes keep what they computed in Django's cache
under a key holding ``data_version()``: while no domain table has been written since, the number is the same and
the cached copy is what a fresh computation would give; after any write, the key changes and the next reader
computes afresh. One cheap query (one row) replaces reading everything a page is made of.

The number is raised by triggers in the database, not by the application, so that no write is missed: a model's
``save()``, a queryset's ``update()``/``delete()``, ``bulk_create()``, raw SQL, the admin, a migration, another
process. ``install_triggers`` puts one on every table of the ``advisory.*`` apps (the many-to-many tables
included) after every ``migrate`` (``post_migrate``, connected in ``CoreConfig.ready``), so a table added later
is covered without anyone remembering to. A model whose rows change as a side effect of reading or of the
background machinery (a token's "last used", the outbox, the scheduler's runs, the SAML replay cache) sets
``data_version_exempt = True``: pages cached by the version must not depend on those.

- SQLite: a row trigger per table and operation (SQLite has no statement triggers; it has one writer at a time).
- PostgreSQL: a statement trigger per table (once per statement, not per row: a bulk insert raises it once).
  Every writing statement raises it, also the second in one transaction, so that what was computed and cached
  between two writes of a transaction is not taken for what follows the second. The row is updated inside the
  writing transaction, so a reader sees the new number exactly when it sees the new data; writing transactions
  queue on that one row until they commit (fine for this service's write volume: people's edits, not a
  stream).

The table ``core_data_version`` (one row) is made by the core migration, not by a model, so ``flush`` leaves it
alone and the number never goes back (a cached copy can never be mistaken for a later state's).

Read the number first, then the data: under READ COMMITTED a write that commits in between is then stored under
the old number, which no later reader asks for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation

TABLE = "core_data_version"
T = TypeVar("T")
PG_FUNCTION = "core_data_version_raise"
PG_TRIGGER = "core_data_version_raise"
SQLITE_OPERATIONS = ("INSERT", "UPDATE", "DELETE")
# Only constants and quoted table names of the app's own models go into these statements.
READ_SQL = f"SELECT version FROM {TABLE} WHERE id = 1"  # noqa: S608
RAISE_SQL = f"UPDATE {TABLE} SET version = version + 1 WHERE id = 1"  # noqa: S608


def data_version(using: str = "default") -> int:
    """The current data version (one indexed read of one row)."""
    with connections[using].cursor() as cursor:
        cursor.execute(READ_SQL)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def tracked_tables() -> list[str]:
    """Every table of the advisory apps whose writes raise the version (sorted)."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.app_config or not meta.app_config.name.startswith("advisory."):
            continue
        if not meta.managed or meta.proxy or getattr(model, "data_version_exempt", False):
            continue
        tables.add(meta.db_table)
    return sorted(tables)


def _sqlite_trigger(table: str, operation: str) -> str:
    return f"dv_{table}_{operation.lower()}"


def install_triggers(connection: BaseDatabaseWrapper) -> int:
    """Put the raising trigger on every tracked table (again: no change) and drop it from exempted ones; the
    number of tables covered."""
    tables = tracked_tables()
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return 0
    tables = [table for table in tables if table in existing]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {RAISE_SQL}; RETURN NULL; END $$"
            )
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = %s", [PG_TRIGGER]
            )
            have = {row[0] for row in cursor.fetchall()}
            for table in sorted(have - set(tables)):
                cursor.execute(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {quote(table)}")
            for table in tables:
                if table not in have:
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                        f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
                    )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dv\\_%' ESCAPE '\\'")
            have = {row[0] for row in cursor.fetchall()}
            wanted = {_sqlite_trigger(t, op): (t, op) for t in tables for op in SQLITE_OPERATIONS}
            for name in sorted(have - set(wanted)):
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
            for name, (table, operation) in sorted(wanted.items()):
                if name not in have:
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {quote(name)} AFTER {operation} ON {quote(table)} "
                        f"BEGIN {RAISE_SQL}; END"
                    )
        else:  # pragma: no cover - the service runs on SQLite and PostgreSQL only
            raise NotImplementedError(f"No data-version triggers for {connection.vendor}")
    return len(tables)


def install_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: the triggers on every tracked table of the database just migrated."""
    install_triggers(connections[using])


# --- Keeping what was computed under the data version -----------------------------------------------------------

KEPT_SECONDS = 60 * 60  # a bound on the memory kept, not on freshness: the key changes with the data
_MISSING = object()


def request_version(request: Any) -> int:
    """The data version of this request, read once: a view reads it first, before the data its page shows (a write
    that commits in between is then kept under the old number, which no later reader asks for), and everything the
    page keeps uses the same number."""
    version: int | None = getattr(request, "_data_version", None)
    if version is None:
        version = data_version()
        request._data_version = version
    return version


def kept(name: str, parts: Iterable[Any], compute: Callable[[], T], *, version: int | None = None) -> T:
    """``compute()``, or what it gave before under the same data version, language, day and ``parts``.

    ``parts`` must hold everything else the result depends on: the person (what they may see) when it is theirs,
    the filters and page. ``version``: the request's (``request_version``), else read now, before ``compute`` reads
    the data. Kept in Django's default cache (each process's memory unless CACHES says otherwise)."""
    if version is None:
        version = data_version()
    language = translation.get_language() or ""
    key = ":".join(["kept", name, str(version), language, timezone.localdate().isoformat(), *map(str, parts)])
    if len(key) > 200:  # memcached's limit is 250 bytes; long filter sets are digested
        key = f"kept:{name}:{hashlib.blake2b(key.encode(), digest_size=20).hexdigest()}"
    value: Any = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    result: T = value
    return result


def kept_for_request(request: Any, name: str, compute: Callable[[], T]) -> T:
    """``kept`` for what a page shows the person from its query string (filters, search, page): the person and the
    query string are the parts, the version the request's."""
    return kept(name, (request.user.pk, request.GET.urlencode()), compute, version=request_version(request))
