"""Documents tests: files go to a temporary MEDIA_ROOT; a group programme with three organisations."""

from __future__ import annotations

import datetime

import pytest

from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def group_programme(municipality, other_municipality, advisor):
    """Aarhus and Odense (and a third) in one group, run by the advisor."""
    programme_services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    return programme_services.programme_create(
        version=version,
        title="Gruppeforløb om bostøtte",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory(name="Vejle")],
        advisors=[advisor],
    )


@pytest.fixture
def outsider(db):
    """The coordinator of an organisation outside the group."""
    return factories.coordinator_of(factories.MunicipalityFactory(name="Aalborg"), email="outsider@example.dk")
