"""The engine's limits: counts within the template's bounds, a fixed maximum of activities, and dates that never
overflow. Whatever it is given, it answers with a plan or a PlanError (issue 12, parts 2 and 3)."""

from __future__ import annotations

import datetime
import time
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from advisory.programmes.scheduling import (
    EARLIEST,
    LATEST,
    MAX_ACTIVITIES,
    DateOutOfRange,
    OptionOutOfRange,
    OptionSpec,
    PlanError,
    TemplateSpec,
    TooManyActivities,
    UnknownOption,
    generate_plan,
    planned_count,
    reflow,
    validate_plan,
)
from advisory.programmes.template_data import builtin_template, builtin_templates, template_from_dict
from advisory.programmes.workdays import is_working_day, nearest_working_day, working_days_between

D = datetime.date
TEMPLATES = {data["kind"]: template_from_dict(data) for data in builtin_templates()}
GROUP_T = TEMPLATES["group"]
ANCHOR = {"group": "acceptance", "individual": "start", "taskforce": "start"}
OPTION = {"group": "reflection_meetings", "individual": "support_meetings", "taskforce": "status_meetings"}


# --- counts -----------------------------------------------------------------------------------------------------


def test_the_builtin_templates_bound_every_count() -> None:
    assert (GROUP_T.options["reflection_meetings"].minimum, GROUP_T.options["reflection_meetings"].maximum) == (2, 6)
    assert TEMPLATES["individual"].options == {"support_meetings": OptionSpec(1, 17, "implementeringsstøttemøder", 6)}
    assert TEMPLATES["taskforce"].options == {"status_meetings": OptionSpec(3, 15, "statusmøder", 6)}


@pytest.mark.parametrize("kind", ["group", "individual", "taskforce"])
def test_each_templates_options_say_what_the_generated_plan_has(kind: str) -> None:
    """Issue 14: the options said 1 support meeting and 3 status meetings while the plans had 6 of each. Each
    option of the template file states its default, and the plan has exactly that many (and the bounds' many)."""
    data = builtin_template(kind)
    template = TEMPLATES[kind]
    counted = {a.placement.count_option: a.key for a in template.activities if a.placement.type == "spread"}
    assert set(counted) == set(data.get("options", {}))
    for name, option in data.get("options", {}).items():
        assert "default" in option, (kind, name)
        plan = generate_plan(template, {ANCHOR[kind]: D(2027, 3, 1)})
        assert len(plan.occurrences(counted[name])) == option["default"] == plan.options[name]
        for chosen in (option["min"], option["max"]):
            chosen_plan = generate_plan(template, {ANCHOR[kind]: D(2027, 3, 1)}, {name: chosen})
            assert len(chosen_plan.occurrences(counted[name])) == chosen


def test_an_option_without_a_default_takes_the_placements_count() -> None:
    """A template version stored before the options had a default keeps the plans it had."""
    data = builtin_template("individual")
    old = {**data, "options": {"support_meetings": {"min": 1, "max": 17, "label": "implementeringsstøttemøder"}}}
    old["activities"] = [
        {**a, "placement": {**a["placement"], "default_count": 4}} if a["key"] == "support_meeting" else a
        for a in data["activities"]
    ]
    plan = generate_plan(template_from_dict(old), {"start": D(2027, 3, 1)})
    assert len(plan.occurrences("support_meeting")) == 4


def test_a_billion_reflection_meetings_are_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(OptionOutOfRange) as refused:
        generate_plan(GROUP_T, {"acceptance": D(2027, 1, 11)}, {"reflection_meetings": 10**9})
    assert time.perf_counter() - started < 0.5
    assert refused.value.params["minimum"] == 2 and refused.value.params["maximum"] == 6


@pytest.mark.parametrize("kind", ["group", "individual", "taskforce"])
def test_each_count_is_refused_just_outside_its_bounds_and_taken_at_them(kind: str) -> None:
    template, name = TEMPLATES[kind], OPTION[kind]
    bounds = template.options[name]
    anchors = {ANCHOR[kind]: D(2027, 3, 1)}
    for value in (bounds.minimum - 1, bounds.maximum + 1, -(10**12), 10**12):
        with pytest.raises(OptionOutOfRange):
            generate_plan(template, anchors, {name: value})
    for value in (bounds.minimum, bounds.maximum):
        plan = generate_plan(template, anchors, {name: value})
        assert len(plan.activities) <= MAX_ACTIVITIES


