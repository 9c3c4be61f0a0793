"""Success criteria (met / not yet / overdue from evidence and from the advisor), the coordinator's view,
and completing a programme after its follow-up call."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisory.programmes import criteria, progress, scheduling, services
from advisory.programmes.models import (
    CriterionCheck,
    MeetingParticipant,
    ProgrammeStatus,
    ProgrammeTemplate,
    TrialAction,
    TrialActionStatus,
)
from tests import factories
from tests.helpers import danish, parse_html

ACCEPTANCE = datetime.date(2027, 1, 11)
BEFORE = datetime.date(2027, 1, 1)  # before anything is due
AFTER_ALL = datetime.date(2028, 1, 1)  # long after the follow-up call


@pytest.fixture
def group(advisor, municipality, other_municipality):
    services.templates_load_builtin()
    return services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb",
        anchors={"acceptance": ACCEPTANCE},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def own(key: str, organisation) -> str:
    """The key of the organisation's own row of an organisation's call or preparation."""
    return scheduling.organisation_key(key, str(organisation.pk))


def _cell(overview: criteria.Overview, key: str, organisation) -> criteria.Cell:
    cell = overview.cell(key, organisation.pk)
    assert cell is not None, key
    return cell


def _trial(programme, organisation, status=TrialActionStatus.COMPLETED) -> TrialAction:
    return TrialAction.objects.create(
        programme=programme,
        organisation=organisation,
        development_point="Boligmøder",
        plan="Ugentligt boligmøde",
        starts_on=datetime.date(2027, 2, 15),
        ends_on=datetime.date(2027, 3, 15),
        status=status,
    )


def test_every_criterion_is_not_yet_before_anything_happens(group, municipality):
    overview = criteria.overview(group, today=BEFORE)
    keys = [activity.key for activity, _cells in overview.rows]
    assert keys[0] == own("expectations_call", municipality) or keys[0].startswith("expectations_call-org")
    assert keys[3] == "kickoff"  # after the 3 organisations' own expectations calls
    assert own("follow_up_call", municipality) in keys
    # An organisation's own call has a cell for that organisation only.
    own_rows = sum(1 for activity, _cells in overview.rows if activity.organisation_id)
    assert overview.counts() == {"not_yet": (len(keys) - own_rows) * 3 + own_rows}


def test_criteria_not_met_turn_overdue_a_week_after_the_activity(group, municipality):
    key = own("expectations_call", municipality)
    call = group.activities.get(key=key)
    on_time = call.starts_on + datetime.timedelta(days=criteria.GRACE_DAYS)
    assert _cell(criteria.overview(group, today=on_time), key, municipality).state == "not_yet"
    late = on_time + datetime.timedelta(days=1)
    assert _cell(criteria.overview(group, today=late), key, municipality).state == "overdue"


def test_trial_actions_are_counted_cumulatively_over_the_periods(group, municipality, other_municipality):
    _trial(group, municipality)
    _trial(group, municipality, status=TrialActionStatus.RUNNING)  # not completed: does not count
    _trial(group, other_municipality, status=TrialActionStatus.ADJUSTED)  # adjusted and tried again counts
    overview = criteria.overview(group, today=BEFORE)
    cell = _cell(overview, "trial_action_period-1", municipality)
    evidence = [r for r in cell.results if r.evidence == "trial_actions_completed"]
    assert [r.state for r in evidence] == ["met"]  # 1 of 1 by the first period
    assert "1 of 1" in evidence[0].explanation or "1 af 1" in evidence[0].explanation
    second = [
        r
        for r in _cell(overview, "trial_action_period-2", municipality).results
        if r.evidence == "trial_actions_completed"
    ]
    assert [r.state for r in second] == ["not_yet"]  # 1 of 2 by the second
    third = [
        r
        for r in _cell(overview, "trial_action_period-3", other_municipality).results
        if r.evidence == "trial_actions_completed"
    ]
    assert [r.state for r in third] == ["not_yet"]
    _trial(group, municipality)
    _trial(group, municipality)
    overview = criteria.overview(group, today=BEFORE)
    third = [
        r
        for r in _cell(overview, "trial_action_period-3", municipality).results
        if r.evidence == "trial_actions_completed"
    ]
    assert [r.state for r in third] == ["met"]


def test_participants_booked_needs_people_for_every_joint_meeting(group, municipality):
    def evidence_state() -> str:
        cell = _cell(criteria.overview(group, today=BEFORE), own("expectations_call", municipality), municipality)
        return next(r.state for r in cell.results if r.evidence == "participants_booked")

    assert evidence_state() == "not_yet"
    people = [factories.member_of(municipality) for _ in range(3)]
    meetings = group.activities.filter(scope="shared")
    for meeting in meetings:  # the joint meetings (the organisation's own calls do not count here)
        for person in people[: 3 if meeting.template_key == "reflection_meeting" else 1]:
            services.meeting_book(activity=meeting, user=person, organisation=municipality)
    assert evidence_state() == "met"
    MeetingParticipant.objects.filter(activity__key="reflection_meeting-2", user=people[2]).delete()
    assert evidence_state() == "not_yet"  # the reflection meeting wants at least 3 from each organisation


def test_an_advisor_s_assessment_meets_a_criterion_for_one_organisation(
    group, municipality, other_municipality, advisor
):
    call = group.activities.get(key=own("kickoff_follow_up_call", municipality))
    criteria.criterion_assess(
        activity=call,
        organisation=municipality,
        criterion="Kommunen / § 110-boformen har fået skabt en god struktur for arbejdet med prøvehandlinger",
        met=True,
        comment="Faste møder i teamet",
        by=advisor,
    )
    overview = criteria.overview(group, today=AFTER_ALL)
    cell = _cell(overview, own("kickoff_follow_up_call", municipality), municipality)
    assert cell.state == "met" and cell.results[0].explanation == "Faste møder i teamet"
    other = own("kickoff_follow_up_call", other_municipality)
    assert _cell(overview, other, other_municipality).state == "overdue"
    assert overview.cell(other, municipality.pk) is None  # another organisation's call: no cell


def test_criteria_overview_shows_a_coordinator_only_their_own_organisation(
    group, municipality, other_municipality, coordinator
):
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("programmes:criteria", args=[group.pk]))
    assert response.status_code == 200
    table = parse_html(response.content).select_one("table", data_testid="criteria-overview")
    headers = [th.text for th in table.find_all("th", scope="col")]
    assert municipality.name in headers and other_municipality.name not in headers


def test_advisor_assesses_on_the_criterion_page_and_bad_input_keeps_the_comment(group, municipality, advisor_client):
    call = own("kickoff_follow_up_call", municipality)
    url = reverse("programmes:criterion_assess", args=[group.pk, call, 0, municipality.pk])
    response = advisor_client.post(url, {"comment": "Struktur på plads"})
    assert response.status_code == 200
    assert "Struktur på plads" in response.content.decode()
    assert danish("This field is required.") in response.content.decode()
    response = advisor_client.post(url, {"met": "yes", "comment": "Struktur på plads"})
    assert response.status_code == 302 and response["Location"].endswith("#criteria")
    check = CriterionCheck.objects.get()
    assert (check.met, check.comment, check.organisation) == (True, "Struktur på plads", municipality)
    page = advisor_client.get(reverse("programmes:activity", args=[group.pk, call]))
    assert "Struktur på plads" in page.content.decode()


def test_criteria_the_system_shows_cannot_be_ticked(group, municipality, advisor_client, coordinator_client):
    evidenced = reverse("programmes:criterion_assess", args=[group.pk, "trial_action_period-1", 1, municipality.pk])
    assert advisor_client.get(evidenced).status_code == 404
    outside = factories.MunicipalityFactory()
    assert (
        advisor_client.get(
            reverse("programmes:criterion_assess", args=[group.pk, "trial_action_period-1", 0, outside.pk])
        ).status_code
        == 404
    )
    manual = reverse("programmes:criterion_assess", args=[group.pk, "trial_action_period-1", 0, municipality.pk])
    assert coordinator_client.post(manual, {"met": "yes"}).status_code == 403
    assert not CriterionCheck.objects.exists()


def test_status_runs_when_the_first_activity_is_done_and_completes_after_the_follow_up_call(
    group, municipality, advisor_client
):
    assert group.status == ProgrammeStatus.PLANNED
    progress.programme_status_refresh(group, today=BEFORE)
    assert group.status == ProgrammeStatus.PLANNED
    call = own("expectations_call", municipality)
    advisor_client.post(reverse("programmes:activity_update", args=[group.pk, call]), {"action": "done"})
    group.refresh_from_db()
    assert group.status == ProgrammeStatus.RUNNING

    complete = reverse("programmes:complete", args=[group.pk])
    response = advisor_client.post(complete, {"confirm": "on"})
    assert response.status_code == 200
    assert "Telefonisk opfølgning" in response.content.decode()  # says which activity must be done first
    group.refresh_from_db()
    assert group.status == ProgrammeStatus.RUNNING

    group.activities.filter(key=own("follow_up_call", municipality)).update(done_at=timezone.now())
    response = advisor_client.post(complete, {"confirm": "on"})
    assert response.status_code == 200  # every organisation's follow-up call must be done
    group.activities.filter(template_key="follow_up_call").update(done_at=timezone.now())
    response = advisor_client.post(complete, {})
    assert danish("Tick the box to confirm.") in response.content.decode()
    response = advisor_client.post(complete, {"confirm": "on"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == ProgrammeStatus.COMPLETED
    assert progress.completion_blockers(group)  # not twice


def test_coordinator_sees_what_is_expected_and_their_people_on_the_programme_page(
    group, municipality, coordinator_client, stranger
):
    person = factories.member_of(municipality)
    services.meeting_book(activity=group.activities.get(key="kickoff"), user=person, organisation=municipality)
    odense_person = factories.member_of(stranger.memberships.first().organisation)
    odense = stranger.memberships.first().organisation  # another organisation of the group
    services.meeting_book(
        activity=group.activities.get(key=own("expectations_call", odense)), user=odense_person, organisation=odense
    )
    content = coordinator_client.get(reverse("programmes:detail", args=[group.pk])).content.decode()
    assert "Ansvarlig for den lokale fremdrift i udviklings- og implementeringsarbejdet." in content
    assert str(person) in content
    assert str(odense_person) not in content  # another organisation's own call is not shown
    assert danish("What is expected of you") in content
    assert coordinator_client.get(reverse("programmes:complete", args=[group.pk])).status_code == 403


def _api(client: Client, method: str, url: str, body: dict | None = None):
    import json

    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_success_criteria_and_completion_through_the_api(
    group, municipality, other_municipality, advisor_client, coordinator_client
):
    url = f"/api/programmes/{group.pk}/success-criteria"
    cells = _api(advisor_client, "get", url).json()
    assert {c["organisation_id"] for c in cells} >= {municipality.pk, other_municipality.pk}
    own_cells = _api(coordinator_client, "get", url).json()
    assert {c["organisation_id"] for c in own_cells} == {municipality.pk}
    kickoff = next(c for c in own_cells if c["activity_key"] == "kickoff")
    assert kickoff["criteria"][0]["evidence"] == "" and kickoff["state"] in {"not_yet", "overdue"}

    assess = f"/api/programmes/{group.pk}/activities/kickoff/success-criteria/0/{municipality.pk}"
    response = _api(advisor_client, "put", assess, {"met": True, "comment": "Klar til prøvehandlinger"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "met"
    assert response.json()["criteria"][0]["explanation"] == "Klar til prøvehandlinger"
    bad = _api(advisor_client, "put", assess, {"met": True, "comment": "x" * 2001})
    assert bad.status_code == 400 and "comment" in bad.json()["errors"]
    assert CriterionCheck.objects.get().comment == "Klar til prøvehandlinger"  # unchanged by the bad request
    evidenced = f"/api/programmes/{group.pk}/activities/trial_action_period-1/success-criteria/1/{municipality.pk}"
    assert _api(advisor_client, "put", evidenced, {"met": True}).status_code == 404
    assert _api(coordinator_client, "put", assess, {"met": False}).status_code == 403

    refused = _api(advisor_client, "post", f"/api/programmes/{group.pk}/complete")
    assert refused.status_code == 400
    assert "Telefonisk opfølgning" in refused.json()["errors"]["status"][0]
    for organisation in group.organisations.all():
        key = own("follow_up_call", organisation)
        done = _api(advisor_client, "patch", f"/api/programmes/{group.pk}/activities/{key}", {"done": True})
        assert done.status_code == 200, done.content
    group.refresh_from_db()
    assert group.status == ProgrammeStatus.RUNNING  # a done activity starts the programme
    completed = _api(advisor_client, "post", f"/api/programmes/{group.pk}/complete")
    assert completed.status_code == 200 and completed.json()["status"] == "completed"


def test_an_individual_programme_s_closing_meeting_is_evaluated_and_meets_its_criterion(
    municipality, coordinator, advisor, settings
):
    settings.EVALUATION_SPARRING_MIN_ANSWERS = 1  # one person answers here (the minimum: evaluations' tests)
    from advisory.evaluations.services import evaluation_answer

    services.templates_load_builtin()
    programme = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="individual").current_version(),
        title="Individuelt forløb",
        anchors={"start": datetime.date(2027, 1, 4)},
        organisations=[municipality],
        advisors=[advisor],
    )
    closing = programme.activities.get(key="closing_meeting")
    services.meeting_book(activity=closing, user=coordinator, organisation=municipality)
    cell = criteria.overview(programme, today=closing.starts_on).cell("closing_meeting", municipality.pk)
    evaluated = next(r for r in cell.results if r.evidence == "evaluation_answered")
    assert evaluated.state == "not_yet"
    evaluation_answer(by=coordinator, activity=closing, answers={"sparring": 5, "useful": 4}, today=closing.starts_on)
    cell = criteria.overview(programme, today=closing.starts_on).cell("closing_meeting", municipality.pk)
    assert next(r for r in cell.results if r.evidence == "evaluation_answered").state == "met"
