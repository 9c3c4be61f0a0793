"""Counts and dates at the edges through the API and the pages (issue 12, parts 2 and 3): a Danish 400 or a form
error that names the allowed range, never a 500, never unbounded work, and nothing changed."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from django.urls import reverse

from advisory.programmes import services
from advisory.programmes.models import ProgrammeTemplate, TrialAction
from tests import factories
from tests.helpers import danish, parse_html

EXTREMES = ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"]


def date_in_range() -> str:
    return danish("The date must lie between %(first)s and %(last)s.", first="1. januar 2000", last="31. december 2100")


def reflection_meetings() -> str:
    return danish(
        "The number of %(label)s must be between %(min)s and %(max)s.", label="refleksionsmøder", min=2, max=6
    )


@pytest.fixture
def versions(db):
    services.templates_load_builtin()
    return {t.kind: t.current_version() for t in ProgrammeTemplate.objects.all()}


@pytest.fixture
def programme(versions, municipality, advisor):
    return services.programme_create(
        version=versions["group"],
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _dates(programme) -> list[tuple[str, datetime.date]]:
    return list(programme.activities.order_by("key").values_list("key", "starts_on"))


# --- plan preview ---------------------------------------------------------------------------------------------


def test_a_billion_reflection_meetings_are_refused_at_once_naming_the_range(advisor_client, versions):
    body = {"template_version_id": versions["group"].pk, "anchors": {"acceptance": "2027-01-11"}}
    assert _post(advisor_client, "/api/plans/preview", body).status_code == 200  # the first request loads the URLs
    started = time.perf_counter()
    response = _post(advisor_client, "/api/plans/preview", {**body, "options": {"reflection_meetings": 10**9}})
    assert time.perf_counter() - started < 1
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"options": [reflection_meetings()]}
    assert "mellem 2 og 6" in response.json()["errors"]["options"][0]


@pytest.mark.parametrize(
    ("kind", "options", "label", "bounds"),
    [
        ("group", {"reflection_meetings": 7}, "refleksionsmøder", (2, 6)),
        ("individual", {"support_meetings": 0}, "implementeringsstøttemøder", (1, 17)),
        ("taskforce", {"status_meetings": 20_000}, "statusmøder", (3, 15)),
    ],
)
def test_every_count_of_the_preview_is_held_to_the_templates_bounds(
    advisor_client, versions, kind, options, label, bounds
):
    anchor = "acceptance" if kind == "group" else "start"
    response = _post(
        advisor_client,
        "/api/plans/preview",
        {"template_version_id": versions[kind].pk, "anchors": {anchor: "2027-03-01"}, "options": options},
    )
    assert response.status_code == 400, response.content
    expected = danish(
        "The number of %(label)s must be between %(min)s and %(max)s.", label=label, min=bounds[0], max=bounds[1]
    )
    assert response.json()["errors"] == {"options": [expected]}


def test_an_option_the_template_does_not_have_is_refused(advisor_client, versions):
    response = _post(
        advisor_client,
        "/api/plans/preview",
        {
            "template_version_id": versions["group"].pk,
            "anchors": {"acceptance": "2027-01-11"},
            "options": {"status_meetings": 4},
        },
    )
    assert response.status_code == 400
    message = response.json()["errors"]["options"][0]
    assert "»status_meetings«" in message and "reflection_meetings" in message


@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("anchor", ["acceptance", "kickoff"])
def test_the_preview_refuses_an_anchor_outside_the_range_in_danish(advisor_client, versions, anchor, day):
    anchors = {"acceptance": "2027-01-11", anchor: day}
    response = _post(
        advisor_client, "/api/plans/preview", {"template_version_id": versions["group"].pk, "anchors": anchors}
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {f"anchors.{anchor}": [date_in_range()]}
    assert "out of range" not in response.content.decode()


def test_the_preview_takes_the_ends_of_the_range(advisor_client, versions):
    for day in ("2000-01-01", "2100-12-31"):
        response = _post(
            advisor_client,
            "/api/plans/preview",
            {"template_version_id": versions["taskforce"].pk, "anchors": {"start": day}},
        )
        assert response.status_code == 200, response.content


# --- reflow ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["preview", "apply"])
@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("key", ["kickoff", "acceptance", "reflection_meeting-1"])
def test_the_api_refuses_to_move_a_date_outside_the_range(advisor_client, programme, step, key, day):
    before = _dates(programme)
    response = _post(advisor_client, f"/api/programmes/{programme.pk}/reflow/{step}", {"moved": {key: day}})
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {f"moved.{key}": [date_in_range()]}
    assert _dates(programme) == before


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_move_page_refuses_a_date_outside_the_range(advisor_client, programme, day):
    before = _dates(programme)
    url = reverse("programmes:move", args=[programme.pk])
    shown = advisor_client.get(url, {"key": "kickoff", "date": day})
    assert shown.status_code == 200
    assert date_in_range() in parse_html(shown.content).by_id("id_date-error").text
    confirmed = advisor_client.post(url, {"key": "kickoff", "date": day, "action": "confirm"})
    assert confirmed.status_code == 200
    assert date_in_range() in confirmed.content.decode()
    assert _dates(programme) == before


# --- trial actions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_trial_action_dated_outside_the_range_is_refused(advisor_client, programme, municipality, day):
    body = {
        "organisation_id": municipality.pk,
        "development_point": "Boligmøder",
        "plan": "Ugentligt møde",
        "starts_on": day,
        "ends_on": "2027-04-01" if day < "2027" else day,
    }
    response = _post(advisor_client, f"/api/programmes/{programme.pk}/trial-actions", body)
    assert response.status_code == 400, response.content
    assert date_in_range() in response.json()["errors"]["starts_on"]
    page = advisor_client.post(
        reverse("programmes:trial_action_create", args=[programme.pk]),
        {**body, "organisation": municipality.pk, "status": "planned"},
    )
    assert page.status_code == 200
    assert date_in_range() in parse_html(page.content).by_id("id_starts_on-error").text
    assert TrialAction.objects.count() == 0