def test_an_option_the_template_does_not_have_is_refused() -> None:
    with pytest.raises(UnknownOption) as refused:
        generate_plan(GROUP_T, {"acceptance": D(2027, 1, 11)}, {"support_meetings": 3})
    assert refused.value.params == {"name": "support_meetings", "known": ["reflection_meetings"]}


def test_a_plan_over_the_maximum_is_refused_before_anything_is_placed() -> None:
    unbounded: TemplateSpec = replace(GROUP_T, options={"reflection_meetings": OptionSpec(2, 10**12)})
    started = time.perf_counter()
    with pytest.raises(TooManyActivities) as refused:
        generate_plan(unbounded, {"acceptance": D(2027, 1, 11)}, {"reflection_meetings": 10**9})
    assert time.perf_counter() - started < 0.5
    assert refused.value.params["maximum"] == MAX_ACTIVITIES
    assert refused.value.params["count"] == planned_count(unbounded, {"reflection_meetings": 10**9})


def test_a_default_count_with_no_option_is_held_to_the_maximum_too() -> None:
    spread = GROUP_T.activity("reflection_meeting")
    huge = replace(spread, placement=replace(spread.placement, count_option="", default_count=10**9))
    template = replace(
        GROUP_T, options={}, activities=tuple(huge if a.key == spread.key else a for a in GROUP_T.activities)
    )
    with pytest.raises(TooManyActivities):
        generate_plan(template, {"acceptance": D(2027, 1, 11)})


def test_a_stored_template_of_the_first_format_gets_bounds() -> None:
    """Versions stored before the bounds gave only a minimum; the form always allowed up to 12."""
    legacy = template_from_dict({**builtin_template("group"), "options": {"reflection_meetings": 2}})
    assert legacy.options == {"reflection_meetings": OptionSpec(2, 12, "refleksionsmøder")}
    with pytest.raises(OptionOutOfRange):
        generate_plan(legacy, {"acceptance": D(2027, 1, 11)}, {"reflection_meetings": 10**9})


def test_a_template_whose_largest_plan_is_over_the_maximum_is_not_valid() -> None:
    with pytest.raises(ValueError, match="more than 500"):
        template_from_dict({**builtin_template("group"), "options": {"reflection_meetings": {"min": 2, "max": 10**6}}})
    with pytest.raises(ValueError, match="default count"):
        template_from_dict({**builtin_template("group"), "options": {"reflection_meetings": {"min": 3, "max": 6}}})
    with pytest.raises(ValueError, match="min <= max"):
        template_from_dict({**builtin_template("group"), "options": {"reflection_meetings": {"min": 6, "max": 2}}})


# --- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["group", "individual", "taskforce"])
@pytest.mark.parametrize("anchor", [D.min, D.max, D(1, 1, 1), D(9999, 12, 31), D(1899, 12, 31), D(2200, 1, 1)])
def test_an_anchor_outside_the_calendar_is_refused_not_overflowed(kind: str, anchor: datetime.date) -> None:
    with pytest.raises(DateOutOfRange) as refused:
        generate_plan(TEMPLATES[kind], {ANCHOR[kind]: anchor})
    assert refused.value.params == {"earliest": EARLIEST, "latest": LATEST}


def test_a_plan_that_would_run_past_the_calendar_is_refused() -> None:
    with pytest.raises(DateOutOfRange):
        generate_plan(TEMPLATES["taskforce"], {"start": LATEST - datetime.timedelta(days=30)})


def test_moving_a_date_to_the_ends_of_the_calendar_is_refused() -> None:
    plan = generate_plan(GROUP_T, {"acceptance": D(2027, 1, 11)})
    for day in (D.min, D.max):
        for key in ("acceptance", "kickoff", "reflection_meeting-1", "trial_action_period-1"):
            with pytest.raises(DateOutOfRange):
                reflow(GROUP_T, plan, {key: day})


