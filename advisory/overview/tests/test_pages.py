"""The overview's pages: who sees them, and that they answer the questions they are for."""

from __future__ import annotations

import datetime
import re

import pytest

from advisory.organisations.models import Organisation, Region
from advisory.overview import selectors
from advisory.overview.tests.conftest import client_for
from advisory.programmes.models import Activity, Programme, ProgrammeOrganisation, ProgrammeStatus

PAGES = ["/overblik/", "/overblik/kapacitet/", "/overblik/raekkevidde/"]


@pytest.mark.parametrize("path", PAGES)
def test_staff_see_the_pages_and_organisation_people_get_404(world, advisor, taskforce_member, coordinator, path):
    assert client_for(advisor).get(path).status_code == 200
    assert client_for(taskforce_member).get(path).status_code == 200
    assert client_for(coordinator).get(path).status_code == 404


def test_the_portfolio_shows_the_years_programmes_with_their_phases_and_counts(world, advisor):
    year = world["today"].year
    response = client_for(advisor).get(f"/overblik/?year={year}")
    html = response.content.decode()
    visible = selectors.portfolio_queryset(Programme.objects.all(), year=year)
    assert set(visible.values_list("pk", flat=True)) >= {world["group"].pk}
    assert f'data-programme="{world["group"].pk}"' in html
    assert re.search(r"data-total>(\d+)<", html).group(1) == str(visible.count())
    assert "Forberede" in html  # the group's first phase, in the picture's legend and the table
    assert 'class="timeline-today"' in html
    assert f'href="/forloeb/{world["group"].pk}/"' in html


def test_the_portfolio_filters_by_kind_region_and_advisor(world, advisor, taskforce_member):
    year = world["today"].year
    client = client_for(advisor)
    html = client.get(f"/overblik/?year={year}&kind=taskforce").content.decode()
    assert f'data-programme="{world["taskforce"].pk}"' in html
    assert f'data-programme="{world["group"].pk}"' not in html
    syddanmark = Region.objects.get(name="Region Syddanmark")
    html = client.get(f"/overblik/?year={year}&region={syddanmark.pk}").content.decode()
    assert "data-programme=" not in html
    midt = Region.objects.get(name="Region Midtjylland")
    html = client.get(f"/overblik/?year={year}&region={midt.pk}").content.decode()
    assert f'data-programme="{world["group"].pk}"' in html
    html = client.get(f"/overblik/?year={year}&advisor={taskforce_member.pk}").content.decode()
    assert f'data-programme="{world["taskforce"].pk}"' in html
    assert f'data-programme="{world["group"].pk}"' not in html


def test_a_taskforce_member_sees_the_taskforce_part_only(world, taskforce_member):
    html = client_for(taskforce_member).get(f"/overblik/?year={world['today'].year}").content.decode()
    assert f'data-programme="{world["taskforce"].pk}"' in html
    assert f'data-programme="{world["group"].pk}"' not in html
    assert 'id="intake-rounds"' not in client_for(taskforce_member).get("/overblik/kapacitet/").content.decode()


