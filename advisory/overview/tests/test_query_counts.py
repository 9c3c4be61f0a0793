"""The overview's queries stay the same in number whether there are 10 or 1,000 programmes (and organisations):
every figure is aggregated in the database (see tests/test_query_counts.py for the pattern). A page is kept in the
cache until the data changes (advisory/overview/caching.py): the pages are counted as computed (the cache emptied
first) and as served from the cache (one query for the data version besides the session's and the person's)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisory.organisations.models import Organisation, OrganisationKind
from advisory.overview.tests.conftest import client_for
from advisory.programmes.models import Activity, Programme, ProgrammeOrganisation

_serial = itertools.count()


def _more(world: dict[str, Any], advisor: Any, n: int) -> None:
    """n programmes with three activities this year and next, two organisations each, run by the advisor; and n
    shelters, half of them taking part."""
    today = world["today"]
    version = world["group"].template_version
    made = Programme.objects.bulk_create(
        Programme(kind="group", template_version=version, title=f"Forløb {next(_serial)}", status="running")
        for _ in range(n)
    )
    Activity.objects.bulk_create(
        Activity(
            programme=programme,
            key=f"m{k}",
            template_key="reflection_meeting",
            title="Refleksionsmøde",
            phase=("prepare", "change", "anchor")[k],
            format="in_person",
            starts_on=today + datetime.timedelta(days=7 * k + i % 50),
        )
        for i, programme in enumerate(made)
        for k in range(3)
    )
    Programme.advisors.through.objects.bulk_create(
        Programme.advisors.through(programme_id=p.pk, user_id=advisor.pk) for p in made
    )
    municipality = world["group"].organisations.order_by("pk").first()
    shelters = Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.SHELTER, name=f"Herberg {next(_serial)}", municipality=municipality)
        for _ in range(n)
    )
    ProgrammeOrganisation.objects.bulk_create(
        ProgrammeOrganisation(programme=p, organisation=o) for p, o in zip(made, shelters, strict=True) if p.pk % 2
    )


def _count(client: Any, path: str, *, kept: bool = False) -> int:
    """The queries of a request: computed (the cache emptied first) or, ``kept``, served from the cache."""
    if not kept:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/overblik/",
        "/overblik/?group=kind&side=2",
        "/overblik/kapacitet/",
        "/overblik/raekkevidde/",
        "/overblik/raekkevidde/?reached=never&side=2",
        "/api/overview/programmes",
        "/api/overview/capacity",
        "/api/overview/reach",
    ],
)
def test_the_same_number_of_queries_for_10_and_1000_rows(world, advisor, path):
    client = client_for(advisor)
    _more(world, advisor, 10)
    _count(client, path)  # warm: session, caches of the first request
    small = _count(client, path)
    small_kept = _count(client, path, kept=True)
    _more(world, advisor, 990)
    large = _count(client, path)
    large_kept = _count(client, path, kept=True)
    assert small == large, f"{path}: {small} queries with 10 rows, {large} with 1,000"
    assert small_kept == large_kept < small, f"{path}: kept {small_kept} and {large_kept}, computed {small}"
