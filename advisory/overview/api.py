"""The overview's figures as JSON (/api/overview/…): the same filters (checked by the pages' forms: a bad value is a
Danish 400), the same access (404 for anyone but those who run programmes), the same selectors."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from advisory.core.api import ERRORS, validated
from advisory.core.changes import request_version
from advisory.overview import caching, selectors
from advisory.overview.forms import CapacityFilterForm, PortfolioFilterForm, ReachFilterForm

router = Router(tags=["overview"])


def _form_data(filters: Schema) -> dict[str, Any]:
    return {key: value for key, value in filters.dict().items() if value not in (None, "")}


class PortfolioQuery(Schema):
    year: int | None = Field(None, description="The year shown (this year when left out)", ge=2020, le=2100)
    kind: str = Field("", max_length=20, description="group, individual or taskforce")
    status: str = Field("", max_length=20, description="planned, running, completed or cancelled")
    advisor: int | None = Field(None, ge=1, le=2**31 - 1, description="A person's id: the programmes they run")
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="A region's id (in the region in the year)")
    template: int | None = Field(None, ge=1, le=2**31 - 1, description="A template version's id")
    group: str = Field("", max_length=20, description="kind, status or template: the order of the rows")
    page: int = Field(1, ge=1, le=10_000, description="50 programmes a page")


class PortfolioPhaseOut(Schema):
    key: str
    title: str
    start: datetime.date
    end: datetime.date


class PortfolioProgrammeOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    template_version: int
    start: datetime.date | None
    end: datetime.date | None
    phases: list[PortfolioPhaseOut]
    organisations: list[str]
    advisors: list[str]


class CountOut(Schema):
    key: str
    label: str
    count: int


class PortfolioOut(Schema):
    year: int
    total: int
    by_kind: list[CountOut]
    by_status: list[CountOut]
    page: int
    pages: int
    programmes: list[PortfolioProgrammeOut]


@router.get("/overview/programmes", response={200: PortfolioOut, **ERRORS})
def overview_programmes(request: HttpRequest, filters: Query[PortfolioQuery]) -> dict[str, Any]:
    """The portfolio: the year's programmes counted by kind and status, and one page of them with their phases."""
    selectors.require_overview(request.user)
    request_version(request)  # read before the data (advisory/overview/caching.py)
    data = _form_data(filters)
    page_number = data.pop("page", 1)
    form = PortfolioFilterForm(data)
    validated(form)
    criteria = form.criteria()
    # Kept until the data changes (advisory/overview/caching.py), per person, filters, page, language and day.
    return caching.cached(
        request,
        "api-programmes",
        [*data.items(), ("page", page_number)],
        lambda: _portfolio_out(request.user, criteria, page_number),
    )


def _portfolio_out(user: Any, criteria: dict[str, Any], page_number: int) -> dict[str, Any]:
    counts, page = selectors.portfolio_page(user, criteria, page_number)
    return {
        "year": criteria["year"],
        "total": counts["total"],
        "by_kind": [{"key": k, "label": str(label), "count": n} for k, label, n in counts["kinds"]],
        "by_status": [{"key": k, "label": str(label), "count": n} for k, label, n in counts["statuses"]],
        "page": page.number,
        "pages": page.paginator.num_pages,
        "programmes": [
            {
                "id": row.programme.pk,
                "title": row.programme.title,
                "kind": row.programme.kind,
                "status": row.programme.status,
                "template_version": row.programme.template_version_id,
                "start": row.start,
                "end": row.end,
                "phases": [{"key": p.key, "title": p.title, "start": p.start, "end": p.end} for p in row.phases],
                "organisations": row.organisation_names,
                "advisors": row.advisor_names,
            }
            for row in page.object_list
        ],
    }


class CapacityQuery(Schema):
    people: str = Field("", max_length=20, description="advisor or taskforce_member (both when left out)")
    year: int | None = Field(None, ge=2020, le=2100, description="The year of the intake (this year when left out)")


class WeekOut(Schema):
    week: datetime.date = Field(..., description="The week's Monday")
    activities: int
    meeting_days: int


class MonthOut(Schema):
    month: datetime.date = Field(..., description="The month's first day")
    activities: int
    meeting_days: int


class PersonLoadOut(Schema):
    id: int
    name: str
    role: str
    weeks: list[WeekOut]
    months: list[MonthOut]


class IntakeRoundLoadOut(Schema):
    id: int
    season: str
    theme: str
    opens_on: datetime.date
    closes_on: datetime.date
    places: int
    registered: int
    in_group: int
    groups: int
    waiting: int


class SeasonLoadOut(Schema):
    id: int
    year: int
    half: str
    capacity: int
    taken: int
    free: int
    waiting: int


class CapacityOut(Schema):
    first: datetime.date
    last: datetime.date
    people: list[PersonLoadOut]
    rounds: list[IntakeRoundLoadOut]
    seasons: list[SeasonLoadOut]


