"""The overview's pages and answers are kept in the cache until anything changes (advisory/overview/caching.py): a
kept copy is served while nothing was written, a write anywhere shows at the next request, and a copy is never
served to another person, in another language or on another day."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisory.core.changes import data_version
from advisory.overview import caching
from advisory.overview.tests.conftest import client_for
from advisory.programmes.models import Programme

PATHS = ["/overblik/", "/overblik/kapacitet/", "/overblik/raekkevidde/", "/api/overview/programmes"]


def _get(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    # The CSRF token is masked anew for every response (the frame's, not the kept content's).
    html = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', r"\1", response.content.decode())
    return html, len(captured)


@pytest.mark.parametrize("path", PATHS)
def test_a_kept_page_is_the_computed_one_and_fewer_queries(world, advisor, path):
    client = client_for(advisor)
    computed, computed_queries = _get(client, path)
    kept, kept_queries = _get(client, path)
    assert kept == computed
    assert kept_queries < computed_queries


def test_a_write_anywhere_shows_at_the_next_request(world, advisor):
    client = client_for(advisor)
    group = world["group"]
    before, _ = _get(client, "/overblik/")
    assert group.title in before
    assert group.title in _titles(client)
    version = data_version()
    Programme.objects.filter(pk=group.pk).update(title="Omdøbt gruppeforløb")
    assert data_version() > version  # the database's trigger
    after, _ = _get(client, "/overblik/")
    assert "Omdøbt gruppeforløb" in after and group.title not in after
    assert "Omdøbt gruppeforløb" in _titles(client) and group.title not in _titles(client)


def _titles(client):
    return {row["title"] for row in client.get("/api/overview/programmes").json()["programmes"]}


def test_a_kept_page_is_not_served_to_another_person(world, advisor, taskforce_member):
    year = world["today"].year
    assert f'data-programme="{world["group"].pk}"' in _get(client_for(advisor), f"/overblik/?year={year}")[0]
    html, _ = _get(client_for(taskforce_member), f"/overblik/?year={year}")
    assert f'data-programme="{world["taskforce"].pk}"' in html
    assert f'data-programme="{world["group"].pk}"' not in html  # the taskforce part only, not the advisor's copy


def test_the_filters_and_the_page_are_part_of_the_key(world, advisor):
    client = client_for(advisor)
    year = world["today"].year
    assert f'data-programme="{world["group"].pk}"' in _get(client, f"/overblik/?year={year}")[0]
    html, _ = _get(client, f"/overblik/?year={year}&kind=taskforce")
    assert f'data-programme="{world["group"].pk}"' not in html
    assert f'data-programme="{world["taskforce"].pk}"' in html


def test_a_kept_page_is_not_served_in_another_language(world, advisor):
    client = client_for(advisor)
    year = world["today"].year
    danish, _ = _get(client, f"/overblik/?year={year}")
    assert f"Forløb i {year}" in danish
    english, _ = _get(client, f"/overblik/?year={year}", HTTP_ACCEPT_LANGUAGE="en")
    assert f"Programmes in {year}" in english and f"Forløb i {year}" not in english


def test_a_kept_page_is_not_served_on_another_day(world, advisor, monkeypatch):
    client = client_for(advisor)
    _, computed = _get(client, "/overblik/kapacitet/")
    _, kept = _get(client, "/overblik/kapacitet/")
    tomorrow = world["today"] + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    _, next_day = _get(client, "/overblik/kapacitet/")
    assert kept < computed == next_day  # computed again: the load's weeks start from the new day


def test_the_key_holds_the_person_and_the_parameters_in_any_order(advisor, taskforce_member):
    key = caching.parts(advisor, [("year", ["2026"]), ("kind", ["group"])])
    assert caching.parts(advisor, [("kind", ["group"]), ("year", ["2026"])]) == key
    assert caching.parts(taskforce_member, [("year", ["2026"]), ("kind", ["group"])]) != key
    assert caching.parts(advisor, [("year", ["2027"]), ("kind", ["group"])]) != key
    assert caching.parts(advisor, [("year", ["2026"])]) != key
