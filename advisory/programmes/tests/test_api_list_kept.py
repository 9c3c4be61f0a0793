"""The API's programme list kept until anything changes (core.pagination.KeptLimitOffsetPagination): the same
answer as built, a change made past the services shown at the next request, and never another person's or
another page's copy."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisory.programmes import services
from advisory.programmes.api import ProgrammeOut
from advisory.programmes.models import Programme, ProgrammeOrganisation, ProgrammeTemplate
from advisory.programmes.selectors import programme_list
from tests import factories

pytestmark = pytest.mark.django_db


def _group(advisor: Any, organisations: list[Any], title: str) -> Programme:
    version: Any = ProgrammeTemplate.objects.get(kind="group").current_version()
    return services.programme_create(
        version=version,
        title=title,
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=organisations,
        advisors=[advisor],
    )


def _world(advisor: Any, municipality: Any, other_municipality: Any) -> list[Programme]:
    """Three programmes with the coordinator's municipality, one without."""
    services.templates_load_builtin()
    others = [factories.MunicipalityFactory() for _ in range(2)]
    programmes = [_group(advisor, [municipality, *others], f"Gruppeforløb {n}") for n in range(3)]
    programmes.append(_group(advisor, [other_municipality, *others], "Andet forløb"))
    return programmes


def _built(user: Any, offset: int = 0, limit: int = 100) -> dict[str, Any]:
    """The answer as ProgrammeOut writes the rows of the selector, not kept."""
    rows = list(programme_list(user))
    return {
        "items": [ProgrammeOut.from_orm(row).model_dump(mode="json") for row in rows[offset : offset + limit]],
        "count": len(rows),
    }


def test_the_kept_answer_is_the_built_one_and_follows_a_change(
    advisor_client: Client, advisor: Any, municipality: Any, other_municipality: Any
) -> None:
    programmes = _world(advisor, municipality, other_municipality)
    first = advisor_client.get("/api/programmes", {"limit": 2, "offset": 1})
    assert first.status_code == 200
    assert first.json() == _built(advisor, offset=1, limit=2)
    with CaptureQueriesContext(connection) as kept:
        again = advisor_client.get("/api/programmes", {"limit": 2, "offset": 1})
    assert again.json() == first.json()
    assert not any("programmes_programme" in query["sql"] for query in kept.captured_queries)

    # Past the services: an update() and a row added to a many-to-many table of another app's model.
    shown = first.json()["items"][0]["id"]
    Programme.objects.filter(pk=shown).update(title="Omdøbt forløb")
    ProgrammeOrganisation.objects.create(programme_id=shown, organisation=other_municipality)
    changed = advisor_client.get("/api/programmes", {"limit": 2, "offset": 1}).json()
    assert changed["items"][0]["title"] == "Omdøbt forløb"
    assert other_municipality.pk in {o["id"] for o in changed["items"][0]["organisations"]}
    assert changed == _built(advisor, offset=1, limit=2)
    # another page is another copy
    assert advisor_client.get("/api/programmes", {"limit": 2}).json() == _built(advisor, limit=2)
    assert len(programmes) == _built(advisor)["count"]


def test_another_person_is_never_served_the_advisor_s_copy(
    advisor_client: Client,
    coordinator_client: Client,
    advisor: Any,
    coordinator: Any,
    municipality: Any,
    other_municipality: Any,
) -> None:
    _world(advisor, municipality, other_municipality)
    cache.clear()
    everything = advisor_client.get("/api/programmes").json()
    own = coordinator_client.get("/api/programmes").json()
    assert everything["count"] == 4
    assert own == _built(coordinator)
    assert own["count"] == 3
    assert "Andet forløb" not in {item["title"] for item in own["items"]}
