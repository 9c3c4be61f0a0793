"""The overview's pages (/overblik/…) and downloads. Those who run programmes see the pages; a coordinator gets 404
for them but downloads the programme list of the organisations they coordinate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.pagination import query_without_page
from advisory.overview import caching, exports, selectors, tables
from advisory.overview.forms import CapacityFilterForm, PortfolioFilterForm, ReachFilterForm

SHELTERS_PER_PAGE = 50


def _query(request: AuthenticatedHttpRequest) -> str:
    return query_without_page(request)


def _page(
    request: AuthenticatedHttpRequest,
    name: str,
    context_of: Callable[[AuthenticatedHttpRequest], tuple[dict[str, Any], int]],
) -> HttpResponse:
    """An overview page: its content (``overview/_<name>_content.html``) from the cache, computed when missing
    (``caching``: kept per person, filters, page, language, day and data version), inside the site's frame."""

    def compute() -> tuple[str, int]:
        context, status = context_of(request)
        return render_to_string(f"overview/_{name}_content.html", context), status

    html, status = caching.cached(request, name, request.GET.lists(), compute)
    content = mark_safe(html)  # our own rendered template
    return render(request, f"overview/{name}.html", {"content": content}, status=status)


@login_required
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_overview(request.user)
    return _page(request, "portfolio", _portfolio)


def _portfolio(request: AuthenticatedHttpRequest) -> tuple[dict[str, Any], int]:
    filters = PortfolioFilterForm(request.GET or None)
    valid = not filters.is_bound or filters.is_valid()
    criteria = filters.criteria()
    counts, page = selectors.portfolio_page(request.user, criteria, request.GET.get("side"))
    year = criteria["year"]
    context = {
        "filters": filters,
        "valid": valid,
        "criteria": criteria,
        "counts": counts,
        "page": page,
        "chart": selectors.portfolio_chart(list(page.object_list), year),
        "querystring": _query(request),
        "year": year,
        "previous_year": year - 1 if year > 2020 else None,
        "next_year": year + 1 if year < 2100 else None,
        "export_query": request.GET.urlencode() if valid else "",
    }
    return context, 200 if valid else 400


@login_required
def capacity(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_overview(request.user)
    return _page(request, "capacity", _capacity)


def _capacity(request: AuthenticatedHttpRequest) -> tuple[dict[str, Any], int]:
    filters = CapacityFilterForm(request.GET or None)
    valid = not filters.is_bound or filters.is_valid()
    criteria = filters.criteria()
    rounds, seasons = selectors.intake(request.user, **criteria)
    context = {
        "filters": filters,
        "valid": valid,
        "load": selectors.capacity(request.user, **criteria),
        "rounds": rounds,
        "seasons": seasons,
        "year": criteria["year"],
        "show_rounds": not selectors._taskforce_only(request.user),
        "export_query": request.GET.urlencode() if valid else "",
    }
    return context, 200 if valid else 400


@login_required
def reach(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_overview(request.user)
    return _page(request, "reach", _reach)


def _reach(request: AuthenticatedHttpRequest) -> tuple[dict[str, Any], int]:
    filters = ReachFilterForm(request.GET or None)
    valid = not filters.is_bound or filters.is_valid()
    criteria = filters.criteria()
    result = selectors.reach(request.user, **criteria)
    tiles = selectors.map_tiles(result)
    shelters = Paginator(result.shelters, SHELTERS_PER_PAGE).get_page(request.GET.get("side"))
    context = {
        "filters": filters,
        "valid": valid,
        "reach": result,
        "tiles": tiles,
        "counts": {
            state: sum(1 for row in tiles if row.state == state) for state in ("now", "recent", "ever", "never")
        },
        "shelters": shelters,
        "page": shelters,
        "querystring": _query(request),
        "export_query": request.GET.urlencode() if valid else "",
        "criteria": criteria,
    }
    return context, 200 if valid else 400


def _invalid_export(request: AuthenticatedHttpRequest, form: Any) -> HttpResponse:
    return render(request, "overview/export_invalid.html", {"form": form}, status=400)


@login_required
def export_programmes(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The filtered programme list as CSV or XLSX: staff the overview's programmes, coordinators their own."""
    if fmt not in exports.FORMATS:
        raise Http404
    if not selectors.may_export_programmes(request.user):
        raise Http404
    form = PortfolioFilterForm(request.GET)
    if not form.is_valid():
        return _invalid_export(request, form)
    criteria = form.criteria()
    rows = selectors.export_rows(request.user, criteria)
    exports.log_export(request.user, "programmes", [row.programme for row in rows], criteria, fmt)
    return exports.response(tables.programme_table(rows), _("programmes-%(year)s") % criteria, fmt)


def _staff_export(
    request: AuthenticatedHttpRequest,
    fmt: str,
    form_class: Any,
    table_of: Callable[[Any, dict[str, Any]], exports.Table],
    what: str,
    name: str,
) -> HttpResponseBase:
    """A page of the overview as CSV or XLSX (those who may read the overview; one audit entry on the person)."""
    if fmt not in exports.FORMATS:
        raise Http404
    selectors.require_overview(request.user)
    form = form_class(request.GET)
    if not form.is_valid():
        return _invalid_export(request, form)
    criteria = form.criteria()
    table = table_of(request.user, criteria)
    exports.log_export_of_user(request.user, what, criteria, fmt, len(table.rows))
    return exports.response(table, name, fmt)


@login_required
def export_capacity(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    def table_of(user: Any, criteria: dict[str, Any]) -> exports.Table:
        return tables.capacity_table(selectors.capacity(user, **criteria))

    return _staff_export(request, fmt, CapacityFilterForm, table_of, "capacity", _("load"))


@login_required
def export_reach(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    def table_of(user: Any, criteria: dict[str, Any]) -> exports.Table:
        return tables.reach_table(selectors.reach(user, **criteria))

    return _staff_export(request, fmt, ReachFilterForm, table_of, "reach", _("reach"))