@pytest.mark.parametrize(
    "query", ["year=1999", "year=abc", "kind=nope", "status=x", "advisor=999999", "region=abc", "group=title"]
)
def test_a_bad_filter_is_a_400_with_the_message_on_the_form(world, advisor, query):
    response = client_for(advisor).get(f"/overblik/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filteret kunne ikke bruges" in html
    assert "form-error-message" in html


def test_fifty_programmes_a_page(world, advisor):
    group = world["group"]
    version = group.template_version
    made = Programme.objects.bulk_create(
        Programme(kind="group", template_version=version, title=f"Forløb {n}", anchors={}) for n in range(60)
    )
    Activity.objects.bulk_create(
        Activity(
            programme=p,
            key="kickoff",
            template_key="kickoff",
            title="Opstart",
            phase="prepare",
            format="virtual",
            starts_on=world["today"],
        )
        for p in made
    )
    client = client_for(advisor)
    first = client.get("/overblik/").content.decode()
    assert first.count("data-programme=") == selectors.PORTFOLIO_PAGE_SIZE
    second = client.get("/overblik/?side=2").content.decode()
    assert second.count("data-programme=") == 62 - selectors.PORTFOLIO_PAGE_SIZE


def test_who_has_room_in_a_month(world, advisor, taskforce_member):
    """The load counts each person's meetings and calls per week and month, as the activities of their programmes."""
    load = selectors.capacity(advisor)
    by_person = {person.person_id: person for person in load.people}
    mine = Activity.objects.filter(
        programme__advisors=advisor,
        programme__status__in=selectors.ACTIVE_STATUSES,
        starts_on__gte=load.first,
        starts_on__lte=load.last,
        format__in=selectors.WORKING_FORMATS,
    )
    assert by_person[advisor.pk].total == mine.count() > 0
    theirs = mine.filter(programme__kind="taskforce").count()
    assert by_person[taskforce_member.pk].total == theirs
    assert sum(a for a, _d in by_person[advisor.pk].months) == mine.count()
    first_week = load.weeks[0]
    week_count = mine.filter(starts_on__gte=first_week, starts_on__lt=first_week + datetime.timedelta(days=7)).count()
    assert by_person[advisor.pk].weeks[0].activities == week_count
    days = set(mine.filter(format__in=selectors.MEETING_FORMATS).values_list("starts_on", flat=True))
    assert sum(c.meeting_days for c in by_person[advisor.pk].weeks) == len(days)
    html = client_for(advisor).get("/overblik/kapacitet/").content.decode()
    assert f'data-person="{advisor.pk}"' in html and 'class="heat-svg"' in html


def test_which_municipalities_in_region_syddanmark_have_never_taken_part(world, advisor):
    syddanmark = Region.objects.get(name="Region Syddanmark")
    odense = Organisation.objects.get(municipality_code="0461")
    done = Programme.objects.create(
        kind="group",
        template_version=world["group"].template_version,
        title="Tidligere",
        status=ProgrammeStatus.COMPLETED,
    )
    ProgrammeOrganisation.objects.create(programme=done, organisation=odense)
    response = client_for(advisor).get(f"/overblik/raekkevidde/?region={syddanmark.pk}&reached=never")
    html = response.content.decode()
    rows = re.findall(
        r'<tr data-organisation="(\d+)">', html.split('id="reach-municipalities"')[1].split("</table>")[0]
    )
    expected = set(
        Organisation.objects.in_region(syddanmark).municipalities().exclude(pk=odense.pk).values_list("pk", flat=True)
    )
    assert set(map(int, rows)) == expected and len(expected) == 21
    assert html.count('<g class="tile ') == 98  # the map shows every municipality


def test_region_oestdanmark_from_2027(world, advisor):
    before = selectors.reach(advisor, on=datetime.date(2026, 12, 31))
    after = selectors.reach(advisor, on=datetime.date(2027, 1, 1))
    assert {"Region Hovedstaden", "Region Sjælland"} <= {r.name for r in before.regions}
    names = {r.name for r in after.regions}
    assert "Region Østdanmark" in names and "Region Hovedstaden" not in names
    oest = next(r for r in after.regions if r.name == "Region Østdanmark")
    assert oest.municipalities == 46
    assert sum(r.municipalities for r in after.regions) == 98
    midt = next(r for r in after.regions if r.name == "Region Midtjylland")
    assert midt.municipalities_now == 3  # Aarhus, Herning and Viborg in the running group


def test_the_tile_map_places_each_of_the_98_municipalities_once():
    import csv

    from advisory.organisations.services import MUNICIPALITIES_CSV

    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        codes = {
            row["municipality_code"] for row in csv.DictReader(line for line in handle if not line.startswith("#"))
        }
    tiles = selectors.tiles()
    assert set(tiles) == codes and len(codes) == 98
    assert len({(t.row, t.column) for t in tiles.values()}) == 98
    assert tiles["0787"].row < tiles["0461"].row  # Thisted north of Odense
    assert tiles["0561"].column < tiles["0101"].column  # Esbjerg west of København


def test_the_main_menu_has_overblik_for_those_who_run_programmes(world, advisor, taskforce_member, coordinator):
    for user in (advisor, taskforce_member):
        assert '<a href="/overblik/" class="nav-link"' in client_for(user).get("/forloeb/").content.decode()
    assert 'href="/overblik/"' not in client_for(coordinator).get("/forloeb/").content.decode()
    assert "<span>Overblik</span>" in client_for(advisor).get("/overblik/").content.decode()
