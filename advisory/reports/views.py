"""The year's figures (page, XLSX, PDF) and a programme's plan (PDF, XLSX).

Access is the pages' own: the figures for the agency's staff (``figures.kinds_for``: taskforce members see the
taskforce part; for organisation people they are not there, 404, as the overview's pages), a plan for whoever may
see the programme's page (else 404). Every file is logged as a read in the audit log (the year's ``AnnualReport``
row, the programme).

The figures come from the cache (``figures.cached_year_figures``; the page, the files and the API read the same kept
figures and say when they were counted); the page's "count again" link (``?opdater=1``) counts them again now and
redirects to the page without it.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for
from advisory.core.audit import log_read
from advisory.programmes.models import Programme
from advisory.reports import charts, exports, figures, plan
from advisory.reports.models import AnnualReport

RECOUNT = "opdater"  # ?opdater=1: count the figures again now


def _require_reader(user: object) -> None:
    """The figures do not exist for anybody outside the agency (404, as the overview's pages)."""
    if not can(user, Action.VIEW, AnnualReport):
        raise Http404


def _figures(request: AuthenticatedHttpRequest, year: int, *, recount: bool = False) -> figures.YearFigures:
    _require_reader(request.user)
    if not figures.year_in_range(year):
        raise Http404(figures.year_out_of_range_message())
    return figures.cached_year_figures(year, figures.kinds_for(request.user), recount=recount)


def logged_read(year: int) -> None:
    log_read(AnnualReport.objects.get_or_create(year=year)[0])


def _file(content: bytes, content_type: str, name: str) -> FileResponse:
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def _context(year_figures: figures.YearFigures) -> dict[str, Any]:
    return {
        "figures": year_figures,
        "year": year_figures.year,
        "sections": [(table, charts.bar_chart(table)) for table in year_figures.tables],
        "taskforce_only": year_figures.kinds == ("taskforce",),
        "counted": figures.counted_text(year_figures),
    }


@login_required
@require_GET
def statistics_current(request: HttpRequest) -> HttpResponse:
    """This year's figures, or the year chosen in the form (?year=)."""
    _require_reader(request.user)
    chosen = request.GET.get("year", "")
    year = int(chosen) if chosen.isdigit() and len(chosen) == 4 else timezone.localdate().year
    if not figures.year_in_range(year):
        raise Http404(figures.year_out_of_range_message())
    return redirect("reports:statistics", year=year)


@login_required
@require_GET
def statistics(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if request.GET.get(RECOUNT) == "1":
        _figures(request, year, recount=True)
        return redirect("reports:statistics", year=year)
    context = _context(_figures(request, year))
    context |= {
        "previous_year": year - 1 if figures.year_in_range(year - 1) else None,
        "next_year": year + 1 if figures.year_in_range(year + 1) else None,
        "years": range(figures.FIRST_YEAR, timezone.localdate().year + 2),
    }
    return render(request, "reports/statistics.html", context)


@login_required
@require_GET
def statistics_xlsx(request: AuthenticatedHttpRequest, year: int) -> HttpResponseBase:
    year_figures = _figures(request, year)
    logged_read(year)
    content = exports.tables_xlsx(year_figures.tables, footer=figures.counted_text(year_figures))
    return _file(content, exports.XLSX_TYPE, exports.filename("tal", year, ext="xlsx"))


@login_required
@require_GET
def statistics_pdf(request: AuthenticatedHttpRequest, year: int) -> HttpResponseBase:
    year_figures = _figures(request, year)
    logged_read(year)
    content = exports.pdf_bytes("reports/statistics_pdf.html", _context(year_figures))
    return _file(content, exports.PDF_TYPE, exports.filename("tal", year, ext="pdf"))


def _plan(request: AuthenticatedHttpRequest, pk: int) -> plan.PlanExport | HttpResponse:
    programme = get_object_for(request.user, Programme.objects.select_related("template_version__template"), pk=pk)
    try:
        export = plan.plan_export(request.user, programme)
    except plan.PlanTooLarge:
        return render(request, "reports/refused.html", {"message": plan.too_large_message()}, status=400)
    log_read(programme)
    return export


@login_required
@require_GET
def plan_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    export = _plan(request, pk)
    if isinstance(export, HttpResponse):
        return export
    content = exports.pdf_bytes("reports/plan_pdf.html", {"plan": export, "programme": export.programme})
    return _file(content, exports.PDF_TYPE, exports.filename("plan", export.programme.title, ext="pdf"))


@login_required
@require_GET
def plan_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    export = _plan(request, pk)
    if isinstance(export, HttpResponse):
        return export
    content = exports.workbook_bytes(plan.plan_sheets(export))
    return _file(content, exports.XLSX_TYPE, exports.filename("plan", export.programme.title, ext="xlsx"))
