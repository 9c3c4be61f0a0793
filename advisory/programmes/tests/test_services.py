"""The programme services on stored rows: create, plan, violations, reflow, activity updates, template versions,
and query counts of the list page and the API list that do not grow with the number of programmes."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisory.programmes import scheduling, services
from advisory.programmes.models import Activity, Programme, ProgrammeTemplate, TemplateVersion
from advisory.programmes.template_data import builtin_template
from tests import factories
from tests.helpers import danish

ACCEPTANCE = datetime.date(2027, 1, 11)  # a Monday; kickoff lands on Thursday 11 February 2027


@pytest.fixture
def group_version(db):
    services.templates_load_builtin()
    return ProgrammeTemplate.objects.get(kind="group").current_version()


@pytest.fixture
def organisations(db):
    return [factories.MunicipalityFactory() for _ in range(3)]


@pytest.fixture
def programme(group_version, organisations, advisor):
    return services.programme_create(
        version=group_version,
        title="Gruppeforløb",
        theme="Boliger",
        anchors={"acceptance": ACCEPTANCE},
        organisations=organisations,
        advisors=[advisor],
    )


def rows(programme: Programme) -> dict[str, Activity]:
    return {row.key: row for row in Activity.objects.filter(programme=programme)}


def own(programme: Programme, key: str, index: int = 0) -> str:
    """The key of an organisation's own row of ``key`` (``index``: the organisation's place by name)."""
    organisation = programme.organisations.order_by("name", "pk")[index]
    return scheduling.organisation_key(key, str(organisation.pk))


# --- create and read ------------------------------------------------------------------------------


def test_programme_create_stores_one_activity_per_planned_activity_with_the_plans_dates(
    group_version, organisations, programme
):
    preview = services.plan_preview(
        version=group_version, anchors={"acceptance": ACCEPTANCE}, organisations=organisations
    )
    stored = rows(programme)
    # 7 shared rows and, for each of the 3 organisations, its own 6 calls and preparations.
    assert len(stored) == len(preview.plan.activities) == 7 + 3 * 6
    for planned in preview.plan.activities:
        row = stored[planned.key]
        assert (row.template_key, row.occurrence) == (planned.template_key, planned.occurrence)
        assert row.title == planned.title
        assert (row.starts_on, row.ends_on, row.format, row.scope) == (
            planned.start,
            planned.end,
            planned.format,
            planned.scope,
        )
        assert (row.sequence, row.pinned, row.done) == (0, False, False)
        assert str(row.organisation_id or "") == planned.organisation
    assert stored["kickoff"].starts_on == datetime.date(2027, 2, 11)
    # Each organisation's expectations call on its own working day around 14 days before the kickoff, at 10:00.
    calls = [stored[own(programme, "expectations_call", n)] for n in range(3)]
    assert [c.starts_on for c in calls] == [
        datetime.date(2027, 1, 27),
        datetime.date(2027, 1, 28),
        datetime.date(2027, 1, 29),
    ]
    assert {c.start_time for c in calls} == {datetime.time(10, 0)}
    assert [c.organisation for c in calls] == list(programme.organisations.order_by("name", "pk"))
    assert programme.anchors == {"acceptance": "2027-01-11"}
    assert programme.kind == "group" and programme.template_version == group_version
    assert set(programme.organisations.all()) == set(organisations)


def test_programme_plan_and_violations_read_the_stored_rows(programme):
    plan = services.programme_plan(programme)
    assert {a.key: a.start for a in plan.activities} == {k: r.starts_on for k, r in rows(programme).items()}
    assert [p.key for p in plan.phases] == ["prepare", "change", "anchor"]
    assert services.programme_violations(programme) == []

    # A date changed in the database (not through reflow) is what the plan and the validator see.
    Activity.objects.filter(programme=programme, key="reflection_meeting-1").update(
        starts_on=datetime.date(2027, 4, 10)  # a Saturday
    )
    Activity.objects.filter(programme=programme, key="closing_meeting").update(starts_on=datetime.date(2027, 8, 20))
    plan = services.programme_plan(programme)
    assert plan.by_key()["reflection_meeting-1"].start == datetime.date(2027, 4, 10)
    violations = {(v.activity_key, v.code): v for v in services.programme_violations(programme)}
    assert violations[("reflection_meeting-1", "non_working_day")].message == (
        "Fælles refleksionsmøde 1 ligger på en lørdag (10. april 2027)."
    )
    late = violations[("closing_meeting", "deadline")]
    assert late.days == 9
    assert late.message == "Afsluttende møde ligger 9 dage efter fristen »senest 6 måneder efter opstartsmødet«."


def test_programme_phase_follows_the_stored_plan(programme):
    assert services.programme_phase(programme, today=datetime.date(2027, 1, 1)) == "not_started"
    assert services.programme_phase(programme, today=ACCEPTANCE) == "prepare"
    assert services.programme_phase(programme, today=datetime.date(2027, 4, 1)) == "change"
    assert services.programme_phase(programme, today=datetime.date(2027, 7, 1)) == "anchor"
    assert services.programme_phase(programme, today=datetime.date(2027, 9, 1)) == "anchor"  # until the follow-up call
    assert services.programme_phase(programme, today=datetime.date(2028, 1, 1)) == "completed"


# --- reflow ---------------------------------------------------------------------------------------


def test_reflow_preview_saves_nothing(programme):
    before = {k: (r.starts_on, r.sequence) for k, r in rows(programme).items()}
    result = services.reflow_preview(programme, {"kickoff": datetime.date(2027, 2, 25)})
    assert result.changes
    assert {k: (r.starts_on, r.sequence) for k, r in rows(programme).items()} == before


def test_reflow_apply_moves_dependants_counts_sequence_and_pins_the_moved_activity(programme):
    before = rows(programme)
    result = services.reflow_apply(programme, {"kickoff": datetime.date(2027, 2, 25)})
    after = rows(programme)
    changed = {c.key for c in result.changes}
    calls = [
        own(programme, key, n)
        for key in ("expectations_call", "kickoff_follow_up_call", "follow_up_call")
        for n in range(3)
    ]
    assert {"kickoff", "closing_meeting", *calls} <= changed
    assert after["kickoff"].starts_on == datetime.date(2027, 2, 25)
    assert after["kickoff"].pinned
    # Each organisation's call follows, spread over the working days around 14 days before the new kickoff ...
    assert [after[own(programme, "expectations_call", n)].starts_on for n in range(3)] == [
        datetime.date(2027, 2, 10),
        datetime.date(2027, 2, 11),
        datetime.date(2027, 2, 12),
    ]
    # ... and a week after it.
    assert after[own(programme, "kickoff_follow_up_call", 1)].starts_on == datetime.date(2027, 3, 4)
    # "Kickoff + 5 months" now lies in the summer holiday (25 July): the closing meeting goes to the nearest open day
    # within its deadline, Monday of week 32, not two weeks after its old day (week 27).
    assert after["closing_meeting"].starts_on == datetime.date(2027, 8, 9)
    for key, row in after.items():
        assert row.sequence == (1 if key in changed else 0), key
        assert row.pinned == (key == "kickoff"), key
        if key in changed:
            change = next(c for c in result.changes if c.key == key)
            assert (change.old_start, change.new_start) == (before[key].starts_on, row.starts_on)
            assert change.new_end == row.ends_on
    # The kickoff now lies two weeks past "about one month after acceptance": the result says so.
    assert [(v.activity_key, v.code) for v in result.violations] == [("kickoff", "offset")]
    assert [(v.activity_key, v.code) for v in services.programme_violations(programme)] == [("kickoff", "offset")]


def test_reflow_apply_never_moves_done_activities_and_keeps_pinned_ones(programme):
    stored = rows(programme)
    call = own(programme, "expectations_call")
    services.activity_update(activity=stored[call], done=True)
    services.activity_update(activity=stored["reflection_meeting-1"], pinned=True)
    result = services.reflow_apply(programme, {"kickoff": datetime.date(2027, 2, 25)})
    after = rows(programme)
    assert after[call].starts_on == stored[call].starts_on
    assert after[call].sequence == 0 and after[call].done
    assert after["reflection_meeting-1"].starts_on == stored["reflection_meeting-1"].starts_on
    assert after["reflection_meeting-1"].sequence == 0
    assert after["reflection_meeting-2"].starts_on > stored["reflection_meeting-2"].starts_on
    assert {call, "reflection_meeting-1"}.isdisjoint({c.key for c in result.changes})
    # The other organisations' calls move with the kickoff; only the done one stays.
    assert (
        after[own(programme, "expectations_call", 1)].starts_on
        > stored[own(programme, "expectations_call", 1)].starts_on
    )
    # The done call is now four weeks before kickoff instead of two: flagged, not moved.
    assert (call, "offset") in {(v.activity_key, v.code) for v in result.violations}


def test_a_done_activity_cannot_be_moved(programme):
    services.activity_update(activity=rows(programme)["kickoff"], done=True)
    with pytest.raises(ValueError):
        services.reflow_apply(programme, {"kickoff": datetime.date(2027, 2, 25)})
    assert rows(programme)["kickoff"].starts_on == datetime.date(2027, 2, 11)


def test_moving_an_unknown_key_is_refused(programme):
    with pytest.raises(KeyError):
        services.reflow_preview(programme, {"nowhere": datetime.date(2027, 2, 25)})


def test_moving_the_acceptance_anchor_updates_the_anchor_and_moves_the_plan(programme):
    before = rows(programme)
    services.reflow_apply(programme, {"acceptance": datetime.date(2027, 3, 1)})
    programme.refresh_from_db()
    assert programme.anchors == {"acceptance": "2027-03-01"}
    after = rows(programme)
    assert after["kickoff"].starts_on == datetime.date(2027, 4, 1)
    assert all(after[k].starts_on > before[k].starts_on for k in before)
    assert not any(row.pinned for row in after.values())  # an anchor is not an activity: nothing pinned
    assert services.programme_violations(programme) == []
    assert services.programme_plan(programme).phases[0].start == datetime.date(2027, 3, 1)


def test_moving_a_kickoff_given_as_an_anchor_updates_that_anchor_too(group_version, organisations):
    programme = services.programme_create(
        version=group_version,
        title="Med aftalt opstart",
        anchors={"acceptance": ACCEPTANCE, "kickoff": datetime.date(2027, 2, 16)},
        organisations=organisations,
    )
    assert rows(programme)["kickoff"].starts_on == datetime.date(2027, 2, 16)
    services.reflow_apply(programme, {"kickoff": datetime.date(2027, 3, 2)})
    programme.refresh_from_db()
    assert rows(programme)["kickoff"].starts_on == datetime.date(2027, 3, 2)
    # The programme page shows the anchors; they must not keep the old kickoff date.
    assert programme.anchors == {"acceptance": "2027-01-11", "kickoff": "2027-03-02"}


# --- activity updates -----------------------------------------------------------------------------


def test_activity_update_changes_details_done_and_pinned_but_not_the_date(programme):
    kickoff = rows(programme)["kickoff"]
    assert kickoff.start_time == datetime.time(9, 30)  # full-day meetings start in the morning
    services.activity_update(activity=kickoff, start_time=datetime.time(10, 0), location="Teams", notes="Husk agenda")
    kickoff.refresh_from_db()
    assert (kickoff.start_time, kickoff.location, kickoff.notes) == (datetime.time(10, 0), "Teams", "Husk agenda")
    assert kickoff.sequence == 1  # a new time is a change to the calendar entry
    services.activity_update(activity=kickoff, location="Zoom")
    kickoff.refresh_from_db()
    assert kickoff.sequence == 2 and kickoff.location == "Zoom"  # a new place is sent as an update too
    services.activity_update(activity=kickoff, notes="Ny agenda")
    kickoff.refresh_from_db()
    assert kickoff.sequence == 2  # notes are not part of the calendar entry

    services.activity_update(activity=kickoff, done=True)
    kickoff.refresh_from_db()
    first_done = kickoff.done_at
    assert kickoff.done and first_done is not None
    services.activity_update(activity=kickoff, done=True)
    kickoff.refresh_from_db()
    assert kickoff.done_at == first_done  # marking it done again keeps the first time
    services.activity_update(activity=kickoff, done=False)
    kickoff.refresh_from_db()
    assert not kickoff.done

    services.activity_update(activity=kickoff, pinned=True)
    kickoff.refresh_from_db()
    assert kickoff.pinned and kickoff.starts_on == datetime.date(2027, 2, 11)


def test_activity_update_refuses_a_cpr_number_in_the_notes(programme):
    kickoff = rows(programme)["kickoff"]
    with pytest.raises(ValidationError):
        services.activity_update(activity=kickoff, notes="Borger 010190-1234 deltager")
    kickoff.refresh_from_db()
    assert kickoff.notes == ""


# --- template versions ----------------------------------------------------------------------------


def _group_spec_with(**changes: object) -> dict:
    spec = copy.deepcopy(builtin_template("group"))
    for key, value in changes.items():
        activity_key, _, field = key.partition("__")
        activity = next(a for a in spec["activities"] if a["key"] == activity_key)
        activity["placement"][field] = value
        option = activity["placement"].get("count_option")
        if field == "default_count" and option:  # the template's option states the default the plan follows
            spec["options"][option]["default"] = value
    return spec


def test_templates_load_builtin_is_idempotent(db):
    assert services.templates_load_builtin() == 3
    assert services.templates_load_builtin() == 0
    assert ProgrammeTemplate.objects.count() == 3
    assert TemplateVersion.objects.count() == 3
    assert sorted(ProgrammeTemplate.objects.values_list("kind", flat=True)) == ["group", "individual", "taskforce"]
    # A version an administrator added is left alone by a later load.
    group = ProgrammeTemplate.objects.get(kind="group")
    services.template_version_create(template=group, spec=_group_spec_with(), notes="v2")
    assert services.templates_load_builtin() == 0
    assert group.current_version().number == 2


def test_template_version_clean_refuses_a_spec_with_an_unknown_reference(group_version):
    spec = _group_spec_with(closing_meeting__ref="nowhere")
    version = TemplateVersion(template=group_version.template, number=2, spec=spec)
    with pytest.raises(ValidationError) as caught:
        version.full_clean()
    message = caught.value.message_dict["spec"][0]
    assert message.startswith(danish("The rules are not valid: %(error)s", error=""))
    assert "nowhere" in message
    with pytest.raises(ValidationError):
        services.template_version_create(template=group_version.template, spec=spec)
    assert group_version.template.versions.count() == 1


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(lambda spec: spec["phases"][2].update(starts_at="nowhere"), id="phase-start"),
        pytest.param(lambda spec: spec.update(ends_with="nowhere"), id="ends-with"),
    ],
)
def test_template_version_clean_refuses_references_the_engine_cannot_follow(group_version, breakage):
    spec = _group_spec_with()
    breakage(spec)
    version = TemplateVersion(template=group_version.template, number=2, spec=spec)
    with pytest.raises(ValidationError, match="nowhere"):
        version.full_clean()


def test_a_new_version_applies_to_new_programmes_while_running_ones_keep_theirs(programme, organisations):
    template = programme.template_version.template
    v2 = services.template_version_create(
        template=template, spec=_group_spec_with(reflection_meeting__default_count=3), notes="Tre refleksionsmøder"
    )
    assert template.current_version() == v2
    programme.refresh_from_db()
    assert programme.template_version.number == 1
    assert Activity.objects.filter(programme=programme, template_key="reflection_meeting").count() == 2
    new = services.programme_create(
        version=template.current_version(), title="Ny", anchors={"acceptance": ACCEPTANCE}, organisations=organisations
    )
    assert Activity.objects.filter(programme=new, template_key="reflection_meeting").count() == 3


def test_version_change_shows_the_changes_first_and_applies_them_keeping_done_activities(programme):
    stored = rows(programme)
    call = own(programme, "kickoff_follow_up_call")
    services.activity_update(activity=stored[call], done=True)
    v2 = services.template_version_create(
        template=programme.template_version.template,
        spec=_group_spec_with(reflection_meeting__default_count=3),
        notes="Tre refleksionsmøder som udgangspunkt",
    )
    preview = services.version_change_preview(programme, v2)
    changes = {c.key: c for c in preview.changes}
    assert changes["reflection_meeting-3"].old_start is None and changes["reflection_meeting-3"].new_start
    assert changes[own(programme, "reflection_preparation-3")].old_start is None
    assert changes["trial_action_period-4"].old_start is None
    assert changes["reflection_meeting-2"].new_start < stored["reflection_meeting-2"].starts_on
    assert call not in changes
    assert preview.violations == ()
    # Nothing is saved by the preview.
    programme.refresh_from_db()
    assert programme.template_version.number == 1 and len(rows(programme)) == 25

    result = services.version_change_apply(programme, v2)
    programme.refresh_from_db()
    after = rows(programme)
    assert programme.template_version == v2
    assert len(after) == 25 + 2 + 3  # a meeting, a local-work period and each organisation's preparation for it
    assert {c.key for c in result.changes} == set(changes)
    for key, change in changes.items():
        assert after[key].starts_on == change.new_start, key
        assert after[key].sequence == (0 if change.old_start is None else 1), key
    assert after[call].done
    assert after[call].starts_on == stored[call].starts_on
    assert after[call].sequence == 0
    assert services.programme_violations(programme) == []


def test_version_change_with_a_different_offset_moves_what_is_not_done(programme):
    stored = rows(programme)
    call = own(programme, "follow_up_call")
    services.activity_update(activity=stored[call], done=True)
    spec = _group_spec_with(closing_preparation__amount=-21)
    v2 = services.template_version_create(template=programme.template_version.template, spec=spec)
    preview = services.version_change_preview(programme, v2)
    preparations = [own(programme, "closing_preparation", n) for n in range(3)]
    three_weeks_before = stored["closing_meeting"].starts_on - datetime.timedelta(days=21)
    assert sorted((c.key, c.old_start, c.new_start) for c in preview.changes) == [
        (key, stored[key].starts_on, three_weeks_before) for key in sorted(preparations)
    ]
    services.version_change_apply(programme, v2)
    after = rows(programme)
    assert {after[key].starts_on for key in preparations} == {three_weeks_before}
    assert after[call].done and after[call].starts_on == stored[call].starts_on


def test_version_change_to_fewer_meetings_removes_those_not_done_and_keeps_done_ones(programme):
    spec = _group_spec_with()
    spec["activities"] = [a for a in spec["activities"] if a["key"] != "closing_preparation"]
    spec["phases"][2]["starts_at"] = "closing_meeting"
    v2 = services.template_version_create(template=programme.template_version.template, spec=spec)
    preview = services.version_change_preview(programme, v2)
    removed = {c.key for c in preview.changes if c.new_start is None}
    assert removed == {own(programme, "closing_preparation", n) for n in range(3)}
    services.version_change_apply(programme, v2)
    assert not any(row.template_key == "closing_preparation" for row in rows(programme).values())


def test_version_change_to_a_version_with_a_higher_minimum_does_not_break(programme, organisations):
    chosen = services.programme_create(
        version=programme.template_version,
        title="To møder valgt",
        anchors={"acceptance": ACCEPTANCE},
        options={"reflection_meetings": 2},
        organisations=organisations,
    )
    spec = _group_spec_with(reflection_meeting__default_count=3)
    spec["options"] = {"reflection_meetings": 3}
    v2 = services.template_version_create(template=programme.template_version.template, spec=spec)
    preview = services.version_change_preview(chosen, v2)
    assert preview.plan.options["reflection_meetings"] == 3
    services.version_change_apply(chosen, v2)
    assert Activity.objects.filter(programme=chosen, template_key="reflection_meeting").count() == 3


def test_version_change_refuses_a_version_of_another_kind(programme):
    individual = ProgrammeTemplate.objects.get(kind="individual").current_version()
    with pytest.raises(ValueError):
        services.version_change_apply(programme, individual)


# --- query counts ---------------------------------------------------------------------------------


def _programmes(version: TemplateVersion, advisor, first: int, last: int) -> None:
    for i in range(first, last + 1):
        organisations = [factories.MunicipalityFactory.create() for _ in range(3)]
        services.programme_create(
            version=version,
            title=f"Forløb {i}",
            anchors={"acceptance": ACCEPTANCE + datetime.timedelta(days=i)},
            organisations=organisations,
            advisors=[advisor],
        )


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(reverse("programmes:list"), id="page"),
        pytest.param(reverse("programmes:list") + "?q=Forløb&mine=on", id="page-filtered"),
        pytest.param("/api/programmes", id="api"),
    ],
)
def test_programme_list_query_count_does_not_grow_with_the_number_of_programmes(
    group_version, advisor, django_assert_num_queries, url
):
    client = Client()
    client.force_login(advisor)
    _programmes(group_version, advisor, 1, 3)
    client.get(url)  # warm caches (content types, session) so both counts measure the same work
    # The page keeps its list under the data version: both counts are of the list built (the cache emptied).
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    _programmes(group_version, advisor, 4, 30)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response.json()["count"] == 30 and len(response.json()["items"]) == 30
    else:
        body = response.content.decode()
        assert "30 forløb" in body and ">Forløb 30</a>" in body, body[body.find("<main") : body.find("</main>")]


def test_programme_list_for_a_coordinator_shows_only_their_organisations_programmes(
    group_version, organisations, coordinator, municipality
):
    own = services.programme_create(
        version=group_version,
        title="Med Aarhus",
        anchors={"acceptance": ACCEPTANCE},
        organisations=[municipality, *organisations[:2]],
    )
    services.programme_create(
        version=group_version, title="Uden Aarhus", anchors={"acceptance": ACCEPTANCE}, organisations=organisations
    )
    from advisory.programmes import selectors

    assert list(selectors.programme_list(coordinator)) == [own]
    listed = list(selectors.programme_list(coordinator, q="Aarhus"))
    assert listed == [own] and listed[0].organisation_count == 3


def test_engine_plan_from_stored_rows_round_trips_through_reflow(programme):
    template = programme.template_version.engine_template()
    plan = services.programme_plan(programme)
    result = scheduling.reflow(template, plan, {})
    assert result.changes == () and result.violations == ()
