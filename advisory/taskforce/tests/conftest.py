"""Taskforce tests: a taskforce programme of Aarhus run by the advisor and the taskforce member; a group programme
to show that other kinds have none of these records."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def taskforce(municipality, advisor, taskforce_member):
    programme_services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="taskforce").current_version()
    return programme_services.programme_create(
        version=version,
        title="Taskforce Aarhus",
        anchors={"start": datetime.date(2027, 3, 1)},
        organisations=[municipality],
        advisors=[advisor, taskforce_member],
    )


@pytest.fixture
def group(municipality, advisor):
    programme_services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    return programme_services.programme_create(
        version=version,
        title="Gruppe",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )


@pytest.fixture
def member(municipality):
    return factories.member_of(municipality)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def taskforce_client(taskforce_member):
    return client_for(taskforce_member)


@pytest.fixture
def member_client(member):
    return client_for(member)
