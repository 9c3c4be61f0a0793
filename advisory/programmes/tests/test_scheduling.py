"""The planning engine: generation, validation, reflow, working days. Pure: no database."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisory.programmes.scheduling import (
    DATED_FORMATS,
    OptionOutOfRange,
    Plan,
    TemplateSpec,
    current_phase,
    generate_plan,
    plan_with_updates,
    reflow,
    validate_plan,
)
from advisory.programmes.template_data import builtin_template, template_from_dict
from advisory.programmes.wording import violation_message
from advisory.programmes.workdays import is_working_day, nearest_working_day, working_days_between

D = datetime.date
GROUP_T = template_from_dict(builtin_template("group"))
INDIVIDUAL_T = template_from_dict(builtin_template("individual"))
TASKFORCE_T = template_from_dict(builtin_template("taskforce"))


ACCEPTANCE = D(2027, 1, 11)


def group_plan(acceptance: datetime.date = ACCEPTANCE, reflections: int = 2, **anchors: datetime.date) -> Plan:
    return generate_plan(GROUP_T, {"acceptance": acceptance, **anchors}, {"reflection_meetings": reflections})


def moved(plan: Plan, key: str, day: datetime.date) -> Plan:
    return plan_with_updates(plan, [replace(plan.by_key()[key], start=day)])


dates = st.dates(min_value=D(2025, 1, 1), max_value=D(2035, 12, 31))


@settings(max_examples=150, deadline=None)
@given(acceptance=dates, reflections=st.integers(min_value=2, max_value=4))
def test_generated_group_plan_never_breaks_a_rule(acceptance: datetime.date, reflections: int) -> None:
    plan = group_plan(acceptance, reflections)
    assert validate_plan(GROUP_T, plan) == []
    assert len(plan.occurrences("reflection_meeting")) == reflections
    assert len(plan.occurrences("trial_action_period")) == reflections + 1


@settings(max_examples=100, deadline=None)
@given(start=dates, meetings=st.integers(min_value=1, max_value=8))
def test_generated_individual_plan_never_breaks_a_rule(start: datetime.date, meetings: int) -> None:
    plan = generate_plan(INDIVIDUAL_T, {"start": start}, {"support_meetings": meetings})
    assert validate_plan(INDIVIDUAL_T, plan) == []


@settings(max_examples=100, deadline=None)
@given(start=dates, meetings=st.integers(min_value=3, max_value=8))
def test_generated_taskforce_plan_never_breaks_a_rule(start: datetime.date, meetings: int) -> None:
    plan = generate_plan(TASKFORCE_T, {"start": start}, {"status_meetings": meetings})
    assert validate_plan(TASKFORCE_T, plan) == []


@settings(max_examples=150, deadline=None)
@given(acceptance=dates, template=st.sampled_from([GROUP_T, INDIVIDUAL_T, TASKFORCE_T]))
def test_no_meeting_or_call_on_a_non_working_day(acceptance: datetime.date, template: TemplateSpec) -> None:
    plan = generate_plan(template, {template.anchors[0]: acceptance})
    for activity in plan.activities:
        if activity.format in DATED_FORMATS:
            assert is_working_day(activity.start), activity


def test_acceptance_on_31_january_puts_kickoff_at_the_end_of_february() -> None:
    plan = group_plan(D(2027, 1, 31))
    # 31 January + 1 month = 28 February 2027, a Sunday: the nearest working day before wins the tie.
    assert plan.by_key()["kickoff"].start in {D(2027, 2, 26), D(2027, 3, 1)}
    assert validate_plan(GROUP_T, plan) == []


def test_taskforce_lasts_about_two_years_in_four_phases() -> None:
    plan = generate_plan(TASKFORCE_T, {"start": D(2027, 3, 1)})
    assert [p.key for p in plan.phases] == ["preparation", "analysis", "development", "anchoring"]
    assert D(2029, 1, 1) <= plan.end <= D(2029, 3, 1)
    analysis = next(p for p in plan.phases if p.key == "analysis")
    assert 150 <= (analysis.end - analysis.start).days <= 200


def test_individual_agreement_covers_change_and_anchor_for_18_months() -> None:
    plan = generate_plan(INDIVIDUAL_T, {"start": D(2027, 1, 4)})
    signed = plan.by_key()["agreement_signed"].start
    closing = plan.by_key()["closing_meeting"].start
    assert D(2027, 3, 29) <= signed <= D(2027, 4, 12)
    assert 500 <= (closing - signed).days <= 548


def test_kickoff_that_would_land_in_easter_moves_to_a_working_day() -> None:
    # Acceptance 25 February 2027 + 1 month = 25 March 2027, Skærtorsdag.
    kickoff = group_plan(D(2027, 2, 25)).by_key()["kickoff"].start
    assert kickoff not in {D(2027, 3, 25), D(2027, 3, 26), D(2027, 3, 29)}
    assert is_working_day(kickoff)
    assert abs((kickoff - D(2027, 3, 25)).days) <= 4


def test_nothing_is_planned_between_24_december_and_1_january() -> None:
    plan = group_plan(D(2027, 11, 26))  # kickoff nominally 26 December
    for activity in plan.activities:
        if activity.format in DATED_FORMATS:
            assert not (activity.start.month == 12 and activity.start.day >= 24), activity
            assert activity.start != D(2028, 1, 1)


def test_daylight_saving_change_does_not_shift_dates() -> None:
    # Plans are dates; the spring change on 28 March 2027 must not move a meeting planned that week.
    plan = group_plan(D(2027, 2, 26))
    assert validate_plan(GROUP_T, plan) == []
    assert all(
        isinstance(a.start, datetime.date) and not isinstance(a.start, datetime.datetime) for a in plan.activities
    )


def test_closing_meeting_nine_days_past_six_months_after_kickoff_is_flagged() -> None:
    plan = group_plan(D(2027, 1, 11))
    kickoff = plan.by_key()["kickoff"].start
    late = kickoff.replace(month=kickoff.month + 6) + datetime.timedelta(days=9)
    while not is_working_day(late):  # keep the working-day rule out of this test
        late += datetime.timedelta(days=7)
    days_late = (late - kickoff.replace(month=kickoff.month + 6)).days
    violations = [v for v in validate_plan(GROUP_T, moved(plan, "closing_meeting", late)) if v.code == "deadline"]
    assert len(violations) == 1
    assert violations[0].activity_key == "closing_meeting"
    assert violations[0].days == days_late
    assert violations[0].params["days_late"] == days_late
    assert violations[0].params["rule"] == "senest 6 måneder efter opstartsmødet"
    # Worded at the edge (the engine gives code and parameters), in Danish:
    assert f"{days_late} dage efter fristen »senest 6 måneder efter opstartsmødet«" in violation_message(violations[0])


def test_reflection_meeting_on_a_saturday_is_flagged() -> None:
    plan = group_plan()
    saturday = plan.by_key()["reflection_meeting-1"].start
    saturday += datetime.timedelta(days=(5 - saturday.weekday()) % 7)
    violations = validate_plan(GROUP_T, moved(plan, "reflection_meeting-1", saturday))
    assert any(v.code == "non_working_day" and v.activity_key == "reflection_meeting-1" for v in violations)
    assert any("lørdag" in violation_message(v) for v in violations)


def test_fewer_than_two_reflection_meetings_is_flagged() -> None:
    plan = group_plan()
    one_left = replace(plan, activities=tuple(a for a in plan.activities if a.key != "reflection_meeting-2"))
    codes = {(v.activity_key, v.code) for v in validate_plan(GROUP_T, one_left)}
    assert ("reflection_meeting", "min_count") in codes


def test_fewer_than_three_trial_action_periods_is_flagged() -> None:
    plan = group_plan()
    two_left = replace(plan, activities=tuple(a for a in plan.activities if a.key != "trial_action_period-3"))
    codes = {(v.activity_key, v.code) for v in validate_plan(GROUP_T, two_left)}
    assert ("trial_action_period", "min_count") in codes


def test_option_below_minimum_is_refused() -> None:
    with pytest.raises(OptionOutOfRange) as refused:
        group_plan(reflections=1)
    assert refused.value.params == {
        "name": "reflection_meetings",
        "label": "refleksionsmøder",
        "minimum": 2,
        "maximum": 6,
        "value": 1,
    }


def test_moving_kickoff_two_weeks_moves_its_dependants() -> None:
    plan = group_plan()
    old = plan.by_key()
    result = reflow(GROUP_T, plan, {"kickoff": old["kickoff"].start + datetime.timedelta(days=14)})
    new = result.plan.by_key()
    for key in ("expectations_call", "kickoff_follow_up_call"):
        shift = (new[key].start - old[key].start).days
        assert 10 <= shift <= 18, (key, shift)
    # The closing meeting's "kickoff + 5 months" now lies in the summer holiday (week 30): it goes to the nearest
    # day outside it that keeps its deadline (week 32), and the reflection meetings and the follow-up call follow.
    assert new["closing_meeting"].start == datetime.date(2027, 8, 9)
    for key in ("reflection_meeting-1", "closing_meeting", "follow_up_call"):
        shift = (new[key].start - old[key].start).days
        assert 10 <= shift <= 35, (key, shift)
    assert {c.key for c in result.changes} >= {"expectations_call", "closing_meeting", "follow_up_call"}
    # The dependants follow the rules; only the kickoff itself is now far from "about 1 month after acceptance".
    assert [(v.activity_key, v.code) for v in result.violations] == [("kickoff", "offset")]
    assert result.violations[0].params["direction"] == "late"
    assert "for sent" in violation_message(result.violations[0])
    assert plan.by_key() == old  # the input is unchanged


def test_done_activity_never_moves() -> None:
    plan = group_plan()
    call = plan.by_key()["expectations_call"]
    plan = plan_with_updates(plan, [replace(call, done=True)])
    result = reflow(GROUP_T, plan, {"kickoff": plan.by_key()["kickoff"].start + datetime.timedelta(days=21)})
    assert result.plan.by_key()["expectations_call"].start == call.start
    assert "expectations_call" not in {c.key for c in result.changes}
    with pytest.raises(ValueError):
        reflow(GROUP_T, plan, {"expectations_call": call.start + datetime.timedelta(days=1)})


def test_pinned_activity_stays_and_is_flagged_when_it_now_breaks_its_rule() -> None:
    plan = group_plan()
    call = plan.by_key()["follow_up_call"]
    plan = plan_with_updates(plan, [replace(call, pinned=True)])
    result = reflow(
        GROUP_T, plan, {"closing_meeting": plan.by_key()["closing_meeting"].start + datetime.timedelta(days=28)}
    )
    assert result.plan.by_key()["follow_up_call"].start == call.start
    assert any(v.activity_key == "follow_up_call" and v.code == "offset" for v in result.violations)


def test_moving_the_acceptance_anchor_moves_the_whole_plan() -> None:
    plan = group_plan(D(2027, 1, 11))
    result = reflow(GROUP_T, plan, {"acceptance": D(2027, 2, 8)})
    assert result.plan.anchors["acceptance"] == D(2027, 2, 8)
    assert len(result.changes) == len(plan.activities)


def test_a_given_kickoff_date_overrides_the_computed_one() -> None:
    plan = group_plan(D(2027, 1, 11), kickoff=D(2027, 2, 16))
    assert plan.by_key()["kickoff"].start == D(2027, 2, 16)
    assert validate_plan(GROUP_T, plan) == []


def test_phase_is_derived_from_the_plan() -> None:
    plan = group_plan(D(2027, 1, 11))
    by_key = plan.by_key()
    assert current_phase(plan, D(2027, 1, 1)) == "not_started"
    assert current_phase(plan, by_key["kickoff"].start) == "prepare"
    assert current_phase(plan, by_key["reflection_meeting-1"].start) == "change"
    assert current_phase(plan, by_key["closing_meeting"].start) == "anchor"
    # The follow-up call 3 months after the closing meeting belongs to Forankre (seed 003): no fourth phase.
    assert current_phase(plan, by_key["closing_meeting"].start + datetime.timedelta(days=30)) == "anchor"
    assert current_phase(plan, by_key["follow_up_call"].start + datetime.timedelta(days=1)) == "completed"


def test_working_day_helpers() -> None:
    assert not is_working_day(D(2027, 3, 26))  # Langfredag
    assert not is_working_day(D(2027, 12, 27))  # Christmas closure, a Monday
    assert is_working_day(D(2028, 1, 3))
    assert nearest_working_day(D(2027, 12, 31), 3) == D(2028, 1, 3)
    assert working_days_between(D(2027, 3, 24), D(2027, 3, 30)) == 1
