"""A full-day meeting in the API (issue 14): full_day with a start and an end time; an end before the start is a
Danish 400."""

from __future__ import annotations

import datetime
import json

import pytest

from advisory.programmes import services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_full_day_meeting_has_a_start_and_an_end_time_that_the_api_changes(  # type: ignore[no-untyped-def]
    advisor_client, advisor, municipality
):
    services.templates_load_builtin()
    group = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )
    listed = advisor_client.get(f"/api/programmes/{group.pk}").json()["activities"]
    kickoff = next(a for a in listed if a["key"] == "kickoff")
    assert (kickoff["full_day"], kickoff["start_time"], kickoff["end_time"]) == (True, "09:30:00", "15:00:00")
    url = f"/api/programmes/{group.pk}/activities/kickoff"
    answer = advisor_client.patch(url, json.dumps({"end_time": "14:00"}), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["end_time"] == "14:00:00"
    refused = advisor_client.patch(url, json.dumps({"end_time": "08:00"}), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["end_time"] == ["Sluttidspunktet skal ligge efter starttidspunktet."]
    group.activities.get(key="kickoff").refresh_from_db()
    assert group.activities.get(key="kickoff").end_time == datetime.time(14)
