"""The year's figures: what each counts, who sees which part, the page, the bounds of the year."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.test import Client
from django.utils import timezone

from advisory.programmes.models import Programme, ProgrammeStatus
from advisory.reports import charts, figures
from tests import factories
from tests.helpers import danish

pytestmark = pytest.mark.django_db

ALL = ("group", "individual", "taskforce")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_figures_count_what_happened_in_the_year(year_2027):
    result = figures.year_figures(2027, ALL)
    expected = year_2027.expected
    programmes = result.table("programmes")
    assert programmes.value("group", 0) == 1  # started
    assert programmes.value("individual", 0) == 1
    assert programmes.value("taskforce", 0) == 1
    assert programmes.value("total", 0) == 3
    assert programmes.value("total", 1) == 0  # none completed yet
    assert programmes.value("total", 2) == 3  # running in the year
    organisations = result.table("organisations")
    assert organisations.value("municipality", 0) == 2
    assert organisations.value("shelter", 0) == 1
    assert organisations.value("total", 0) == 3
    meetings = result.table("meetings")
    assert meetings.value("people_booked", 0) == expected["people_booked"]
    assert meetings.value("people_present", 0) == expected["people_present"]
    assert meetings.value("meetings_held", 0) == 1
    assert meetings.value("present", 0) == expected["present"]
    assert meetings.value("absent", 0) == expected["absent"]
    assert meetings.value("attendance_percent", 0) == pytest.approx(66.7)
    trial_actions = result.table("trial_actions")
    assert trial_actions.value("completed", 0) == expected["trial_actions_completed"]
    assert result.trial_actions_completed == 2
    assert trial_actions.value("started", 0) == expected["trial_actions_started"]
    criteria = result.table("criteria")
    assert criteria.value("assessed", 0) == expected["assessed"]
    assert criteria.value("assessed_met", 0) == expected["assessed_met"]
    evaluations = result.table("evaluations")
    assert evaluations.value("sparring", 0) == expected["sparring"]
    assert evaluations.value("sparring", 1) == 2
    assert evaluations.value("useful", 0) == expected["useful"]
    ratings = result.table("ratings")
    assert ratings.value("housing", 0) == 2.0
    assert ratings.value("housing", 1) == 4.0
    assert ratings.value("housing", 2) == expected["housing_change"]
    assert ratings.value("support", 2) == expected["support_change"]
    assert ratings.value("organisation", 3) == 0  # rated only at the start: not in the change
    assert ratings.value("case_handling", 2) == 2.0


def test_another_year_counts_nothing_of_2027_and_the_trial_action_ending_in_2028(year_2027):
    result = figures.year_figures(2028, ALL)
    assert result.trial_actions_completed == 1  # the one that ended 15 January 2028
    assert result.table("meetings").value("meetings_held", 0) == 0
    assert result.table("evaluations").value("sparring", 0) is None


def test_a_completed_programme_counts_in_the_year_of_its_last_activity(year_2027):
    group = year_2027.group
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.COMPLETED)
    last = group.activities.aggregate(last=Max(Coalesce("ends_on", "starts_on")))["last"]
    assert isinstance(last, datetime.date)
    result = figures.year_figures(last.year, ALL)
    assert result.table("programmes").value("group", 1) == 1
    criteria = result.table("criteria")
    assert criteria.value("organisations", 0) == 3
    assert criteria.value("trial_actions_met", 0) == 0  # Aarhus completed two of three
    other_year = figures.year_figures(last.year + 1, ALL)
    assert other_year.table("programmes").value("group", 1) == 0


def test_a_cancelled_programme_is_not_counted_as_started_or_running(year_2027):
    Programme.objects.filter(pk=year_2027.individual.pk).update(status=ProgrammeStatus.CANCELLED)
    programmes = figures.year_figures(2027, ALL).table("programmes")
    assert programmes.value("individual", 0) == 0
    assert programmes.value("individual", 2) == 0


def test_who_sees_which_kinds(advisor, administrator, taskforce_member, coordinator):
    assert figures.kinds_for(advisor) == ALL
    assert figures.kinds_for(administrator) == ALL
    assert figures.kinds_for(taskforce_member) == ("taskforce",)
    assert figures.kinds_for(coordinator) == ()


def test_the_taskforce_member_sees_the_taskforce_part(year_2027, taskforce_member):
    response = _client(taskforce_member).get("/overblik/statistik/2027/")
    assert response.status_code == 200
    result = response.context["figures"]
    assert result.kinds == ("taskforce",)
    assert result.table("programmes").value("total", 0) == 1
    assert result.trial_actions_completed == 0  # the group programme's are not theirs
    assert [t.key for t in result.tables if t.key == "evaluations"] == []
    assert [r.key for r in result.table("ratings").rows] == ["housing", "support", "organisation", "case_handling"]


def test_the_page_shows_the_figures_with_charts_and_tables(year_2027, advisor):
    response = _client(advisor).get("/overblik/statistik/2027/")
    assert response.status_code == 200
    html = response.content.decode()
    assert danish("The figures for %(year)s", year=2027) in html
    assert danish("Trial actions completed") in html
    assert 'data-row="completed"><th scope="row">' in html
    row = html.split('data-row="completed">', 1)[1].split("</tr>", 1)[0]
    assert '<td class="report-number">2</td>' in row
    assert html.count('<svg class="report-chart-svg"') == 3  # programmes, evaluations, ratings
    assert "style=" not in html.split("<main", 1)[-1]  # strict CSP: no inline styles in the page's content
    assert "/overblik/statistik/2027/xlsx/" in html and "/overblik/statistik/2027/pdf/" in html


def test_the_page_answers_how_many_trial_actions_were_completed_in_2027(year_2027, advisor):
    html = _client(advisor).get("/overblik/statistik/2027/").content.decode()
    section = html.split('data-table="trial_actions"', 1)[1].split("</section>", 1)[0]
    assert danish("Trial actions completed") in section
    assert '<td class="report-number">2</td>' in section


@pytest.mark.parametrize("year", [2019, 2101, 99999])
def test_a_year_out_of_range_is_a_danish_404(advisor, year):
    response = _client(advisor).get(f"/overblik/statistik/{year}/")
    assert response.status_code == 404


def test_the_year_form_leads_to_the_year(advisor):
    client = _client(advisor)
    assert client.get("/overblik/statistik/?year=2027")["Location"] == "/overblik/statistik/2027/"
    assert client.get("/overblik/statistik/?year=abc").status_code == 302  # this year
    assert client.get("/overblik/statistik/?year=1999").status_code == 404


def test_organisation_people_may_not_read_the_figures(coordinator, municipality):
    member = factories.member_of(municipality)
    for user in (coordinator, member):
        client = _client(user)
        assert client.get("/overblik/statistik/2027/").status_code == 404
        assert client.get("/overblik/statistik/2027/xlsx/").status_code == 404
        assert client.get("/overblik/statistik/2027/pdf/").status_code == 404
        assert client.get("/overblik/statistik/").status_code == 404
    assert Client().get("/overblik/statistik/2027/").status_code == 302


def test_the_chart_scales_its_bars_and_leaves_out_the_total(year_2027):
    result = figures.year_figures(2027, ALL)
    chart = charts.bar_chart(result.table("ratings"))
    assert chart is not None
    housing = chart.groups[0]
    assert [b.width for b in housing.bars] == [charts.BAR_MAX * 2 / 5, charts.BAR_MAX * 4 / 5]
    programmes = charts.bar_chart(result.table("programmes"))
    assert programmes is not None and len(programmes.groups) == 3  # the kinds, not "In all"
    assert charts.bar_chart(result.table("trial_actions")) is None


def test_the_start_page_links_to_the_year_s_figures_for_those_who_may_read_them(advisor, coordinator):
    year = timezone.localdate().year
    assert f'href="/overblik/statistik/{year}/"' in _client(advisor).get("/").content.decode()
    assert "/overblik/statistik/" not in _client(coordinator).get("/").content.decode()


def test_the_knowledge_bank_s_shared_and_exemplary_trial_actions_are_counted(year_2027, coordinator, advisor):
    """Issue 17: the overview counts the exemplary trial actions of the knowledge bank (by the year the trial
    action ended, for the kinds the reader sees)."""
    from advisory.knowledge.services import exemplary_mark, trial_action_share
    from advisory.programmes.models import TrialAction, TrialActionStatus

    before = figures.year_figures(2027, ALL).table("knowledge_bank")
    assert (before.value("shared", 0), before.value("exemplary", 0)) == (0, 0)
    ended_2027 = TrialAction.objects.filter(
        programme=year_2027.group, organisation__memberships__user=coordinator, ends_on__year=2027
    ).distinct()
    assert ended_2027.count() >= 2
    first, second = list(ended_2027[:2])
    TrialAction.objects.filter(pk__in=[first.pk, second.pk]).update(status=TrialActionStatus.COMPLETED)
    shared = [
        trial_action_share(trial_action=TrialAction.objects.get(pk=t.pk), prerequisite="support", by=coordinator)
        for t in (first, second)
    ]
    exemplary_mark(shared=shared[0], exemplary=True, by=advisor)
    after = figures.year_figures(2027, ALL).table("knowledge_bank")
    assert (after.value("shared", 0), after.value("exemplary", 0)) == (2, 1)
    assert figures.year_figures(2027, ("taskforce",)).table("knowledge_bank").value("shared", 0) == 0
    assert figures.year_figures(2028, ALL).table("knowledge_bank").value("exemplary", 0) == 0
    page = _client(advisor).get("/overblik/statistik/2027/").content.decode()
    assert danish("of which marked exemplary by the advisors") in page
