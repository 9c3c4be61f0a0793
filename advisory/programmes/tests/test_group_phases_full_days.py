"""Issue 14: the group programme's three phases of seed 003 (with their focus), local-work periods labelled with the
phase they lie in, and full-day meetings as a day with a start and an end time."""

from __future__ import annotations

import copy
import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from advisory.programmes import scheduling, services
from advisory.programmes.models import ProgrammeTemplate
from advisory.programmes.scheduling import PlannedActivity, PlannedPhase, generate_plan, phase_by_date
from advisory.programmes.template_data import builtin_template, template_from_dict
from advisory.programmes.workdays import is_working_day
from tests import factories

D = datetime.date
GROUP = builtin_template("group")
GROUP_T = template_from_dict(GROUP)


def group_plan(acceptance: datetime.date, reflections: int = 2) -> scheduling.Plan:
    return generate_plan(GROUP_T, {"acceptance": acceptance}, {"reflection_meetings": reflections})


def test_the_group_template_has_the_three_phases_of_seed_003_with_their_focus() -> None:
    assert [(p.key, p.title) for p in GROUP_T.phases] == [
        ("prepare", "Forberede"),
        ("change", "Forandre"),
        ("anchor", "Forankre"),
    ]
    assert [p.focus for p in GROUP_T.phases] == [
        "Et godt afsæt for udvikling og justering af lokal praksis med fokus på lokale prøvehandlinger",
        "Arbejde med udvikling og justering af indsatsen med udgangspunkt i prøvehandlinger",
        "Særligt fokus på forankring af justerede arbejdsgange etc. på baggrund af prøvehandlingsarbejdet",
    ]
    assert GROUP_T.activity("follow_up_call").phase == "anchor"  # the follow-up call belongs to Forankre


@settings(max_examples=60, deadline=None)
@given(
    acceptance=st.dates(min_value=D(2025, 1, 1), max_value=D(2040, 12, 31)),
    reflections=st.integers(min_value=2, max_value=6),
)
def test_phase_boundaries_follow_the_seed_s_lengths(acceptance: datetime.date, reflections: int) -> None:
    plan = group_plan(acceptance, reflections)
    prepare, change, anchor = plan.phases
    by_key = plan.by_key()
    closing = by_key["closing_meeting"].start
    # Forankre: about a month before the closing meeting (from the first working day), until the follow-up call.
    assert is_working_day(anchor.start)
    month_before = closing - relativedelta(months=1)
    assert month_before <= anchor.start
    skipped = (month_before + datetime.timedelta(days=n) for n in range((anchor.start - month_before).days))
    assert not any(is_working_day(day) for day in skipped)  # the first working day from a month before
    assert anchor.end == by_key["follow_up_call"].start
    # Forandre: from the day after the follow-up on the kickoff, about four months.
    assert change.start == by_key["kickoff_follow_up_call"].start + datetime.timedelta(days=1)
    assert 3 * 30 <= (change.end - change.start).days + 1 <= 4 * 31 + 14
    # Forberede: from the written acceptance, about a month (the kickoff ~1 month after, its follow-up a week later).
    assert prepare.start == acceptance and prepare.end == change.start - datetime.timedelta(days=1)
    assert 3 * 7 <= (prepare.end - prepare.start).days + 1 <= 7 * 7
    # Contiguous phases; every activity lies in the phase it is labelled with.
    assert prepare.end + datetime.timedelta(days=1) == change.start
    assert change.end + datetime.timedelta(days=1) == anchor.start
    phases = {p.key: p for p in plan.phases}
    for activity in plan.activities:
        if activity.end is None:
            assert phases[activity.phase].start <= activity.start <= phases[activity.phase].end, activity.key
    # The reflection meetings are spread over Forandre.
    for meeting in plan.occurrences("reflection_meeting"):
        assert change.start <= meeting.start <= change.end


@settings(max_examples=40, deadline=None)
@given(acceptance=st.dates(min_value=D(2025, 1, 1), max_value=D(2040, 12, 31)))
def test_each_trial_action_period_is_labelled_with_the_phase_holding_most_of_its_days(
    acceptance: datetime.date,
) -> None:
    plan = group_plan(acceptance)
    periods = plan.occurrences("trial_action_period")
    assert len(periods) == 3
    for period in periods:
        assert period.end is not None
        days = {
            phase.key: max(0, (min(period.end, phase.end) - max(period.start, phase.start)).days + 1)
            for phase in plan.phases
        }
        assert days[period.phase] == max(days.values()), (period.key, days)
    assert periods[0].phase == periods[1].phase == "change"


def test_phase_by_date_takes_the_phase_with_most_days_and_the_own_phase_outside_all() -> None:
    phases = (
        PlannedPhase("change", "Forandre", D(2027, 3, 1), D(2027, 6, 30)),
        PlannedPhase("anchor", "Forankre", D(2027, 7, 1), D(2027, 10, 1)),
    )

    def period(start: datetime.date, end: datetime.date | None) -> PlannedActivity:
        return PlannedActivity("p", "p", 1, "P", "change", "local_work", "shared", start, end)

    assert phase_by_date(period(D(2027, 6, 20), D(2027, 7, 25)), phases) == "anchor"  # 11 days against 25
    assert phase_by_date(period(D(2027, 6, 1), D(2027, 7, 5)), phases) == "change"
    assert phase_by_date(period(D(2027, 7, 2), None), phases) == "anchor"
    assert phase_by_date(period(D(2026, 1, 1), D(2026, 2, 1)), phases) == "change"  # in none: its own


def test_a_spread_may_end_where_a_phase_starts_and_a_phase_may_start_a_month_before_an_activity() -> None:
    data = copy.deepcopy(GROUP)
    data["phases"][2]["start_offset"] = {"amount": -2, "unit": "months"}
    plan = generate_plan(template_from_dict(data), {"acceptance": D(2027, 1, 11)})
    anchor = plan.phases[2]
    assert anchor.start >= plan.by_key()["closing_meeting"].start - relativedelta(months=2)
    assert all(m.start < anchor.start for m in plan.occurrences("reflection_meeting"))


def test_a_reference_to_an_unknown_phase_or_activity_is_refused() -> None:
    data = copy.deepcopy(GROUP)
    next(a for a in data["activities"] if a["key"] == "reflection_meeting")["placement"]["before"] = "nowhere"
    with pytest.raises(ValueError, match="nowhere"):
        template_from_dict(data)


@pytest.mark.parametrize(("start", "end"), [("09:00", "12:59"), ("08:00", "14:01"), ("15:00", "09:30")])
def test_a_full_day_lasts_four_to_six_hours(start: str, end: str) -> None:
    data = copy.deepcopy(GROUP)
    next(a for a in data["activities"] if a["key"] == "kickoff")["full_day"] = {"start": start, "end": end}
    with pytest.raises(ValueError, match="full day"):
        template_from_dict(data)


def test_the_joint_meetings_are_full_days_and_the_calls_are_not() -> None:
    full_days = {a.key: a.full_day for a in GROUP_T.activities if a.full_day is not None}
    assert set(full_days) == {"kickoff", "reflection_meeting", "closing_meeting"}
    for start, end in full_days.values():
        hours = (datetime.datetime.combine(D.min, end) - datetime.datetime.combine(D.min, start)).seconds / 3600
        assert 4 <= hours <= 6
    assert all(a.duration_minutes is None for a in GROUP_T.activities if a.full_day is not None)
    assert GROUP_T.activity("expectations_call").duration_minutes == 30


# --- stored --------------------------------------------------------------------------------------


@pytest.fixture
def group(db):
    services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    return services.programme_create(
        version=version,
        title="Gruppeforløb",
        anchors={"acceptance": D(2027, 1, 11)},
        organisations=[factories.MunicipalityFactory() for _ in range(3)],
    )


def test_a_full_day_meeting_is_stored_as_a_day_with_a_start_and_an_end_time(group):
    kickoff = group.activities.get(key="kickoff")
    assert (kickoff.full_day, kickoff.start_time, kickoff.end_time) == (True, datetime.time(9, 30), datetime.time(15))
    assert kickoff.duration_minutes is None
    assert not group.activities.filter(template_key="expectations_call", full_day=True).exists()

    services.activity_update(activity=kickoff, start_time=datetime.time(9), end_time=datetime.time(14))
    kickoff.refresh_from_db()
    assert (kickoff.start_time, kickoff.end_time, kickoff.sequence) == (datetime.time(9), datetime.time(14), 1)
    with pytest.raises(ValidationError):
        services.activity_update(activity=kickoff, end_time=datetime.time(8))


def test_the_programme_page_shows_the_three_phases_their_focus_and_full_days(group, client):
    advisor = factories.AdvisorFactory()
    group.advisors.add(advisor)
    client.force_login(advisor)
    page = client.get(group.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    for title in ("Forberede", "Forandre", "Forankre"):
        assert title in html
    assert "Opfølgning" not in html
    assert "Særligt fokus på forankring af justerede arbejdsgange" in html
    assert "hel dag 09:30–15:00" in html
    meeting = client.get(reverse("programmes:activity", kwargs={"pk": group.pk, "key": "kickoff"}))
    assert "hel dag (4-6 timer)" in meeting.content.decode()
    assert "minutter" not in meeting.content.decode()


@pytest.mark.parametrize("kind", ["group", "individual", "taskforce"])
def test_every_phase_of_every_kind_has_its_focus_from_the_seeds(kind: str) -> None:
    template = template_from_dict(builtin_template(kind))
    assert all(phase.focus for phase in template.phases), [p.key for p in template.phases if not p.focus]


def test_after_a_reflow_each_stored_period_is_labelled_with_the_phase_it_now_lies_in(group):
    closing = group.activities.get(key="closing_meeting")
    services.reflow_apply(group, {"closing_meeting": closing.starts_on - datetime.timedelta(days=21)})
    plan = services.programme_plan(group)
    periods = group.activities.filter(template_key="trial_action_period")
    assert periods.count() == 3
    for row in periods:
        planned = next(a for a in plan.activities if a.key == row.key)
        assert row.phase == phase_by_date(planned, plan.phases), row.key
    assert periods.get(key="trial_action_period-3").phase == "anchor"  # now mostly within Forankre
