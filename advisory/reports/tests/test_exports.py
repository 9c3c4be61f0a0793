"""The files, read back: the year's figures (XLSX with openpyxl, PDF with pypdf) and a programme's plan, compared
with the page's figures; who may download them; the audit log; the PDF fetches nothing from the network."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from pypdf import PdfReader

from advisory.programmes.models import Activity, ActivityScope, Programme
from advisory.reports import exports, figures, plan
from advisory.reports.models import AnnualReport
from tests import factories
from tests.helpers import danish

pytestmark = pytest.mark.django_db

ALL = ("group", "individual", "taskforce")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def response_schema(document: dict[str, Any], path: str) -> dict[str, Any]:
    """The 200 answer's schema, with the components along so that its $refs resolve (as tests/api/test_openapi.py)."""
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def _body(response: Any) -> bytes:
    assert response.streaming  # a file, as the other downloads
    return b"".join(response.streaming_content)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _reads(model: type[Any], pk: Any) -> int:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk), action=LogEntry.Action.ACCESS
    ).count()


def test_the_xlsx_has_the_page_s_figures(year_2027, advisor):
    client = _client(advisor)
    page_figures = client.get("/overblik/statistik/2027/").context["figures"]
    response = client.get("/overblik/statistik/2027/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="tal-2027.xlsx"'
    book = load_workbook(io.BytesIO(_body(response)), read_only=True)
    assert len(book.sheetnames) == len(page_figures.tables)
    for sheet, table in zip(book.worksheets, page_figures.tables, strict=True):
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == table.title
        assert rows[1] == [table.label_heading, *table.columns]
        for row, read in zip(table.rows, rows[2:], strict=False):
            assert read == [row.label, *row.values]
    trial_actions = book[exports._sheet_title(danish("Trial actions"), set())]
    found = {r[0]: r[1] for r in trial_actions.iter_rows(min_row=3, values_only=True)}
    assert found[danish("Trial actions completed")] == 2


def test_the_pdf_has_the_page_s_figures(year_2027, advisor):
    client = _client(advisor)
    page_figures = client.get("/overblik/statistik/2027/").context["figures"]
    response = client.get("/overblik/statistik/2027/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = _body(response)
    text = _pdf_text(pdf)
    assert danish("The figures for %(year)s", year=2027) in text
    for table in page_figures.tables:
        assert table.title in text
    trial_actions = page_figures.table("trial_actions")
    completed = next(r for r in trial_actions.rows if r.key == "completed")
    assert f"{completed.label} {completed.values[0]}" in " ".join(text.split())
    assert "4,5" in text  # the sparring average, written the Danish way
    drawn = b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert b"0.101961 0.352941 0.588235 rg" in drawn  # the bars in their colour: the SVG's own style was applied


def test_each_file_is_a_read_in_the_audit_log(year_2027, advisor):
    client = _client(advisor)
    client.get("/overblik/statistik/2027/xlsx/")
    client.get("/overblik/statistik/2027/pdf/")
    client.get("/api/overview/statistics/2027")
    report = AnnualReport.objects.get(year=2027)
    assert _reads(AnnualReport, report.pk) == 3
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == advisor
    client.get(f"/forloeb/{year_2027.group.pk}/plan/pdf/")
    client.get(f"/forloeb/{year_2027.group.pk}/plan/xlsx/")
    assert _reads(Programme, year_2027.group.pk) == 2


def test_the_api_answers_the_same_figures(year_2027, advisor, taskforce_member, coordinator):
    body = _client(advisor).get("/api/overview/statistics/2027").json()
    expected = figures.year_figures(2027, ALL)
    assert body["year"] == 2027 and body["kinds"] == list(ALL)
    assert [t["key"] for t in body["tables"]] == [t.key for t in expected.tables]
    trial_actions = next(t for t in body["tables"] if t["key"] == "trial_actions")
    assert next(r for r in trial_actions["rows"] if r["key"] == "completed")["values"] == [2]
    taskforce = _client(taskforce_member).get("/api/overview/statistics/2027").json()
    assert taskforce["kinds"] == ["taskforce"]
    refused = _client(coordinator).get("/api/overview/statistics/2027")
    assert refused.status_code == 404
    out_of_range = _client(advisor).get("/api/overview/statistics/2019")
    assert out_of_range.status_code == 404
    assert out_of_range.json()["detail"] == danish(
        "There are figures for the years %(first)s to %(last)s only.", first=2020, last=2100
    )
    assert Client().get("/api/overview/statistics/2027").status_code == 401
    document = json.loads(Client().get("/api/openapi.json").content)
    schema = response_schema(document, "/api/overview/statistics/{year}")
    assert list(Draft202012Validator(schema).iter_errors(body)) == []  # the answer is what the document says


def test_the_plan_as_pdf_has_the_phases_activities_timeline_and_roles(year_2027, coordinator):
    group = year_2027.group
    client = _client(coordinator)
    response = client.get(f"/forloeb/{group.pk}/plan/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(_body(response)).split())
    assert group.title in text
    export = plan.plan_export(coordinator, group)
    for phase in export.detail.plan.phases:
        assert text.count(phase.title) >= 2  # drawn in the timeline, and in the phases' table
    kickoff = year_2027.kickoff
    assert kickoff.title in text
    assert str(coordinator) in text  # booked for the kickoff
    for role in export.roles:
        assert role.title in text


def test_the_plan_as_xlsx_has_the_page_s_rows(year_2027, coordinator):
    group = year_2027.group
    response = _client(coordinator).get(f"/forloeb/{group.pk}/plan/xlsx/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(_body(response)), read_only=True)
    sheet = book["Plan"]
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    page_rows = plan.plan_export(coordinator, group).rows
    assert [r[3] for r in rows] == [r.title for r in page_rows]
    assert [r[0].date() for r in rows] == [r.start for r in page_rows]


def test_a_coordinator_s_plan_leaves_out_another_organisation_s_own_calls(year_2027, coordinator, other_municipality):
    group = year_2027.group
    theirs = Activity.objects.filter(
        programme=group, scope=ActivityScope.PER_ORGANISATION, organisation=other_municipality
    ).first()
    assert theirs is not None
    export = plan.plan_export(coordinator, group)
    keys = {r.key for r in export.rows}
    assert theirs.key not in keys
    booked = {b.person for b in export.bookings}
    assert booked  # the kickoff is shared: its bookings are seen by everyone in the programme
    response = _client(coordinator).get(f"/forloeb/{group.pk}/plan/xlsx/")
    book = load_workbook(io.BytesIO(_body(response)), read_only=True)
    titles = [r[3] for r in book["Plan"].iter_rows(min_row=3, values_only=True)]
    assert len(titles) == len(export.rows)


def test_who_may_download_a_plan(year_2027, stranger, taskforce_member, municipality, advisor):
    group = year_2027.group
    outsider = factories.coordinator_of(factories.MunicipalityFactory(), email="outsider@example.dk")
    member = factories.member_of(municipality)
    for path in (f"/forloeb/{group.pk}/plan/pdf/", f"/forloeb/{group.pk}/plan/xlsx/"):
        assert _client(outsider).get(path).status_code == 404  # another organisation: not there
        assert _client(taskforce_member).get(path).status_code == 404  # a group programme is not theirs
        assert _client(member).get(path).status_code == 200
        assert _client(advisor).get(path).status_code == 200
        assert Client().get(path).status_code == 302
    assert _client(advisor).get("/forloeb/999999/plan/pdf/").status_code == 404


def test_a_plan_too_large_is_refused_in_danish(year_2027, advisor, monkeypatch):
    monkeypatch.setattr(plan, "MAX_ACTIVITIES", 3)
    response = _client(advisor).get(f"/forloeb/{year_2027.group.pk}/plan/pdf/")
    assert response.status_code == 400
    assert danish("The plan is too large for a file: at most %(n)s activities.", n=3) in response.content.decode()


def test_the_pdf_fetches_nothing_from_the_network(settings):
    fetcher = exports._fetcher()
    for url in ("http://127.0.0.1:9/x.css", "https://example.org/a.png", "file:///etc/passwd", "data:text/css,x"):
        with pytest.raises(ValueError, match="Not fetched"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="Not fetched"):
        fetcher.fetch(f"{exports.PRINT_BASE}{settings.STATIC_URL}../../config/settings.py")
    served = fetcher.fetch(exports.print_stylesheet_url())
    assert b"@page" in served.read()


def test_a_text_that_looks_like_a_formula_stays_a_text():
    content = exports.workbook_bytes([("Ark", ["A"], [["=SUM(A1)"], ["+1"]], "")])
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert sheet["A3"].value == "=SUM(A1)" and sheet["A3"].data_type == "s"
    assert sheet["A4"].data_type == "s"
