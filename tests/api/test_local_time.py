"""A meeting's start time is a local time of day, and the document says so (not JSON Schema's "time" format, which
is RFC 3339's full-time with an offset: a client that checks formats refused every answer with a start time)."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest

from advisory.programmes import services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories

pytestmark = pytest.mark.django_db


def _formats(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats(value) for value in node))
    return set()


def test_no_schema_of_the_document_uses_the_time_format(client):  # type: ignore[no-untyped-def]
    assert "time" not in _formats(client.get("/api/openapi.json").json())


def test_a_start_time_is_answered_as_documented_and_an_offset_is_refused(  # type: ignore[no-untyped-def]
    client, advisor_client, advisor, municipality
):
    services.templates_load_builtin()
    group = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    documented = next(
        option for option in schemas["ActivityOut"]["properties"]["start_time"]["anyOf"] if "pattern" in option
    )
    url = f"/api/programmes/{group.pk}/activities/kickoff"
    answer = advisor_client.patch(url, json.dumps({"start_time": "09:30"}), content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["start_time"] == "09:30:00"
    assert re.fullmatch(documented["pattern"], "09:30:00")
    listed = advisor_client.get(f"/api/programmes/{group.pk}").json()["activities"]
    assert re.fullmatch(documented["pattern"], next(a for a in listed if a["key"] == "kickoff")["start_time"])
    refused = advisor_client.patch(url, json.dumps({"start_time": "09:30:00+01:00"}), content_type="application/json")
    assert refused.status_code == 422