@router.get("/overview/capacity", response={200: CapacityOut, **ERRORS})
def overview_capacity(request: HttpRequest, filters: Query[CapacityQuery]) -> dict[str, Any]:
    """Per advisor and taskforce member the meetings and calls per week and month of the next 26 weeks, and the
    year's intake: rounds and taskforce seasons with capacity, occupancy and waiting list."""
    selectors.require_overview(request.user)
    request_version(request)  # read before the data (advisory/overview/caching.py)
    form = CapacityFilterForm(_form_data(filters))
    validated(form)
    criteria = form.criteria()
    return caching.cached(
        request, "api-capacity", _form_data(filters).items(), lambda: _capacity_out(request.user, criteria)
    )


def _capacity_out(user: Any, criteria: dict[str, Any]) -> dict[str, Any]:
    load = selectors.capacity(user, **criteria)
    rounds, seasons = selectors.intake(user, **criteria)
    return {
        "first": load.first,
        "last": load.last,
        "people": [
            {
                "id": person.person_id,
                "name": person.name,
                "role": person.role,
                "weeks": [
                    {"week": c.week, "activities": c.activities, "meeting_days": c.meeting_days} for c in person.weeks
                ],
                "months": [
                    {"month": month, "activities": a, "meeting_days": d}
                    for month, (a, d) in zip(load.months, person.months, strict=True)
                ],
            }
            for person in load.people
        ],
        "rounds": [
            {
                "id": r.round.pk,
                "season": r.round.season,
                "theme": r.round.theme,
                "opens_on": r.round.opens_on,
                "closes_on": r.round.closes_on,
                "places": r.capacity,
                "registered": r.registered,
                "in_group": r.in_group,
                "groups": r.groups,
                "waiting": r.waiting,
            }
            for r in rounds
        ],
        "seasons": [
            {
                "id": s.season.pk,
                "year": s.season.year,
                "half": s.season.half,
                "capacity": s.capacity,
                "taken": s.taken,
                "free": s.free,
                "waiting": s.waiting,
            }
            for s in seasons
        ],
    }


class ReachQuery(Schema):
    kind: str = Field("", max_length=20, description="group, individual or taskforce")
    region: int | None = Field(None, ge=1, le=2**31 - 1, description="A region's id")
    reached: str = Field("", max_length=20, description="never, ever, recent or now")
    on: datetime.date | None = Field(None, description="The day the regions are read on (today when left out)")


class ReachRowOut(Schema):
    id: int
    name: str
    municipality_code: str
    region: str
    ever: int
    recent: int
    now: int
    state: str = Field(..., description="now, recent, ever (earlier) or never")


class RegionShareOut(Schema):
    name: str
    municipalities: int
    municipalities_ever: int
    municipalities_recent: int
    municipalities_now: int
    shelters: int
    shelters_ever: int
    shelters_recent: int
    shelters_now: int


class ReachOut(Schema):
    on: datetime.date
    regions: list[RegionShareOut]
    municipalities: list[ReachRowOut]
    shelters: list[ReachRowOut]


def _reach_row(row: selectors.ReachRow) -> dict[str, Any]:
    return {
        "id": row.organisation_id,
        "name": row.name,
        "municipality_code": row.code,
        "region": row.region,
        "ever": row.ever,
        "recent": row.recent,
        "now": row.now,
        "state": row.state,
    }


@router.get("/overview/reach", response={200: ReachOut, **ERRORS})
def overview_reach(request: HttpRequest, filters: Query[ReachQuery]) -> dict[str, Any]:
    """Which municipalities and § 110 shelters have taken part (ever, in the last 2 years, now), and per region."""
    selectors.require_overview(request.user)
    request_version(request)  # read before the data (advisory/overview/caching.py)
    data = _form_data(filters)
    if "on" in data:
        data["on"] = data["on"].isoformat()
    form = ReachFilterForm(data)
    validated(form)
    criteria = form.criteria()
    return caching.cached(request, "api-reach", data.items(), lambda: _reach_out(request.user, criteria))


def _reach_out(user: Any, criteria: dict[str, Any]) -> dict[str, Any]:
    result = selectors.reach(user, **criteria)
    return {
        "on": result.on,
        "regions": [
            {
                "name": s.name,
                "municipalities": s.municipalities,
                "municipalities_ever": s.municipalities_ever,
                "municipalities_recent": s.municipalities_recent,
                "municipalities_now": s.municipalities_now,
                "shelters": s.shelters,
                "shelters_ever": s.shelters_ever,
                "shelters_recent": s.shelters_recent,
                "shelters_now": s.shelters_now,
            }
            for s in result.regions
        ],
        "municipalities": [_reach_row(row) for row in result.municipalities],
        "shelters": [_reach_row(row) for row in result.shelters],
    }
