"""The programme write functions check who acts (``by=``) and the template's rules themselves, whoever calls them,
and hand each change of plan to the plan_changes port (what notifications makes of it: its tests)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from advisory.programmes import criteria, plan_changes, progress, services
from advisory.programmes.models import MeetingParticipant, Programme, ProgrammeTemplate, TrialAction
from tests import factories

ACCEPTANCE = datetime.date(2027, 1, 11)


@pytest.fixture
def group_version(db):
    services.templates_load_builtin()
    return ProgrammeTemplate.objects.get(kind="group").current_version()


@pytest.fixture
def group(group_version, municipality, advisor):
    return services.programme_create(
        version=group_version,
        title="Gruppeforløb",
        anchors={"acceptance": ACCEPTANCE},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def test_programme_create_refuses_a_group_of_two_for_any_caller_with_the_form_s_text(group_version, municipality):
    with pytest.raises(ValidationError) as refused:
        services.programme_create(
            version=group_version,
            title="For få",
            anchors={"acceptance": ACCEPTANCE},
            organisations=[municipality, factories.MunicipalityFactory()],
        )
    assert refused.value.message_dict == {
        "organisations": [str(services.ORGANISATION_COUNT % {"min": 3, "max": 6, "n": 2})]
    }
    assert not Programme.objects.exists()


def test_programme_create_refuses_a_shelter_in_a_taskforce_programme(db):
    services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="taskforce").current_version()
    shelter = factories.ShelterFactory()
    with pytest.raises(ValidationError) as refused:
        services.programme_create(
            version=version, title="Taskforce", anchors={"start": datetime.date(2027, 3, 1)}, organisations=[shelter]
        )
    assert refused.value.message_dict == {"organisations": [str(services.ORGANISATION_KINDS)]}


def test_programme_create_by_a_coordinator_is_refused(group_version, municipality, coordinator):
    with pytest.raises(PermissionDenied):
        services.programme_create(
            version=group_version,
            title="Gruppeforløb",
            anchors={"acceptance": ACCEPTANCE},
            organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
            by=coordinator,
        )
    assert not Programme.objects.exists()


def test_a_coordinator_cannot_move_change_or_complete_the_plan(group, coordinator):
    kickoff = group.activities.get(key="kickoff")
    with pytest.raises(PermissionDenied):
        services.reflow_apply(group, {"kickoff": datetime.date(2027, 2, 15)}, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.activity_update(activity=kickoff, location="Hos os", by=coordinator)
    with pytest.raises(PermissionDenied):
        progress.programme_complete(group, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.programme_cancel(programme=group, by=coordinator)
    kickoff.refresh_from_db()
    assert (kickoff.starts_on, kickoff.location, kickoff.sequence) == (datetime.date(2027, 2, 11), "", 0)


def test_the_runners_book_anyone_an_organisation_only_its_own_and_only_runners_record_attendance(
    group, municipality, coordinator, stranger
):
    kickoff = group.activities.get(key="kickoff")
    member = factories.member_of(municipality)
    booked = services.meeting_book(activity=kickoff, user=member, organisation=municipality, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.meeting_unbook(participant=booked, by=stranger)
    with pytest.raises(PermissionDenied):
        services.attendance_record(participant=booked, attended=True, by=coordinator)
    with pytest.raises(PermissionDenied):
        criteria.criterion_assess(
            activity=kickoff, organisation=municipality, criterion="Noget", met=True, comment="", by=coordinator
        )
    services.meeting_unbook(participant=booked, by=coordinator)
    assert not MeetingParticipant.objects.exists()


def test_an_organisation_s_trial_action_is_written_by_its_own_people_only(group, municipality, coordinator, stranger):
    trial = TrialAction(
        programme=group,
        organisation=municipality,
        development_point="Boligmøder",
        plan="Ugentligt",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 4, 1),
    )
    with pytest.raises(PermissionDenied):
        services.trial_action_save(trial_action=trial, by=stranger)
    saved = services.trial_action_save(trial_action=trial, by=coordinator)
    assert saved.created_by == coordinator


def test_the_services_hand_each_change_of_plan_to_what_follows_it(group, municipality, monkeypatch):
    """Read as calls: book → meeting_booked, move → activities_changed, unbook → meeting_unbooked, cancel → ..."""
    heard: list[str] = []

    class Listener:
        def meeting_booked(self, participant):
            heard.append("booked")

        def meeting_unbooked(self, participant):
            assert MeetingParticipant.objects.filter(pk=participant.pk).exists()  # told before the row goes
            heard.append("unbooked")

        def activities_changed(self, programme, activities):
            heard.append("changed" if activities is None else f"changed {[a.key for a in activities]}")

        def activities_removed(self, programme, keys):
            heard.append(f"removed {sorted(keys)}")

        def programme_cancelled(self, programme):
            heard.append("cancelled")

    monkeypatch.setattr(plan_changes, "_implementation", Listener())
    kickoff = group.activities.get(key="kickoff")
    booking = services.meeting_book(activity=kickoff, user=factories.member_of(municipality), organisation=municipality)
    services.reflow_apply(group, {"kickoff": datetime.date(2027, 2, 15)})
    services.activity_update(activity=group.activities.get(key="kickoff"), location="Teams")
    services.meeting_unbook(participant=booking)
    services.programme_cancel(programme=group)
    assert heard == ["booked", "changed", "changed ['kickoff']", "unbooked", "cancelled"]
