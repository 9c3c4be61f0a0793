"""Fixtures for every test: the people of the three-user pattern, and a client per role."""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from tests import factories
from tests.helpers import TEST_SETTINGS

# The longest tests first, so that under xdist (make test: two workers, each handed a few tests at a time) they start
# at once and the many short ones fill in around them, instead of one long test lengthening the end of the run. The
# browser tests are spread over both workers (each starts its own Chromium). This runs after pytest-django's order
# (tests that roll back before those that write), which it keeps within each part.
LONGEST_FIRST = ("tests/fuzz/", "tests/browser/", "tests/test_bad_input.py", "tests/test_permission_matrix.py")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid
        return next((index for index, start in enumerate(LONGEST_FIRST) if path.startswith(start)), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: a module's tests stay together and in order


def _flush_postgresql_by_delete() -> None:
    """On PostgreSQL, the flush after each test that really writes (a live server's, transactional_db) deletes the
    rows instead of truncating the tables: TRUNCATE of the ~80 tables gives each a new file, about 3 s a test on the
    loaded machine against 0.1-0.4 s for DELETE of the few rows a test leaves. Django's foreign keys on PostgreSQL are
    DEFERRABLE INITIALLY DEFERRED and the flush runs in one transaction, so the order of the tables does not matter.
    A flush that resets sequences or cascades is left to TRUNCATE."""
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no psycopg
        return
    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


_flush_postgresql_by_delete()

# Kept through that flush: the content types and permissions of every model, which the flush would otherwise delete
# and Django's post_migrate handlers then insert again row by row (one commit each; about 3 s a test on PostgreSQL on
# the loaded machine). The tests create none of their own, so the set after each flush is the same as before.
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


def _flush_keeps_content_types() -> None:
    from django.core.management.commands import flush

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):  # type: ignore[no-untyped-def]
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        return connection.ops.sql_flush(
            style,
            [table for table in tables if table not in KEPT_BY_FLUSH],
            reset_sequences=reset_sequences,
            allow_cascade=allow_cascade,
        )

    flush.sql_flush = sql_flush  # type: ignore[attr-defined]


_flush_keeps_content_types()


def _sqlite_test_database_from_a_migrated_copy() -> None:
    """On SQLite, each test process's database is a copy of one migrated before (kept in the var directory) instead of
    migrating its own: about 9 s of CPU per process. The copy is named by a hash of what a migration's result depends
    on: the application's code (migrations, models, the triggers installed after a migration, the data a migration
    loads) and the installed packages; any change to them makes a new copy, by the first process that migrates. What
    follows a migration (the cache tables, the serialised contents pytest-django may ask for) is done as Django does."""
    from django.core.management import call_command
    from django.db.backends.sqlite3.creation import DatabaseCreation

    create = DatabaseCreation.create_test_db

    def migrations_key() -> str:
        digest = hashlib.sha256()
        base = Path(django_settings.BASE_DIR)
        code = [*base.glob("advisory/**/*.py"), *base.glob("config/**/*.py"), *base.glob("data/**/*.json")]
        for path in sorted(path for path in code if "tests" not in path.relative_to(base).parts):
            digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
        for name in ("requirements.txt", "requirements-dev.txt"):
            if (base / name).exists():
                digest.update((base / name).read_bytes())
        digest.update(repr(django_settings.INSTALLED_APPS).encode())
        return digest.hexdigest()[:16]

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):  # type: ignore[no-untyped-def]
        name = self._get_test_db_name()
        if keepdb or self.is_in_memory_db(name) or self.connection.settings_dict["TEST"].get("MIGRATE") is False:
            return create(self, verbosity, autoclobber, serialize, keepdb)
        template = Path(name).with_name(f"test-migrated-{migrations_key()}.sqlite3")
        if not template.exists():
            created = create(self, verbosity, autoclobber, serialize, keepdb)
            partial = template.with_name(f"{template.name}.{os.getpid()}")
            with self.connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(partial)])
            os.replace(partial, template)  # whole or not at all, also with another process doing the same
            for old in template.parent.glob("test-migrated-*.sqlite3"):
                if old != template:
                    old.unlink(missing_ok=True)
            return created
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        with open(template, "rb") as source, open(name, "wb") as copy_:
            copy_.write(source.read())
        self.connection.close()
        django_settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return name

    DatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]


_sqlite_test_database_from_a_migrated_copy()


@pytest.fixture(autouse=True)
def _danish_and_fast(settings):  # type: ignore[no-untyped-def]
    for name, value in copy.deepcopy(TEST_SETTINGS).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _database_caches_emptied(request, django_db_blocker):  # type: ignore[no-untyped-def]
    """After a test that really writes (a live server's), empty the caches kept in a database table (the public
    forms' rate limit): the flush after such a test leaves tables without a model alone, and the next test of the
    worker would start with this one's counts."""
    yield
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    with django_db_blocker.unblock():
        for alias in django_settings.CACHES:
            if isinstance(caches[alias], DatabaseCache):
                caches[alias].clear()


@pytest.fixture(autouse=True)
def _memory_caches_emptied():  # type: ignore[no-untyped-def]
    """Each test starts with empty in-memory caches: what a page keeps for minutes (the year's figures, the offers'
    pages, the plan section) was counted from an earlier test's data."""
    for alias in django_settings.CACHES:
        if isinstance(caches[alias], LocMemCache):
            caches[alias].clear()


@pytest.fixture
def municipality(db):  # type: ignore[no-untyped-def]
    return factories.make_municipality()


@pytest.fixture
def other_municipality(db):  # type: ignore[no-untyped-def]
    return factories.make_other_municipality()


@pytest.fixture
def advisor(db):  # type: ignore[no-untyped-def]
    return factories.make_advisor()


@pytest.fixture
def administrator(db):  # type: ignore[no-untyped-def]
    return factories.make_administrator()


@pytest.fixture
def taskforce_member(db):  # type: ignore[no-untyped-def]
    return factories.make_taskforce_member()


@pytest.fixture
def coordinator(municipality):  # type: ignore[no-untyped-def]
    return factories.make_coordinator(municipality)


@pytest.fixture
def stranger(other_municipality):  # type: ignore[no-untyped-def]
    """A coordinator of another organisation."""
    return factories.make_stranger(other_municipality)


def _client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def advisor_client(advisor):  # type: ignore[no-untyped-def]
    return _client_for(advisor)


@pytest.fixture
def coordinator_client(coordinator):  # type: ignore[no-untyped-def]
    return _client_for(coordinator)


@pytest.fixture
def stranger_client(stranger):  # type: ignore[no-untyped-def]
    return _client_for(stranger)


@pytest.fixture
def admin_client_(administrator):  # type: ignore[no-untyped-def]
    return _client_for(administrator)


# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that thread are still synchronous, so Django's async guard is relaxed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
