"""Downloads of the overview's tables: CSV for Danish Excel (UTF-8 with BOM, semicolons) and XLSX (openpyxl: typed
cells, real dates, a header row in bold, the header frozen). Each download is a read in the audit log."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name (at most 31 characters in Excel)
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]  # int, str, date or None per cell


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")  # Danish Excel reads dd-mm-yyyy as a date
    text = str(value)
    # A cell that starts like a formula is written as text, so a name like "=HYPERLINK(...)" never runs in Excel.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] == "=":
        return "'" + value  # never a formula
    return value


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31]
    sheet.append([str(h) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in table.headers]
    for row in table.rows:
        sheet.append([_xlsx_cell(value) for value in row])
        for index, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = "DD-MM-YYYY"
                widths[index] = max(widths[index], 10)
            else:
                widths[index] = max(widths[index], min(len(str(value or "")), 60))
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(table: Table, filename: str, fmt: str) -> FileResponse:
    """The download as a file (streamed, with its name, as the other downloads of the platform)."""
    content, content_type = (xlsx_bytes(table), XLSX_TYPE) if fmt == "xlsx" else (csv_bytes(table), CSV_TYPE)
    name = f"{filename}.{fmt}"
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=content_type)


def log_export(user: Any, what: str, records: Iterable[Model], criteria: dict[str, Any], fmt: str) -> None:
    """One ACCESS entry per exported record, in one INSERT, marked as the export it was part of (the audit log's
    person and object filters find it both ways)."""
    records = list(records)
    if not records:
        return
    content_type = ContentType.objects.get_for_model(type(records[0]))
    cid = get_cid()
    filters = {key: str(value) for key, value in criteria.items() if value not in (None, "")}
    additional = {"export": what, "format": fmt, "filters": filters, "rows": len(records)}
    actor = user if getattr(user, "pk", None) else None
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(record.pk),
                object_id=record.pk if isinstance(record.pk, int) else None,
                object_repr=str(record)[:255],
                action=LogEntry.Action.ACCESS,
                changes=None,
                actor=actor,
                actor_email=getattr(actor, "email", None),
                additional_data=additional,
                cid=cid,
            )
            for record in records
        ],
        batch_size=500,
    )


def log_export_of_user(user: Any, what: str, criteria: dict[str, Any], fmt: str, rows: int) -> None:
    """An export that is no one record's (the load, the reach): one ACCESS entry on the person who exported."""
    if not getattr(user, "pk", None):
        return
    filters = {key: str(value) for key, value in criteria.items() if value not in (None, "")}
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user,
        actor_email=user.email,
        additional_data={"export": what, "format": fmt, "filters": filters, "rows": rows},
    )
