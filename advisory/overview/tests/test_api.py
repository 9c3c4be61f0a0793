"""The overview through the API: the same figures as the pages, Danish 400 for bad filters, 404 for organisation
people."""

from __future__ import annotations

import pytest

from advisory.organisations.models import Region
from advisory.overview import selectors
from advisory.overview.tests.conftest import client_for
from advisory.programmes.models import Programme

ENDPOINTS = ["/api/overview/programmes", "/api/overview/capacity", "/api/overview/reach"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_staff_get_the_figures_and_coordinators_404(world, advisor, coordinator, path):
    assert client_for(advisor).get(path).status_code == 200
    assert client_for(coordinator).get(path).status_code == 404


def test_the_portfolio_counts_and_pages(world, advisor):
    year = world["today"].year
    body = client_for(advisor).get(f"/api/overview/programmes?year={year}").json()
    assert body["total"] == selectors.portfolio_queryset(Programme.objects.all(), year=year).count()
    ids = {p["id"] for p in body["programmes"]}
    assert world["group"].pk in ids
    group = next(p for p in body["programmes"] if p["id"] == world["group"].pk)
    assert [phase["key"] for phase in group["phases"]][:1] == ["prepare"]
    assert sum(c["count"] for c in body["by_kind"]) == body["total"]


def test_the_reach_answers_region_syddanmark_never(world, advisor):
    region = Region.objects.get(name="Region Syddanmark")
    body = client_for(advisor).get(f"/api/overview/reach?region={region.pk}&reached=never").json()
    assert len(body["municipalities"]) == 22
    assert {m["state"] for m in body["municipalities"]} == {"never"}
    assert sum(r["municipalities"] for r in body["regions"]) == 98


def test_the_load(world, advisor):
    body = client_for(advisor).get("/api/overview/capacity").json()
    me = next(p for p in body["people"] if p["id"] == advisor.pk)
    assert len(me["weeks"]) == 26
    assert sum(w["activities"] for w in me["weeks"]) == sum(m["activities"] for m in me["months"]) > 0


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/overview/programmes?kind=nope", "kind"),
        ("/api/overview/programmes?advisor=99999", "advisor"),
        ("/api/overview/programmes?group=x", "group"),
        ("/api/overview/capacity?people=coordinator", "people"),
        ("/api/overview/reach?reached=sometimes", "reached"),
        ("/api/overview/reach?region=99999", "region"),
    ],
)
def test_a_bad_filter_is_a_danish_400(world, advisor, path, field):
    response = client_for(advisor).get(path)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Dataene er ikke gyldige." or "gyldig" in body["detail"]
    assert field in body["errors"]


@pytest.mark.parametrize("path", ["/api/overview/programmes?year=1999", "/api/overview/reach?on=2026-13-40"])
def test_out_of_range_values_are_refused(world, advisor, path):
    response = client_for(advisor).get(path)
    assert response.status_code in (400, 422)
