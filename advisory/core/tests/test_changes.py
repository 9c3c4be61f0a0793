"""The data version (advisory/core/changes.py): raised by the database on every kind of write to a domain table,
in the writing transaction, and not by the tables exempted."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone, translation

from advisory.accounts.models import ApiToken
from advisory.core.changes import data_version, install_triggers, kept, tracked_tables
from advisory.organisations.models import Organisation, Region
from tests.factories import MunicipalityFactory, RegionFactory, make_advisor

pytestmark = pytest.mark.django_db


def triggered_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
                ["core_data_version_raise"],
            )
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dv_%'")
        return {row[0] for row in cursor.fetchall()}


def test_every_table_of_the_advisory_apps_is_tracked_but_the_exempted():
    tables = tracked_tables()
    assert "programmes_activity" in tables
    assert "programmes_programme_advisors" in tables and "accounts_user_groups" in tables  # many-to-many too
    assert "accounts_user" in tables
    for exempt in ("accounts_apitoken", "notifications_outboxmessage", "notifications_calendarfeedtoken"):
        assert exempt not in tables
    assert "django_session" not in tables and "auditlog_logentry" not in tables
    assert triggered_tables() == set(tables)


def test_installing_again_changes_nothing():
    before = triggered_tables()
    assert install_triggers(connection) == len(tracked_tables())
    assert triggered_tables() == before


def test_every_kind_of_write_raises_it():
    seen = [data_version()]

    def raised() -> bool:
        seen.append(data_version())
        return seen[-1] > seen[-2]

    region = Region.objects.create(code="TEST", name="Testregion")
    assert raised()  # save() of a new row
    region.name = "Testregion 2"
    region.save()
    assert raised()  # save() of a row
    Region.objects.filter(pk=region.pk).update(name="Testregion 3")
    assert raised()  # a queryset's update()
    Organisation.objects.bulk_create([MunicipalityFactory.build(name=f"Org {n}") for n in range(3)])
    assert raised()  # bulk_create()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE organisations_region SET name = 'Rå' WHERE id = %s", [region.pk])
    assert raised()  # raw SQL
    Organisation.objects.filter(name__startswith="Org ").delete()
    assert raised()  # a queryset's delete()
    region.delete()
    assert raised()  # delete()


def test_a_many_to_many_change_raises_it():
    person = make_advisor()
    team = Group.objects.create(name="Et hold")  # django.contrib.auth's table: not tracked itself
    before = data_version()
    person.groups.add(team)  # accounts_user_groups is
    assert data_version() > before


def test_a_write_rolled_back_leaves_it_and_reading_or_exempt_writes_do_not_raise_it():
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Region.objects.create(code="RB", name="Rulles tilbage")
        assert data_version() > before  # seen inside the writing transaction
        raise RuntimeError
    assert data_version() == before
    list(Region.objects.all())
    assert data_version() == before
    person = make_advisor()
    after_person = data_version()
    assert after_person > before
    token, secret = ApiToken.issue(user=person, name="script")
    assert ApiToken.authenticate(secret) == person  # writes its "last used"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert data_version() == after_person  # the exempted table


def test_kept_is_computed_once_per_version_language_day_and_parts():
    calls: list[str] = []

    def compute(value: str) -> Callable[[], str]:
        def run() -> str:
            calls.append(value)
            return value

        return run

    assert kept("test", (1,), compute("a")) == "a"
    assert kept("test", (1,), compute("b")) == "a"  # kept
    assert kept("test", (2,), compute("c")) == "c"  # other parts
    with translation.override("en"):
        assert kept("test", (1,), compute("d")) == "d"  # other language
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert kept("test", (1,), compute("e")) == "e"  # another day
    RegionFactory(code="KEPT", name="Skrevet")
    assert kept("test", (1,), compute("f")) == "f"  # after a write
    assert kept("test", (1,), compute("g"), version=-1) == "g"  # the version a request read first
    assert calls == ["a", "c", "d", "e", "f", "g"]
