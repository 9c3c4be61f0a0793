"""The programmes tests' shared group programme."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from advisory.programmes import services
from advisory.programmes.models import Programme, ProgrammeTemplate
from tests import factories


@pytest.fixture
def group(advisor: Any, municipality: Any, other_municipality: Any) -> Programme:
    """Aarhus (the coordinator's), Odense (the stranger's, here one of the group) and a third municipality, from
    a written acceptance on 11 January 2027, run by the advisor."""
    services.templates_load_builtin()
    version: Any = ProgrammeTemplate.objects.get(kind="group").current_version()
    third: Any = factories.MunicipalityFactory()
    return services.programme_create(
        version=version,
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, other_municipality, third],
        advisors=[advisor],
    )
