"""A group programme whose kickoff was held five days ago, with people booked from Aarhus and Odense."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from advisory.evaluations import services
from advisory.programmes import services as programme_services
from advisory.programmes.models import Activity, MeetingParticipant, ProgrammeTemplate
from tests import factories


@pytest.fixture
def group(advisor, municipality, other_municipality):
    programme_services.templates_load_builtin()
    return programme_services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb om bostøtte",
        anchors={"acceptance": timezone.localdate() - datetime.timedelta(days=40)},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def held(activity: Activity, days_ago: int) -> Activity:
    activity.starts_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    Activity.objects.filter(pk=activity.pk).update(starts_on=activity.starts_on)
    return activity


@pytest.fixture
def kickoff(group):
    return held(group.activities.get(key="kickoff"), 5)


def book(activity: Activity, user, organisation, attended: bool | None = None) -> MeetingParticipant:
    return MeetingParticipant.objects.create(activity=activity, user=user, organisation=organisation, attended=attended)


@pytest.fixture
def participant(kickoff, municipality):
    user = factories.member_of(municipality)
    book(kickoff, user, municipality)
    return user


@pytest.fixture
def participant_client(participant) -> Client:
    client = Client()
    client.force_login(participant)
    return client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def answered(kickoff, municipality, other_municipality):
    """Five booked (one absent, so four invited); three answered: sparring 5, 4, 2; comments given out of order."""
    people = [factories.member_of(municipality) for _ in range(3)] + [factories.member_of(other_municipality)]
    for person in people[:3]:
        book(kickoff, person, municipality)
    book(kickoff, people[3], other_municipality)
    book(kickoff, factories.member_of(municipality), municipality, attended=False)
    for person, (sparring, useful, comment) in zip(
        people, [(5, 4, "Øv, for kort"), (4, 5, "Bedre end sidst"), (2, 3, "")], strict=False
    ):
        services.evaluation_answer(
            by=person, activity=kickoff, answers={"sparring": sparring, "useful": useful, "comment": comment}
        )
    return kickoff
