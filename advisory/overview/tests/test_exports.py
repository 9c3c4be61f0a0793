"""The downloads: parsed back (csv module, openpyxl) and compared with the page's figures; access as the pages,
coordinators their own organisations' programmes; each download a read in the audit log."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest
from auditlog.models import LogEntry

from advisory.organisations.models import Organisation, Region
from advisory.overview.tests.conftest import client_for
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories


def _csv_rows(response) -> list[list[str]]:
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())  # the BOM: Danish Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def _xlsx_sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    return workbook.active


def test_the_programme_list_as_csv_matches_the_page(world, advisor):
    year = world["today"].year
    client = client_for(advisor)
    page = client.get(f"/overblik/?year={year}").content.decode()
    total = int(re.search(r"data-total>(\d+)<", page).group(1))
    response = client.get(f"/overblik/eksport/forloeb.csv?year={year}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"forloeb-{year}.csv" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:4] == ["Id", "Titel", "Type", "Status"]
    assert len(rows) - 1 == total
    by_id = {int(row[0]): row for row in rows[1:]}
    group = by_id[world["group"].pk]
    assert group[1] == world["group"].title and group[2] == "Gruppebaseret rådgivningsforløb"
    assert re.fullmatch(r"\d\d-\d\d-\d{4}", group[6])  # a date Danish Excel reads
    assert "Aarhus" in group[9]
    kinds = re.findall(r'data-kind="taskforce">(\d+)<', page)
    assert sum(1 for row in rows[1:] if row[2] == "Taskforce-forløb") == int(kinds[0])


def test_the_programme_list_as_xlsx_has_typed_cells_real_dates_and_a_frozen_header(world, advisor):
    year = world["today"].year
    response = client_for(advisor).get(f"/overblik/eksport/forloeb.xlsx?year={year}&kind=group")
    assert response.status_code == 200
    sheet = _xlsx_sheet(response)
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Id", "Titel"] and sheet["A1"].font.bold
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [world["group"].pk]
    assert isinstance(rows[0][0], int)
    first_date = rows[0][6]
    assert isinstance(first_date, datetime.datetime)  # openpyxl reads a date cell back as a datetime
    assert first_date.date() == world["group"].activities.order_by("starts_on").first().starts_on


def test_a_download_is_a_read_in_the_audit_log(world, advisor):
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client_for(advisor).get(f"/overblik/eksport/forloeb.csv?year={world['today'].year}")
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")[before:]
    assert {e.object_id for e in entries} == {world["group"].pk, world["taskforce"].pk}
    assert all(e.actor_id == advisor.pk and e.additional_data["export"] == "programmes" for e in entries)
    client_for(advisor).get("/overblik/eksport/raekkevidde.csv")
    last = LogEntry.objects.order_by("-pk").first()
    assert last.action == LogEntry.Action.ACCESS and last.additional_data["export"] == "reach"


def test_a_coordinator_downloads_the_programmes_of_their_own_organisations_only(world, coordinator, advisor):
    programme_services.templates_load_builtin()
    odense = Organisation.objects.get(municipality_code="0461")
    theirs = programme_services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="individual").current_version(),
        title="Individuelt forløb Odense",
        anchors={"start": world["today"]},
        organisations=[odense],
        advisors=[advisor],
    )
    client = client_for(coordinator)
    assert client.get("/overblik/").status_code == 404
    rows = _csv_rows(client.get(f"/overblik/eksport/forloeb.csv?year={world['today'].year}"))
    ids = {int(row[0]) for row in rows[1:]}
    assert ids == {world["group"].pk, world["taskforce"].pk}
    assert theirs.pk not in ids
    # Another organisation's coordinator sees none of them; a plain member, and the other downloads, are 404.
    stranger = factories.coordinator_of(odense)
    rows = _csv_rows(client_for(stranger).get(f"/overblik/eksport/forloeb.csv?year={world['today'].year}"))
    assert {int(row[0]) for row in rows[1:]} == {theirs.pk}
    member = factories.member_of(world["group"].organisations.get(municipality_code="0751"))
    assert client_for(member).get("/overblik/eksport/forloeb.csv").status_code == 404
    assert client.get("/overblik/eksport/kapacitet.csv").status_code == 404
    assert client.get("/overblik/eksport/raekkevidde.xlsx").status_code == 404


@pytest.mark.parametrize("path", ["forloeb.pdf", "kapacitet.txt"])
def test_an_unknown_format_is_404(world, advisor, path):
    assert client_for(advisor).get(f"/overblik/eksport/{path}").status_code == 404


def test_a_bad_filter_on_a_download_is_a_danish_400(world, advisor):
    response = client_for(advisor).get("/overblik/eksport/forloeb.csv?year=1800")
    assert response.status_code == 400
    assert "Filen kunne ikke dannes" in response.content.decode()


def test_the_reach_download_answers_the_question_of_the_page(world, advisor):
    syddanmark = Region.objects.get(name="Region Syddanmark")
    query = f"region={syddanmark.pk}&reached=never"
    page = client_for(advisor).get(f"/overblik/raekkevidde/?{query}").content.decode()
    table = page.split('id="reach-municipalities"')[1].split("</table>")[0]
    on_page = re.findall(r'<a href="/organisationer/\d+/">([^<]+)</a>', table)
    rows = _csv_rows(client_for(advisor).get(f"/overblik/eksport/raekkevidde.csv?{query}"))
    municipalities = [row[0] for row in rows[1:] if row[1] == "Kommune"]
    assert municipalities == on_page and len(on_page) == 22
    assert all(row[3] == "Region Syddanmark" and row[7] == "Aldrig deltaget" for row in rows[1:])
    sheet = _xlsx_sheet(client_for(advisor).get(f"/overblik/eksport/raekkevidde.xlsx?{query}"))
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "Kommune"] == on_page


def test_the_load_download_has_a_row_per_person_and_week(world, advisor):
    rows = _csv_rows(client_for(advisor).get("/overblik/eksport/kapacitet.csv?people=advisor"))
    name = advisor.get_full_name()
    mine = [row for row in rows[1:] if row[0] == name]
    assert len(mine) == 26
    page = client_for(advisor).get("/overblik/kapacitet/?people=advisor").content.decode()
    weeks = page.split('id="load-weeks"')[1].split("</table>")[0]
    row = weeks.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)/(\d+)</td>", row) == [(r[4], r[5]) for r in mine]
    sheet = _xlsx_sheet(client_for(advisor).get("/overblik/eksport/kapacitet.xlsx?people=advisor"))
    values = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == name]
    assert isinstance(values[0][3], datetime.datetime) and isinstance(values[0][4], int)
    assert sum(r[4] for r in values) == sum(int(r[4]) for r in mine)
