"""The overview's world: the 98 municipalities with their regions, a group programme running this year with Aarhus
(Region Midtjylland) and two others, a taskforce programme with Aarhus staffed by the taskforce member, and the
municipalities of Region Syddanmark never reached."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes import services as programme_services
from advisory.programmes.models import Programme, ProgrammeStatus, ProgrammeTemplate


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(advisor, taskforce_member, coordinator, municipality):
    reference_data_load()
    programme_services.templates_load_builtin()
    today = timezone.localdate()
    group_version = ProgrammeTemplate.objects.get(kind="group").current_version()
    taskforce_version = ProgrammeTemplate.objects.get(kind="taskforce").current_version()
    herning = Organisation.objects.get(municipality_code="0657")
    viborg = Organisation.objects.get(municipality_code="0791")
    group = programme_services.programme_create(
        version=group_version,
        title="Gruppeforløb om boligsocial indsats",
        anchors={"acceptance": today - datetime.timedelta(days=30)},
        organisations=[municipality, herning, viborg],
        advisors=[advisor],
    )
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.RUNNING)
    taskforce = programme_services.programme_create(
        version=taskforce_version,
        title="Taskforce Aarhus",
        anchors={"start": today + datetime.timedelta(days=14)},
        organisations=[municipality],
        advisors=[advisor, taskforce_member],
        start_override_reason="Kommunen har akut behov.",
    )
    group.refresh_from_db()
    return {"group": group, "taskforce": taskforce, "today": today}