def test_validating_a_plan_with_dates_far_apart_is_quick() -> None:
    plan = generate_plan(GROUP_T, {"acceptance": EARLIEST + datetime.timedelta(days=40)})
    far = reflow(GROUP_T, plan, {"follow_up_call": LATEST - datetime.timedelta(days=10)})
    started = time.perf_counter()
    violations = validate_plan(GROUP_T, far.plan)
    assert time.perf_counter() - started < 2
    assert any(v.activity_key == "follow_up_call" for v in violations)


anchors_anywhere = st.dates(min_value=D.min, max_value=D.max)
counts = st.one_of(st.integers(min_value=-3, max_value=20), st.integers(min_value=-(10**15), max_value=10**15))


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(TEMPLATES)), anchor=anchors_anywhere, count=st.none() | counts)
@example(kind="group", anchor=D(1, 1, 1), count=None)
@example(kind="group", anchor=D(9999, 12, 31), count=None)
@example(kind="individual", anchor=D(9999, 12, 31), count=17)
@example(kind="taskforce", anchor=D(1, 1, 1), count=3)
@example(kind="group", anchor=D(2027, 1, 11), count=10**9)
def test_generating_and_validating_any_plan_gives_a_plan_or_a_plan_error(
    kind: str, anchor: datetime.date, count: int | None
) -> None:
    template = TEMPLATES[kind]
    options = {} if count is None else {OPTION[kind]: count}
    try:
        plan = generate_plan(template, {ANCHOR[kind]: anchor}, options)
    except PlanError:
        return
    assert plan.start >= EARLIEST and plan.end <= LATEST
    assert len(plan.activities) <= MAX_ACTIVITIES
    validate_plan(template, plan)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(TEMPLATES)),
    anchor=st.dates(min_value=EARLIEST, max_value=LATEST),
    pick=st.integers(min_value=0),
    day=anchors_anywhere,
)
@example(kind="group", anchor=D(2027, 1, 11), pick=0, day=D(1, 1, 1))
@example(kind="group", anchor=D(2027, 1, 11), pick=0, day=D(9999, 12, 31))
@example(kind="individual", anchor=D(2100, 12, 31), pick=3, day=D(9999, 12, 31))
@example(kind="taskforce", anchor=EARLIEST, pick=5, day=D(1, 1, 1))
def test_reflowing_any_plan_to_any_date_gives_a_plan_or_a_plan_error(
    kind: str, anchor: datetime.date, pick: int, day: datetime.date
) -> None:
    template = TEMPLATES[kind]
    try:
        plan = generate_plan(template, {ANCHOR[kind]: anchor})
    except PlanError:
        return
    keys = [ANCHOR[kind], *(a.key for a in plan.activities)]
    try:
        result = reflow(template, plan, {keys[pick % len(keys)]: day})
    except PlanError:
        return
    assert result.plan.start >= EARLIEST and result.plan.end <= LATEST
    validate_plan(template, result.plan)


# --- working days -----------------------------------------------------------------------------------------------


def _counted_day_by_day(first: datetime.date, second: datetime.date) -> int:
    start, end = sorted((first, second))
    return sum(is_working_day(start + datetime.timedelta(days=n)) for n in range(1, (end - start).days + 1))


@settings(max_examples=300, deadline=None)
@given(first=st.dates(min_value=D(1990, 1, 1), max_value=D(2110, 12, 31)), span=st.integers(-900, 900))
@example(first=D(2026, 12, 23), span=10)
@example(first=D(2027, 3, 24), span=10)  # Easter 2027
def test_working_days_between_counts_as_day_by_day(first: datetime.date, span: int) -> None:
    second = first + datetime.timedelta(days=span)
    assert working_days_between(first, second) == _counted_day_by_day(first, second)


def test_working_days_never_overflow_at_the_ends_of_the_calendar() -> None:
    assert working_days_between(D.max, D.max) == 0
    assert working_days_between(D.min, D.min) == 0
    assert nearest_working_day(D.max, 2) <= D.max
    assert nearest_working_day(D.min, 2) >= D.min
