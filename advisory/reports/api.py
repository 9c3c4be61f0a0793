"""The year's figures in the API (tag: reports): the same tables as the page, the XLSX and the PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from advisory.core.access import Action, can
from advisory.core.api import ERRORS
from advisory.reports import figures
from advisory.reports.models import AnnualReport
from advisory.reports.views import logged_read

router = Router(tags=["reports"])


class YearFigureRowOut(Schema):
    key: str = Field(..., description="A stable key: a programme kind, a question, a prerequisite, a figure")
    label: str
    values: list[int | float | None] = Field(..., description="One value per column; null where there is none")


class YearFigureTableOut(Schema):
    key: str = Field(
        ..., description="programmes, organisations, meetings, trial_actions, criteria, evaluations, ratings"
    )
    title: str
    label_heading: str
    columns: list[str]
    rows: list[YearFigureRowOut]
    note: str


class YearFiguresOut(Schema):
    year: int
    kinds: list[str] = Field(..., description="The programme kinds counted (taskforce members: taskforce only)")
    tables: list[YearFigureTableOut]
    counted_at: datetime.datetime = Field(
        ..., description="When the figures were counted (they are kept for up to 10 minutes)"
    )


def figures_out(year_figures: figures.YearFigures) -> dict[str, Any]:
    return {
        "year": year_figures.year,
        "kinds": list(year_figures.kinds),
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "label_heading": t.label_heading,
                "columns": list(t.columns),
                "note": t.note,
                "rows": [{"key": r.key, "label": r.label, "values": list(r.values)} for r in t.rows],
            }
            for t in year_figures.tables
        ],
        "counted_at": year_figures.counted_at,
    }


@router.get("/overview/statistics/{int:year}", response={200: YearFiguresOut, **ERRORS})
def year_statistics(request: HttpRequest, year: int) -> dict[str, Any]:
    """The year's figures for the annual report (advisors and administrators; taskforce members the taskforce
    part). Years 2020–2100. The figures are those kept for the page (``counted_at``: at most 10 minutes
    before the answer). Logged as a read in the audit log."""
    if not can(request.user, Action.VIEW, AnnualReport):
        raise Http404  # organisation people: the figures are not there for them (as the overview's endpoints)
    if not figures.year_in_range(year):
        raise HttpError(404, figures.year_out_of_range_message())
    logged_read(year)
    return figures_out(figures.cached_year_figures(year, figures.kinds_for(request.user)))
