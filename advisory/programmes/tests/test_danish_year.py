"""The Danish year in the planning engine: seed 003's rules and the year's closed periods, for any acceptance date.

Pure: no database. The property tests are derandomized (the same examples on every run, so CI is stable) and kept
to a modest number of examples; each example is a whole group plan, checked rule by rule against the seed's own
words (not the template's rules, which ``validate_plan`` checks as well).
"""

from __future__ import annotations

import datetime
import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given, settings
from hypothesis import strategies as st

from advisory.core.dates import short_date
from advisory.programmes.scheduling import (
    Plan,
    PlannedActivity,
    generate_plan,
    is_joint_meeting,
    plan_with_updates,
    reflow,
    soft_period_warnings,
    validate_plan,
)
from advisory.programmes.template_data import builtin_template, template_from_dict
from advisory.programmes.wording import violation_message
from advisory.programmes.workdays import (
    YEAR_SCHEMA,
    YearFileError,
    is_working_day,
    read_year_file,
    working_days_between,
    year_calendar,
    year_calendar_from_dict,
)

D = datetime.date
GROUP_T = template_from_dict(builtin_template("group"))
YEAR = year_calendar()
JOINT = {spec.key for spec in GROUP_T.activities if is_joint_meeting(GROUP_T, spec)}

acceptances = st.dates(min_value=D(2025, 1, 1), max_value=D(2040, 12, 31))
organisations = st.integers(min_value=3, max_value=6).map(lambda n: tuple(str(i) for i in range(1, n + 1)))
reflections = st.integers(min_value=2, max_value=6)
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True)


def _all(plan: Plan, template_key: str) -> list[PlannedActivity]:
    return [a for a in plan.activities if a.template_key == template_key]


def _one(plan: Plan, template_key: str) -> PlannedActivity:
    (activity,) = {a.start: a for a in _all(plan, template_key)}.values()  # per-organisation rows share nothing
    return activity


def _near(day: datetime.date, target: datetime.date, tolerance: int) -> bool:
    return working_days_between(target, day) <= tolerance


def assert_seed_003(plan: Plan, *, kickoff_moved: bool = False) -> None:
    """Every rule of seed 003 (»Overordnet plan for gruppebaseret rådgivningsforløb«) and of the Danish year."""
    acceptance = plan.anchors["acceptance"]
    kickoff = _one(plan, "kickoff").start
    closing = _one(plan, "closing_meeting").start
    if not kickoff_moved:  # Opstartsmøde: ca. 1 mdr. efter skriftligt tilsagn om deltagelse
        assert _near(kickoff, acceptance + relativedelta(months=1), 5), (acceptance, kickoff)
    for call in _all(plan, "expectations_call"):  # ca. 14 dage før opstartsmøde, with each organisation
        assert _near(call.start, kickoff - datetime.timedelta(days=14), 3), call
    for call in _all(plan, "kickoff_follow_up_call"):  # ca. 1 uge efter opstartsmøde
        assert _near(call.start, kickoff + datetime.timedelta(days=7), 2), call
    # Minimum 2 fælles refleksionsmøder, spread over the change phase with time for trial actions between them.
    meetings = sorted({a.start for a in _all(plan, "reflection_meeting")})
    assert len(meetings) >= 2
    follow_up_after_kickoff = max(a.start for a in _all(plan, "kickoff_follow_up_call"))
    series = [follow_up_after_kickoff, *meetings, closing]
    assert all((later - earlier).days >= 14 for earlier, later in itertools.pairwise(series)), series
    # Minimum 3 perioder med lokale prøvehandlinger, between the kickoff, the reflection meetings and the closing.
    periods = sorted({(a.start, a.end) for a in _all(plan, "trial_action_period")})
    assert len(periods) >= 3
    bounds = [kickoff, *meetings, closing]
    for (start, end), (before, after) in zip(periods, itertools.pairwise(bounds), strict=True):
        assert end is not None and before < start <= end < after, (start, end, before, after)
    # Afsluttende møde: senest 6 mdr. efter opstartsmøde; telefonisk opfølgning 3 mdr. efter det afsluttende møde.
    assert closing <= kickoff + relativedelta(months=6), (kickoff, closing)
    for call in _all(plan, "follow_up_call"):
        assert _near(call.start, closing + relativedelta(months=3), 5), call
    # The Danish year: every activity starts and ends on a working day ...
    for activity in plan.activities:
        assert is_working_day(activity.start), activity
        assert activity.end is None or is_working_day(activity.end), activity
    # ... and a joint meeting lies in a soft closed period only when the rules leave no day outside it: then the
    # plan says so with a warning naming the period (the validator's, apart from the broken rules).
    warned = {w.activity_key: w for w in soft_period_warnings(GROUP_T, plan)}
    for activity in plan.activities:
        period = YEAR.soft_period_on(activity.start)
        if activity.template_key in JOINT and period is not None:
            warning = warned.get(activity.key)
            assert warning is not None and warning.params["period_key"] == period.key, activity
            if not kickoff_moved:
                assert warning.params["within_rules"] == 0, (activity, warning)


