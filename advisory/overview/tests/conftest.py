"""The overview's world: the 98 municipalities with their regions, a group programme running this year with Aarhus
(Region Midtjylland) and two others, a taskforce programme with Aarhus staffed by the taskforce member, and the
municipalities of Region Syddanmark never reached. Built once per test module (``built_once``; the reference data
alone is about a second a test): each test starts from it as built, and gets its people and programmes read again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from advisory.accounts.models import User
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes import services as programme_services
from advisory.programmes.models import Programme, ProgrammeStatus, ProgrammeTemplate
from tests import factories
from tests.helpers import built_once


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _build() -> dict[str, Any]:
    # In the order the conftest's function fixtures made them before: the advisor, the taskforce member, Aarhus and
    # its coordinator, then the reference data (which finds Aarhus by its municipality code).
    advisor = factories.make_advisor()
    taskforce_member = factories.make_taskforce_member()
    municipality = factories.make_municipality()
    coordinator = factories.make_coordinator(municipality)
    reference_data_load()
    programme_services.templates_load_builtin()
    today = timezone.localdate()
    group_version = ProgrammeTemplate.objects.get(kind="group").current_version()
    taskforce_version = ProgrammeTemplate.objects.get(kind="taskforce").current_version()
    assert group_version is not None and taskforce_version is not None
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
    return {
        "advisor": advisor.pk,
        "taskforce_member": taskforce_member.pk,
        "coordinator": coordinator.pk,
        "municipality": municipality.pk,
        "group": group.pk,
        "taskforce": taskforce.pk,
        "today": today,
    }


@pytest.fixture(scope="module")
def overview_once(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, _build) as built:
        yield built


def _read_again(name: str, model: type[Any]) -> Any:
    """A fixture giving the world's ``name`` (a row of ``model``), read again for the test."""

    @pytest.fixture(name=name)
    def fixture(overview_once, db):
        return model.objects.get(pk=overview_once[name])

    return fixture


advisor = _read_again("advisor", User)
taskforce_member = _read_again("taskforce_member", User)
coordinator = _read_again("coordinator", User)
municipality = _read_again("municipality", Organisation)


@pytest.fixture
def world(overview_once, db):
    return {
        "group": Programme.objects.get(pk=overview_once["group"]),
        "taskforce": Programme.objects.get(pk=overview_once["taskforce"]),
        "today": overview_once["today"],
    }
