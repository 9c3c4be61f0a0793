"""Files: the year's figures and a programme's plan as XLSX (openpyxl) and PDF (WeasyPrint).

The PDF is the print template rendered by Django and laid out by WeasyPrint, which fetches nothing from the network:
``StaticOnlyFetcher`` serves the app's print stylesheet from the static files on disk and refuses every other URL.
Inline SVG in a PDF is styled by a ``<style>`` element inside the ``<svg>`` (WeasyPrint does not apply the page's
stylesheet to inline SVG), added here to every picture of the print page, so the pages' templates stay the same.
"""

from __future__ import annotations

import io
import mimetypes
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from advisory.reports.figures import Table

PRINT_BASE = "https://print.invalid"  # the print page's base URL: never fetched, only mapped to static files
PRINT_STYLESHEET = "reports/print.css"
SVG_STYLESHEETS = ("css/timeline-svg.css", "reports/print-svg.css")  # the timeline as on the pages; the charts
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


# --- XLSX -----------------------------------------------------------------------------------------------------


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:31] or "Ark"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _append(sheet: Worksheet, values: Iterable[Any], *, bold: bool = False) -> None:
    """One row; texts are written as texts (a text starting with "=" is not a formula in our files)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)


def _width(sheet: Worksheet) -> None:
    for column in sheet.columns:
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(column[0].column or 1)].width = min(max(longest + 2, 10), 80)


def workbook_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]], str]], *, footer: str = ""
) -> bytes:
    """A workbook of (title, headings, rows, note) sheets; ``footer`` is the last line of every sheet."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for title, headings, rows, note in sheets:
        sheet = book.create_sheet(_sheet_title(title, taken))
        _append(sheet, [title], bold=True)
        _append(sheet, headings, bold=True)
        for row in rows:
            _append(sheet, row)
        if note:
            _append(sheet, [])
            _append(sheet, [note])
        if footer:
            _append(sheet, [])
            _append(sheet, [footer])
        _width(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tables_xlsx(tables: Sequence[Table], *, footer: str = "") -> bytes:
    """One sheet per table: its title, the headings, a row per row, the note (and ``footer``: when counted)."""
    return workbook_bytes(
        [(t.title, [t.label_heading, *t.columns], [[r.label, *r.values] for r in t.rows], t.note) for t in tables],
        footer=footer,
    )


def filename(*parts: object, ext: str) -> str:
    return "-".join(slugify(str(p)) for p in parts if str(p)) + f".{ext}"


# --- PDF ------------------------------------------------------------------------------------------------------


def _static_file(path: str) -> Path | None:
    found = finders.find(path)
    return Path(found) if isinstance(found, str) else None


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class StaticOnlyFetcher(URLFetcher):
        """Serves the static files (from disk) the print page links to; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            prefix = PRINT_BASE + settings.STATIC_URL
            if not url.startswith(prefix):
                raise ValueError(f"Not fetched for a PDF: {url}")
            relative = url[len(prefix) :].split("?")[0].split("#")[0]
            if ".." in relative.split("/"):
                raise ValueError(f"Not fetched for a PDF: {url}")
            path = _static_file(relative)
            if path is None:
                raise ValueError(f"No such static file: {relative}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher()


def _svg_style() -> str:
    paths = [_static_file(name) for name in SVG_STYLESHEETS]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths if path)


def _styled_svgs(html: str) -> str:
    style = _svg_style()
    if not style:
        return html
    return re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}<style>{style}</style>", html)


def print_stylesheet_url() -> str:
    """The print stylesheet's address under the print base (its source file: no hashed name of the static files'
    storage is needed)."""
    return f"{PRINT_BASE}{settings.STATIC_URL}{PRINT_STYLESHEET}"


def pdf_bytes(template: str, context: dict[str, Any]) -> bytes:
    """The print template as a PDF (A4, the print stylesheet), fetching nothing but static files from disk."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = _styled_svgs(render_to_string(template, {**context, "print_stylesheet": print_stylesheet_url()}))
    document = HTML(string=html, base_url=PRINT_BASE + "/", url_fetcher=_fetcher())
    return bytes(document.write_pdf())
