"""Programmes of the three kinds for the development work's tests."""

from __future__ import annotations

import datetime

import pytest

from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate


def _programme(kind: str, organisation, advisors, anchors):
    programme_services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind=kind).current_version()
    assert version is not None
    return programme_services.programme_create(
        version=version, title=f"Forløb {kind}", anchors=anchors, organisations=[organisation], advisors=advisors
    )


@pytest.fixture
def individual(municipality, advisor):
    return _programme("individual", municipality, [advisor], {"start": datetime.date(2027, 3, 1)})


@pytest.fixture
def taskforce(municipality, advisor, taskforce_member):
    return _programme("taskforce", municipality, [advisor, taskforce_member], {"start": datetime.date(2027, 3, 1)})


@pytest.fixture
def group(municipality, advisor):
    from tests import factories

    programme_services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    return programme_services.programme_create(
        version=version,
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )
