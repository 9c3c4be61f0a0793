"""Joint meetings in the year's soft closed periods on the plan page and in the API: the warning, a suggested day,
an advisor's acceptance (stored, in the audit log), refusals."""

from __future__ import annotations

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.test import Client

from advisory.programmes import closed_periods, services
from advisory.programmes.models import Activity, ProgrammeTemplate
from tests import factories


@pytest.fixture
def summer_group(advisor, municipality, other_municipality):
    """A group programme whose kickoff, "about 1 month after acceptance" (±5 working days), cannot leave the
    summer holiday: acceptance 21 June 2027, kickoff 21 July (week 29)."""
    services.templates_load_builtin()
    return services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Sommergruppen",
        anchors={"acceptance": datetime.date(2027, 6, 21)},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def _post(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_plan_page_warns_in_danish_with_a_suggested_day_and_the_advisor_accepts_it(summer_group, advisor_client):
    page = advisor_client.get(f"/forloeb/{summer_group.pk}/").content.decode()
    assert 'data-testid="soft-period-warnings"' in page
    assert "sommerferien" in page and "9. juli 2027" in page  # the nearest day outside it, Friday of week 27
    assert "ligger i en periode, hvor mange holder fri" in page
    assert services.programme_violations(summer_group) == []  # a warning, not a broken rule

    url = f"/forloeb/{summer_group.pk}/aktiviteter/kickoff/lukkeperiode/"
    response = advisor_client.post(url, {"period": "summer_holiday", "accepted": "1"})
    assert response.status_code == 302
    kickoff = Activity.objects.get(programme=summer_group, key="kickoff")
    assert kickoff.accepted_soft_period == "summer_holiday"
    entry = LogEntry.objects.get_for_object(kickoff).filter(changes__icontains="accepted_soft_period").first()
    assert entry is not None and entry.actor_id is not None
    page = advisor_client.get(f"/forloeb/{summer_group.pk}/").content.decode()
    assert "Accepteret." in page

    advisor_client.post(url, {"period": "summer_holiday", "accepted": "0"})
    assert Activity.objects.get(pk=kickoff.pk).accepted_soft_period == ""


def test_a_warning_that_is_not_there_is_refused_in_danish(summer_group, advisor_client):
    url = f"/forloeb/{summer_group.pk}/aktiviteter/closing_meeting/lukkeperiode/"
    response = advisor_client.post(url, {"period": "summer_holiday", "accepted": "1"}, follow=True)
    assert "ligger ikke i den periode nu" in response.content.decode()
    assert Activity.objects.get(programme=summer_group, key="closing_meeting").accepted_soft_period == ""


def test_the_api_lists_and_accepts_the_warnings_and_refuses_the_coordinator(
    summer_group, advisor_client, coordinator_client
):
    listing = advisor_client.get(f"/api/programmes/{summer_group.pk}/soft-period-warnings")
    assert listing.status_code == 200, listing.content
    (warning,) = listing.json()
    assert warning["activity_key"] == "kickoff" and warning["period_key"] == "summer_holiday"
    assert warning["suggested"] == "2027-07-09" and warning["within_rules"] is False
    assert warning["accepted"] is False and "sommerferien" in warning["message"]

    url = f"/api/programmes/{summer_group.pk}/activities/kickoff/accept-soft-period"
    assert _post(coordinator_client, url, {"period_key": "summer_holiday"}).status_code == 403
    refused = _post(advisor_client, url, {"period_key": "autumn_holiday"})
    assert refused.status_code == 400 and "ligger ikke i den periode nu" in refused.content.decode()
    assert _post(advisor_client, url, {"period_key": "x" * 41}).status_code in (400, 422)
    accepted = _post(advisor_client, url, {"period_key": "summer_holiday"})
    assert accepted.status_code == 200 and accepted.json()[0]["accepted"] is True
    assert coordinator_client.get(f"/api/programmes/{summer_group.pk}/soft-period-warnings").json()[0]["accepted"]


def test_moving_the_meeting_out_of_the_period_ends_the_warning(summer_group, advisor):
    assert [w.activity_key for w in closed_periods.programme_warnings(summer_group)] == ["kickoff"]
    services.reflow_apply(summer_group, {"kickoff": datetime.date(2027, 7, 9)}, by=advisor)
    assert closed_periods.programme_warnings(summer_group) == []


def test_the_plan_preview_shows_the_warning_before_anything_is_saved(advisor_client):
    services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    body = {"template_version_id": version.pk, "anchors": {"acceptance": "2027-06-21"}}
    response = _post(advisor_client, "/api/plans/preview", body)
    assert response.status_code == 200, response.content
    assert response.json()["violations"] == []
    (warning,) = response.json()["warnings"]
    assert warning["activity_key"] == "kickoff" and "sommerferien" in warning["message"]
    autumn = _post(advisor_client, "/api/plans/preview", {**body, "anchors": {"acceptance": "2027-09-01"}})
    assert autumn.json()["warnings"] == []


def test_the_move_preview_warns_of_a_meeting_moved_into_the_autumn_holiday(advisor, municipality, other_municipality):
    services.templates_load_builtin()
    programme = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Efterårsgruppen",
        anchors={"acceptance": datetime.date(2027, 8, 2)},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory()],
        advisors=[advisor],
    )
    result = services.reflow_preview(programme, {"reflection_meeting-1": datetime.date(2027, 10, 20)})
    (warning,) = [w for w in result.warnings if w.activity_key == "reflection_meeting-1"]
    assert warning.params["period_key"] == "autumn_holiday" and "efterårsferien" in warning.message
    assert warning.params["accepted"] == 0