@PROPERTY
@given(acceptance=acceptances, count=reflections, orgs=organisations)
# The closing meeting's nearest open day before the summer holiday left 6 reflection meetings too little time.
@example(acceptance=D(2027, 1, 23), count=6, orgs=("1", "2", "3", "4", "5"))
def test_every_generated_group_plan_meets_seed_003_and_the_danish_year(
    acceptance: datetime.date, count: int, orgs: tuple[str, ...]
) -> None:
    plan = generate_plan(GROUP_T, {"acceptance": acceptance}, {"reflection_meetings": count}, organisations=orgs)
    assert validate_plan(GROUP_T, plan) == []
    assert_seed_003(plan)


@PROPERTY
@given(
    acceptance=acceptances,
    count=reflections,
    orgs=organisations,
    working_days=st.integers(min_value=-40, max_value=40),
    what=st.sampled_from(["acceptance", "kickoff"]),
)
def test_a_reflow_by_any_number_of_working_days_keeps_seed_003(
    acceptance: datetime.date, count: int, orgs: tuple[str, ...], working_days: int, what: str
) -> None:
    plan = generate_plan(GROUP_T, {"acceptance": acceptance}, {"reflection_meetings": count}, organisations=orgs)
    day = plan.anchors["acceptance"] if what == "acceptance" else _one(plan, "kickoff").start
    step = datetime.timedelta(days=1 if working_days > 0 else -1)
    for _ in range(abs(working_days)):
        day += step
        while not is_working_day(day):
            day += step
    result = reflow(GROUP_T, plan, {what: day})
    broken = [(v.activity_key, v.code) for v in result.violations]
    if what == "acceptance":
        assert broken == []
    else:  # a kickoff moved by hand may leave "about 1 month after acceptance"; nothing else breaks
        assert set(broken) <= {("kickoff", "offset")}
    assert_seed_003(result.plan, kickoff_moved=what == "kickoff")


# --- the ten acceptance dates of issue 14 ---------------------------------------------------------------------

TEN_ACCEPTANCES = [D(year, 3, 1) for year in range(2026, 2035)] + [D(2034, 9, 1)]


def test_no_joint_full_day_meeting_in_the_summer_holiday_on_ten_acceptance_dates() -> None:
    """Before the Danish year, 9 of these 10 plans put the second reflection meeting in week 28 or 29."""
    in_summer = [
        (acceptance, a.key, a.start)
        for acceptance in TEN_ACCEPTANCES
        for a in generate_plan(GROUP_T, {"acceptance": acceptance}).activities
        if a.template_key in JOINT and 28 <= a.start.isocalendar()[1] <= 31
    ]
    assert in_summer == []


def test_a_kickoff_that_cannot_leave_the_summer_holiday_is_warned_with_the_nearest_day_outside() -> None:
    plan = generate_plan(GROUP_T, {"acceptance": D(2027, 6, 21)})  # kickoff "ca. 21 July", ±5 working days
    kickoff = _one(plan, "kickoff")
    assert YEAR.soft_period_on(kickoff.start).key == "summer_holiday"  # type: ignore[union-attr]
    assert validate_plan(GROUP_T, plan) == []  # a warning, not a broken rule
    (warning,) = soft_period_warnings(GROUP_T, plan)
    assert (warning.activity_key, warning.code) == ("kickoff", "soft_closed_period")
    assert warning.params["period"] == "sommerferien"
    assert warning.params["within_rules"] == 0
    assert warning.params["suggested"] == D(2027, 7, 9)  # Friday of week 27, the nearest open day
    message = violation_message(warning)
    assert "sommerferien" in message and "9. juli 2027" in message
    accepted = soft_period_warnings(GROUP_T, plan, accepted={"kickoff": "summer_holiday"})
    assert accepted[0].params["accepted"] == 1
    assert soft_period_warnings(GROUP_T, plan, accepted={"kickoff": "autumn_holiday"})[0].params["accepted"] == 0


