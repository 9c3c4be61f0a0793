"""The taskforce plan as seed 004 describes it (issue 14): development points chosen before the analysis goes to
det kommunalpolitiske niveau, a programme of two years, the analysis and the work of the two agencies together, and
the closing meeting shown as the advisory function's own addition (the seed has none)."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from advisory.programmes import progress
from advisory.programmes.scheduling import Fixed, generate_plan, validate_plan
from advisory.programmes.template_data import builtin_template, template_from_dict

TASKFORCE = template_from_dict(builtin_template("taskforce"))
# Starts in each month of the spring and autumn seasons over a decade.
STARTS = [
    datetime.date(year, month, day) for year in range(2026, 2036) for month in (3, 4, 5, 9, 10, 11) for day in (1, 17)
]


@pytest.mark.parametrize("start", STARTS)
def test_development_points_come_before_the_political_presentation_and_the_programme_lasts_two_years(start):
    plan = generate_plan(TASKFORCE, {"start": start})
    by_key = plan.by_key()
    chosen = by_key["development_points_meeting"].start
    presented = by_key["political_presentation_analysis"].start
    assert by_key["analysis_report"].start < chosen < presented < by_key["kickoff_workshop"].start
    # "to-årige forløb": the plan ends on the last working day of the two years, at most a few days before.
    two_years = start + relativedelta(years=2)
    assert plan.start == start
    assert two_years - datetime.timedelta(days=6) <= plan.end < two_years
    assert validate_plan(TASKFORCE, plan) == []


def test_presenting_before_the_development_points_are_chosen_breaks_a_rule():
    plan = generate_plan(TASKFORCE, {"start": datetime.date(2027, 3, 1)})
    chosen = plan.by_key()["development_points_meeting"].start
    early = plan.by_key()["political_presentation_analysis"]
    moved = generate_plan(
        TASKFORCE,
        {"start": datetime.date(2027, 3, 1)},
        fixed={early.key: Fixed(chosen, pinned=True)},
    )
    broken = [v for v in validate_plan(TASKFORCE, moved) if v.activity_key == "development_points_meeting"]
    assert [v.code for v in broken] == ["deadline"]
    assert "kommunalpolitiske niveau" in str(broken[0].params["rule"])


def test_the_template_says_det_kommunalpolitiske_niveau_and_one_joint_taskforce():
    data = builtin_template("taskforce")
    titles = {a["key"]: a["title"] for a in data["activities"]}
    assert titles["political_presentation_analysis"].endswith("for det kommunalpolitiske niveau")
    assert titles["political_presentation_effects"].endswith("for det kommunalpolitiske niveau")
    text = str(data)
    assert "det politiske niveau" not in text
    assert [role["party"] for role in data["roles"]] == ["organisation", "taskforce"]
    assert "socialfaglig, juridisk og organisatorisk" in data["roles"][1]["tasks"][0]
    additions = [a["key"] for a in data["activities"] if a.get("advisory_addition")]
    assert additions == ["closing_meeting"]


def test_the_plan_page_and_the_api_show_the_closing_meeting_as_the_advisory_functions_addition(
    advisor_client, taskforce
):
    page = advisor_client.get(reverse("programmes:detail", args=[taskforce.pk])).content.decode()
    assert page.count('data-testid="advisory-addition"') == 1
    assert "Rådgivningsfunktionens egen tilføjelse" in page
    body = advisor_client.get(f"/api/programmes/{taskforce.pk}").json()
    flagged = [a["key"] for a in body["activities"] if a["advisory_addition"]]
    assert flagged == ["closing_meeting"]


def test_the_programme_names_both_agencies_as_one_party(taskforce):
    assert [r.party for r in progress.roles(taskforce)] == ["organisation", "taskforce"]
