"""A group programme's records around its joint meetings (advisory/programmes/group_records.py): the goal per
organisation and its status at the meetings, the closing meeting's participants from the kickoff, feedback on
trial actions, the wishes and needs before a meeting – services, pages, API and who may do what."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from advisory.notifications.models import OutboxMessage
from advisory.programmes import criteria, group_records, services
from advisory.programmes.models import (
    GoalStatus,
    MeetingParticipant,
    MeetingWish,
    OrganisationGoal,
    ProgrammeTemplate,
    TrialAction,
    TrialActionFeedback,
)
from tests import factories

GOAL = "Alle borgere i egen bolig får tilbudt CTI inden for 14 dage"
DUE = datetime.date(2027, 7, 1)


@pytest.fixture
def outsider(db):
    """The coordinator of an organisation outside the programme."""
    return factories.coordinator_of(factories.MunicipalityFactory(name="Vejle Kommune"))


def kickoff_held(group, advisor):
    services.activity_update(activity=group.activities.get(key="kickoff"), done=True, by=advisor)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the goal ------------------------------------------------------------------------------------------------


def test_the_goal_is_refused_before_the_kickoff_meeting_has_taken_place(group, municipality, coordinator):
    with pytest.raises(ValidationError) as refused:
        group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    assert refused.value.messages == ["Målet sættes efter opstartsmødet. Opstartsmødet er den 11. februar 2027."]
    assert not OrganisationGoal.objects.exists()


def test_the_day_after_the_kickoff_the_goal_can_be_set(group, municipality, coordinator):
    day_after = group.activities.get(key="kickoff").starts_on + datetime.timedelta(days=1)
    goal = group_records.goal_set(
        programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator, today=day_after
    )
    assert (goal.text, goal.due_on, goal.set_by) == (GOAL, DUE, coordinator)


def test_the_coordinator_sets_and_changes_their_own_organisation_s_goal(group, municipality, coordinator, advisor):
    kickoff_held(group, advisor)
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    group_records.goal_set(programme=group, organisation=municipality, text="Ændret", due_on=DUE, by=coordinator)
    assert list(OrganisationGoal.objects.values_list("text", flat=True)) == ["Ændret"]


def test_only_the_own_coordinator_and_the_advisors_set_a_goal(
    group, municipality, other_municipality, coordinator, stranger, advisor, outsider
):
    kickoff_held(group, advisor)
    member = factories.member_of(municipality)
    for person in (stranger, member, outsider):  # another group member's coordinator, a team member, an outsider
        with pytest.raises(PermissionDenied):
            group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=person)
    group_records.goal_set(programme=group, organisation=other_municipality, text=GOAL, due_on=DUE, by=advisor)
    assert OrganisationGoal.objects.get().organisation == other_municipality


def test_the_goal_cannot_be_due_before_the_kickoff(group, municipality, coordinator, advisor):
    kickoff_held(group, advisor)
    with pytest.raises(ValidationError) as refused:
        group_records.goal_set(
            programme=group,
            organisation=municipality,
            text=GOAL,
            due_on=datetime.date(2027, 1, 1),
            by=coordinator,
        )
    assert refused.value.message_dict == {"due_on": ["Målet skal nås efter opstartsmødet (11. februar 2027)."]}


def test_an_individual_programme_has_no_group_goals(advisor, municipality, coordinator):
    services.templates_load_builtin()
    individual = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="individual").current_version(),
        title="Individuelt",
        anchors={"start": datetime.date(2027, 3, 1)},
        organisations=[municipality],
        advisors=[advisor],
    )
    with pytest.raises(ValidationError):
        group_records.goal_set(programme=individual, organisation=municipality, text=GOAL, due_on=DUE, by=advisor)
    assert client_for(advisor).get(reverse("programmes:goals", args=[individual.pk])).status_code == 404


def test_status_against_the_goal_at_a_reflection_meeting(group, municipality, coordinator, advisor):
    kickoff_held(group, advisor)
    meeting = group.activities.get(key="reflection_meeting-1")
    with pytest.raises(ValidationError) as refused:
        group_records.goal_status_record(
            activity=meeting, organisation=municipality, progress="under_way", status="", by=coordinator
        )
    assert refused.value.messages == ["Aarhus har ikke sat sit mål endnu."]
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    group_records.goal_status_record(
        activity=meeting, organisation=municipality, progress="under_way", status="Halvdelen", by=coordinator
    )
    group_records.goal_status_record(
        activity=meeting, organisation=municipality, progress="well_under_way", status="Næsten", by=advisor
    )
    status = GoalStatus.objects.get()
    assert (status.progress, status.status, status.recorded_by) == ("well_under_way", "Næsten", advisor)


def test_status_is_recorded_only_at_reflection_and_closing_meetings(group, municipality, coordinator, advisor):
    kickoff_held(group, advisor)
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    assert [m.key for m in group_records.goal_meetings(group)] == [
        "reflection_meeting-1",
        "reflection_meeting-2",
        "closing_meeting",
    ]
    with pytest.raises(ValidationError):
        group_records.goal_status_record(
            activity=group.activities.get(key="kickoff"),
            organisation=municipality,
            progress="under_way",
            status="",
            by=advisor,
        )


def test_the_meeting_page_shows_each_organisation_s_goal_and_the_coordinator_records_the_status(
    group, municipality, coordinator, advisor
):
    kickoff_held(group, advisor)
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    client = client_for(coordinator)
    page = client.get(reverse("programmes:activity", args=[group.pk, "reflection_meeting-2"])).content.decode()
    assert GOAL in page
    url = reverse("programmes:goal_status_edit", args=[group.pk, "reflection_meeting-2", municipality.pk])
    assert url in page
    response = client.post(url, {"progress": "reached", "status": "Målet er nået"})
    assert response.status_code == 302
    page = client.get(reverse("programmes:activity", args=[group.pk, "reflection_meeting-2"])).content.decode()
    assert "Målet er nået" in page and "Nået" in page


def test_the_goal_page_refuses_in_danish_before_the_kickoff(group, municipality, coordinator):
    response = client_for(coordinator).post(
        reverse("programmes:goal_edit", args=[group.pk, municipality.pk]), {"text": GOAL, "due_on": "2027-07-01"}
    )
    assert response.status_code == 200
    assert "Målet sættes efter opstartsmødet" in response.content.decode()


def test_goal_pages_access(group, municipality, coordinator, stranger, outsider, advisor):
    kickoff_held(group, advisor)
    edit = reverse("programmes:goal_edit", args=[group.pk, municipality.pk])
    assert client_for(coordinator).get(edit).status_code == 200
    assert client_for(advisor).get(edit).status_code == 200
    assert client_for(stranger).get(edit).status_code == 403  # one of the group, another organisation
    assert client_for(outsider).get(edit).status_code == 404
    assert client_for(outsider).get(reverse("programmes:goals", args=[group.pk])).status_code == 404
    assert client_for(stranger).get(reverse("programmes:goals", args=[group.pk])).status_code == 200


def test_goal_api(group, municipality, coordinator, stranger, advisor):
    url = f"/api/programmes/{group.pk}/organisation-goals/{municipality.pk}"
    body = json.dumps({"text": GOAL, "due_on": "2027-07-01"})
    client = client_for(coordinator)
    early = client.put(url, body, content_type="application/json")
    assert early.status_code == 400
    assert early.json()["errors"]["__all__"][0].startswith("Målet sættes efter opstartsmødet")
    kickoff_held(group, advisor)
    assert client_for(stranger).put(url, body, content_type="application/json").status_code == 403
    answer = client.put(url, body, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["text"] == GOAL
    too_long = client.put(url, json.dumps({"text": "x" * 2001, "due_on": "2027-07-01"}), "application/json")
    assert too_long.status_code in (400, 422)
    status_url = f"/api/programmes/{group.pk}/activities/closing_meeting/goal-status/{municipality.pk}"
    recorded = client.put(status_url, json.dumps({"progress": "reached"}), content_type="application/json")
    assert recorded.status_code == 200
    closing = [s for s in recorded.json()["statuses"] if s["activity_key"] == "closing_meeting"]
    assert closing[0]["progress"] == "reached"
    listed = client_for(stranger).get(f"/api/programmes/{group.pk}/organisation-goals").json()
    assert [g["text"] for g in listed if g["organisation_id"] == municipality.pk] == [GOAL]
    wrong = client.put(status_url, json.dumps({"progress": "halfway"}), content_type="application/json")
    assert wrong.status_code in (400, 422)


def test_goal_progress_is_evidence_for_the_practice_criterion(group, municipality, coordinator, advisor):
    """ "Praksis udvikles i retning af det ønskede mål" (trial-action periods) is judged from the goal: set, and the
    status at the next joint meeting shows progress."""
    period = group.activities.get(key="trial_action_period-1")

    def result() -> criteria.CriterionResult:
        cell = criteria.overview(group, [municipality]).cell(period.key, municipality.pk)
        assert cell is not None
        return next(r for r in cell.results if r.evidence == "goal_progress")

    assert result().state != criteria.MET
    kickoff_held(group, advisor)
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    assert result().state != criteria.MET
    assert result().explanation == "Målet er sat; der er endnu ikke noteret status i forhold til det ved et møde."
    meeting = group.activities.get(key="reflection_meeting-1")
    group_records.goal_status_record(
        activity=meeting, organisation=municipality, progress="not_started", status="", by=coordinator
    )
    assert result().state != criteria.MET
    group_records.goal_status_record(
        activity=meeting, organisation=municipality, progress="under_way", status="", by=coordinator
    )
    assert result().state == criteria.MET


# --- the closing meeting's participants ----------------------------------------------------------------------


def test_the_kickoff_s_participants_are_booked_for_the_closing_meeting_each_invited_once(
    group, municipality, other_municipality, coordinator, advisor, django_capture_on_commit_callbacks
):
    kickoff = group.activities.get(key="kickoff")
    closing = group.activities.get(key="closing_meeting")
    aarhus = [factories.member_of(municipality) for _ in range(2)]
    odense = factories.member_of(other_municipality)
    for person, organisation in [(aarhus[0], municipality), (aarhus[1], municipality), (odense, other_municipality)]:
        services.meeting_book(activity=kickoff, user=person, organisation=organisation)
    services.meeting_book(activity=closing, user=aarhus[0], organisation=municipality)  # already booked
    invitations = OutboxMessage.objects.filter(idempotency_key__contains=f"programme-activity-{closing.pk}@")
    before = invitations.count()

    with django_capture_on_commit_callbacks(execute=True):
        booked = group_records.kickoff_participants_book(activity=closing, by=coordinator)
    assert [p.user for p in booked] == [aarhus[1]]  # the coordinator books their own organisation's people
    with django_capture_on_commit_callbacks(execute=True):
        booked = group_records.kickoff_participants_book(activity=closing, by=advisor)
    assert [p.user for p in booked] == [odense]
    with django_capture_on_commit_callbacks(execute=True):
        assert group_records.kickoff_participants_book(activity=closing, by=advisor) == []
    assert set(closing.participants.values_list("user", flat=True)) == {aarhus[0].pk, aarhus[1].pk, odense.pk}
    assert invitations.count() - before == 2  # one invitation per new booking


def test_only_the_closing_meeting_books_from_the_kickoff(group, advisor):
    with pytest.raises(ValidationError):
        group_records.kickoff_participants_book(activity=group.activities.get(key="reflection_meeting-1"), by=advisor)


def test_the_closing_meeting_page_offers_the_kickoff_s_participants(group, municipality, coordinator, advisor):
    kickoff = group.activities.get(key="kickoff")
    person = factories.member_of(municipality)
    services.meeting_book(activity=kickoff, user=person, organisation=municipality)
    client = client_for(coordinator)
    page = client.get(reverse("programmes:activity", args=[group.pk, "closing_meeting"])).content.decode()
    url = reverse("programmes:kickoff_participants_book", args=[group.pk, "closing_meeting"])
    assert url in page
    assert client.post(url).status_code == 302
    assert MeetingParticipant.objects.filter(activity__key="closing_meeting", user=person).exists()
    page = client.get(reverse("programmes:activity", args=[group.pk, "closing_meeting"])).content.decode()
    assert url not in page


def test_kickoff_participants_api(group, municipality, coordinator, outsider):
    services.meeting_book(
        activity=group.activities.get(key="kickoff"), user=factories.member_of(municipality), organisation=municipality
    )
    url = f"/api/programmes/{group.pk}/activities/closing_meeting/participants/from-kickoff"
    assert client_for(outsider).post(url).status_code == 404
    answer = client_for(coordinator).post(url)
    assert answer.status_code == 200
    assert len(answer.json()) == 1


# --- feedback on trial actions -------------------------------------------------------------------------------


def trial_action(group, organisation, shared: bool = True) -> TrialAction:
    return TrialAction.objects.create(
        programme=group,
        organisation=organisation,
        development_point="Fast boligmøde",
        plan="Ugentligt møde",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 20),
        shared_with_group=shared,
    )


def test_the_advisors_and_the_group_give_feedback_on_a_shared_trial_action(
    group, municipality, other_municipality, advisor, stranger, coordinator, outsider
):
    shared = trial_action(group, municipality)
    group_records.trial_action_feedback_add(trial_action=shared, text="Godt valg af udviklingspunkt", by=advisor)
    group_records.trial_action_feedback_add(trial_action=shared, text="Vi gjorde det samme", by=stranger)
    with pytest.raises(PermissionDenied):
        group_records.trial_action_feedback_add(trial_action=shared, text="Udefra", by=outsider)
    assert [(e.author, e.text) for e in group_records.trial_action_feedback(coordinator, shared)] == [
        (advisor, "Godt valg af udviklingspunkt"),
        (stranger, "Vi gjorde det samme"),
    ]
    assert group_records.trial_action_feedback(outsider, shared) == []


def test_feedback_on_a_trial_action_not_shared_stays_with_the_organisation_and_the_advisors(
    group, municipality, advisor, stranger, coordinator
):
    own = trial_action(group, municipality, shared=False)
    group_records.trial_action_feedback_add(trial_action=own, text="Husk opfølgning", by=advisor)
    with pytest.raises(PermissionDenied):
        group_records.trial_action_feedback_add(trial_action=own, text="Set udefra", by=stranger)
    assert group_records.trial_action_feedback(stranger, own) == []
    assert len(group_records.trial_action_feedback(coordinator, own)) == 1
    url = reverse("programmes:trial_action_detail", args=[group.pk, own.pk])
    assert client_for(stranger).get(url).status_code == 404


def test_feedback_page_and_api(group, municipality, stranger, coordinator):
    shared = trial_action(group, municipality)
    url = reverse("programmes:trial_action_detail", args=[group.pk, shared.pk])
    client = client_for(stranger)
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": ""}).status_code == 200  # required: the form again
    assert client.post(url, {"text": "Prøv også aftenmøder"}).status_code == 302
    assert "Prøv også aftenmøder" in client_for(coordinator).get(url).content.decode()
    api = f"/api/programmes/{group.pk}/trial-actions/{shared.pk}/feedback"
    added = client_for(coordinator).post(api, json.dumps({"text": "Tak!"}), content_type="application/json")
    assert added.status_code == 201
    assert [e["text"] for e in client.get(api).json()] == ["Prøv også aftenmøder", "Tak!"]
    assert TrialActionFeedback.objects.count() == 2


# --- wishes and needs ----------------------------------------------------------------------------------------


def test_the_coordinator_answers_until_the_meeting_and_the_advisors_read_it(
    group, municipality, coordinator, stranger, advisor
):
    meeting = group.activities.get(key="reflection_meeting-1")
    group_records.meeting_wish_answer(activity=meeting, organisation=municipality, text="Bostøtte", by=coordinator)
    group_records.meeting_wish_answer(activity=meeting, organisation=municipality, text="Mere CTI", by=coordinator)
    assert list(MeetingWish.objects.values_list("text", flat=True)) == ["Mere CTI"]
    with pytest.raises(PermissionDenied):
        group_records.meeting_wish_answer(activity=meeting, organisation=municipality, text="Andet", by=stranger)
    with pytest.raises(ValidationError) as refused:
        group_records.meeting_wish_answer(
            activity=meeting, organisation=municipality, text="For sent", by=coordinator, today=meeting.starts_on
        )
    assert refused.value.messages == ["Mødet er begyndt; ønsker og behov kan ikke længere ændres."]
    assert [w.text for w in group_records.meeting_records(advisor, meeting).wishes] == ["Mere CTI"]
    assert group_records.meeting_records(stranger, meeting).wishes == []  # another organisation's answer
    advisor_page = client_for(advisor).get(reverse("programmes:activity", args=[group.pk, meeting.key]))
    assert "Mere CTI" in advisor_page.content.decode()
    stranger_page = client_for(stranger).get(reverse("programmes:activity", args=[group.pk, meeting.key]))
    assert "Mere CTI" not in stranger_page.content.decode()


def test_wishes_only_for_joint_meetings(group, municipality, coordinator):
    call = group.activities.filter(template_key="kickoff_follow_up_call").first()
    assert call is not None
    with pytest.raises((ValidationError, PermissionDenied)):
        group_records.meeting_wish_answer(activity=call, organisation=municipality, text="x", by=coordinator)


def test_wish_page_and_api(group, municipality, coordinator, stranger, advisor):
    url = reverse("programmes:wish_edit", args=[group.pk, "kickoff", municipality.pk])
    assert client_for(stranger).get(url).status_code == 403
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Tid til erfaringsudveksling"}).status_code == 302
    api = f"/api/programmes/{group.pk}/activities/kickoff/wishes"
    assert [w["text"] for w in client_for(advisor).get(api).json()] == ["Tid til erfaringsudveksling"]
    assert client_for(stranger).get(api).json() == []
    answer = client.put(f"{api}/{municipality.pk}", json.dumps({"text": "Ændret"}), content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["text"] == "Ændret"


# --- isolation -----------------------------------------------------------------------------------------------


def test_an_outsider_finds_nothing_of_the_group_s_records(group, municipality, coordinator, advisor, outsider):
    """A coordinator of an organisation outside the programme: every page and endpoint is 404, nothing is written."""
    kickoff_held(group, advisor)
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    shared = trial_action(group, municipality)
    client = client_for(outsider)
    api = f"/api/programmes/{group.pk}"
    reads = [
        reverse("programmes:goals", args=[group.pk]),
        reverse("programmes:goal_edit", args=[group.pk, municipality.pk]),
        reverse("programmes:goal_status_edit", args=[group.pk, "closing_meeting", municipality.pk]),
        reverse("programmes:wish_edit", args=[group.pk, "closing_meeting", municipality.pk]),
        reverse("programmes:trial_action_detail", args=[group.pk, shared.pk]),
        f"{api}/organisation-goals",
        f"{api}/activities/closing_meeting/wishes",
        f"{api}/trial-actions/{shared.pk}/feedback",
    ]
    assert {url: client.get(url).status_code for url in reads} == dict.fromkeys(reads, 404)
    writes = [
        ("put", f"{api}/organisation-goals/{municipality.pk}", {"text": "x", "due_on": "2027-07-01"}),
        ("put", f"{api}/activities/closing_meeting/goal-status/{municipality.pk}", {"progress": "reached"}),
        ("put", f"{api}/activities/closing_meeting/wishes/{municipality.pk}", {"text": "x"}),
        ("post", f"{api}/activities/closing_meeting/participants/from-kickoff", {}),
        ("post", f"{api}/trial-actions/{shared.pk}/feedback", {"text": "x"}),
    ]
    for method, url, body in writes:
        assert getattr(client, method)(url, json.dumps(body), content_type="application/json").status_code == 404
    assert OrganisationGoal.objects.get().text == GOAL
    assert not (GoalStatus.objects.exists() or MeetingWish.objects.exists() or TrialActionFeedback.objects.exists())


def test_another_organisation_of_the_group_reads_the_goals_but_writes_none_of_aarhus_s(
    group, municipality, stranger, advisor
):
    kickoff_held(group, advisor)
    client = client_for(stranger)  # the coordinator of Odense, one of the group
    api = f"/api/programmes/{group.pk}"
    assert client.get(f"{api}/organisation-goals").status_code == 200
    goal = json.dumps({"text": "x", "due_on": "2027-07-01"})
    assert client.put(f"{api}/organisation-goals/{municipality.pk}", goal, "application/json").status_code == 403
    wish = json.dumps({"text": "x"})
    url = f"{api}/activities/closing_meeting/wishes/{municipality.pk}"
    assert client.put(url, wish, "application/json").status_code == 403
    assert not OrganisationGoal.objects.exists() and not MeetingWish.objects.exists()


def test_the_coordinator_s_programme_page_says_when_and_where_to_set_it(group, municipality, coordinator, advisor):
    url = reverse("programmes:detail", args=[group.pk])
    client = client_for(coordinator)
    assert "Målene sættes efter opstartsmødet den 11. februar 2027." in client.get(url).content.decode()
    kickoff_held(group, advisor)
    edit = reverse("programmes:goal_edit", args=[group.pk, municipality.pk])
    assert edit in client.get(url).content.decode()
    group_records.goal_set(programme=group, organisation=municipality, text=GOAL, due_on=DUE, by=coordinator)
    page = client.get(url).content.decode()
    assert GOAL in page and "Jeres mål" in page