def test_a_meeting_moved_into_the_autumn_holiday_is_warned_with_a_day_the_rules_allow() -> None:
    plan = generate_plan(GROUP_T, {"acceptance": D(2027, 8, 2)})
    meeting = plan.occurrences("reflection_meeting")[0]
    autumn = D(2027, 10, 20)  # Wednesday of week 42
    result = reflow(GROUP_T, plan, {meeting.key: autumn})
    (warning,) = [w for w in soft_period_warnings(GROUP_T, result.plan) if w.activity_key == meeting.key]
    assert warning.params["period_key"] == "autumn_holiday" and warning.params["within_rules"] == 1
    suggested = warning.params["suggested"]
    assert isinstance(suggested, datetime.date) and suggested.isocalendar()[1] != 42 and is_working_day(suggested)
    assert "Foreslået dato" in violation_message(warning) or "Suggested date" in violation_message(warning)


def test_grundlovsdag_and_the_friday_after_ascension_are_soft_closed() -> None:
    assert YEAR.soft_period_on(D(2029, 6, 5)).key == "constitution_day"  # type: ignore[union-attr]
    assert YEAR.soft_period_on(D(2027, 5, 7)).key == "ascension_friday"  # type: ignore[union-attr]  # Easter 28 March
    assert YEAR.soft_period_on(D(2027, 2, 17)).key == "winter_holiday"  # type: ignore[union-attr]
    assert YEAR.soft_period_on(D(2027, 8, 11)) is None


def test_preparations_and_local_work_periods_start_and_end_on_working_days() -> None:
    # 2027: Easter Monday is 29 March; the first reflection meeting's preparation would land on it a week before.
    for acceptance in (D(2027, 1, 11), D(2026, 11, 2), D(2028, 1, 17)):
        plan = generate_plan(GROUP_T, {"acceptance": acceptance}, organisations=("1", "2", "3"))
        for activity in plan.activities:
            assert is_working_day(activity.start), activity
            assert activity.end is None or is_working_day(activity.end), activity


def test_the_validator_flags_a_period_that_ends_on_a_closed_day() -> None:
    plan = generate_plan(GROUP_T, {"acceptance": D(2027, 1, 11)})
    period = plan.occurrences("trial_action_period")[0]
    assert period.end is not None
    saturday = period.end + datetime.timedelta(days=5 - period.end.weekday())
    changed = plan_with_updates(plan, [replace(period, end=saturday)])
    (flagged,) = [v for v in validate_plan(GROUP_T, changed) if v.activity_key == period.key]
    assert flagged.code == "non_working_end" and flagged.params["day"] == saturday
    assert short_date(saturday) in violation_message(flagged)


def test_the_year_file_is_data_checked_against_its_schema(tmp_path: Path) -> None:
    assert json.loads(YEAR_SCHEMA.read_text(encoding="utf-8"))["title"]
    bad = tmp_path / "year.json"
    bad.write_text(json.dumps({"soft_closed_periods": [{"key": "summer", "name": "sommer", "weeks": [54]}]}))
    with pytest.raises(YearFileError, match="soft_closed_periods/0/weeks/0"):
        read_year_file(bad)
    with pytest.raises(YearFileError, match="same key"):
        year_calendar_from_dict(
            {"soft_closed_periods": [{"key": "a", "name": "x", "weeks": [1]}, {"key": "a", "name": "y", "weeks": [2]}]}
        )
    good = tmp_path / "nordic.json"
    good.write_text(json.dumps({"soft_closed_periods": [{"key": "summer", "name": "sommeren", "weeks": [27, 28]}]}))
    assert read_year_file(good).soft_period_on(D(2027, 7, 7)).key == "summer"  # type: ignore[union-attr]
