"""Bad input on the programme forms and their API equivalents: a Danish message, the input kept, nothing saved."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from advisory.programmes import services
from advisory.programmes.models import Activity, Programme, ProgrammeTemplate
from tests import factories
from tests.helpers import danish, parse_html

TOO_LONG = "x" * 201


@pytest.fixture
def versions(db):
    services.templates_load_builtin()
    return {t.kind: t.current_version() for t in ProgrammeTemplate.objects.all()}


@pytest.fixture
def group_members(db):
    return [factories.MunicipalityFactory(name=f"Kommune {n}") for n in "ABC"]


@pytest.fixture
def shelter(db):
    return factories.ShelterFactory(name="Herberget")


def required() -> str:
    return danish("This field is required.")


def too_long() -> str:
    return danish(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        200,
        limit_value=200,
        show_value=201,
    )


def two_to_six() -> str:
    return danish(
        "The number of %(label)s must be between %(min)s and %(max)s.", label="refleksionsmøder", min=2, max=6
    )


def date_in_range() -> str:
    return danish("The date must lie between %(first)s and %(last)s.", first="1. januar 2000", last="31. december 2100")


# (case id, how the valid input is changed, the field in error, the message)
CASES = [
    ("no-template", {"version": ""}, "version", required),
    ("empty-title", {"title": ""}, "title", required),
    ("title-201", {"title": TOO_LONG}, "title", too_long),
    (
        "taskforce-with-shelter",
        {"version": "taskforce", "organisations": "shelter", "anchor_date": "2027-03-01"},  # in the spring season
        "organisations",
        None,
    ),
    ("count-below-minimum", {"count": "1"}, "count", two_to_six),
    ("count-zero", {"count": "0"}, "count", two_to_six),
    ("count-above-maximum", {"count": "7"}, "count", two_to_six),
    ("count-a-billion", {"count": str(10**9)}, "count", two_to_six),
    ("anchor-year-9999", {"anchor_date": "9999-12-31"}, "anchor_date", date_in_range),
    ("anchor-year-1", {"anchor_date": "0001-01-01"}, "anchor_date", date_in_range),
    ("kickoff-year-9999", {"kickoff": "9999-12-31"}, "kickoff", date_in_range),
    ("two-organisations", {"organisations": "two"}, "organisations", None),
    ("invalid-date", {"anchor_date": "2027-02-30"}, "anchor_date", lambda: danish("Enter a valid date.")),
]


def _post_data(versions, group_members, shelter, change: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": versions["group"].pk,
        "title": "Gruppeforløb efterår",
        "theme": "Bostøtte",
        "organisations": [o.pk for o in group_members],
        "anchor_date": "2027-01-11",
        "kickoff": "",
        "count": "",
    }
    for name, value in change.items():
        if name == "version" and value:
            data[name] = versions[value].pk
        elif name == "organisations":
            data[name] = [shelter.pk] if value == "shelter" else [o.pk for o in group_members[:2]]
        else:
            data[name] = value
    return data


def _expected_message(field: str, message: Any, change: dict[str, str]) -> str:
    if message is not None:
        return message()
    if change.get("organisations") == "shelter":
        return danish("Only municipalities can take part in this kind of programme.")
    return danish("This kind of programme has %(min)s to %(max)s organisations; you chose %(n)s.", min=3, max=6, n=2)


@pytest.mark.parametrize("action", ["preview", "save"])
@pytest.mark.parametrize(("change", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_on_the_create_form_gives_a_danish_message_keeps_the_input_and_saves_nothing(
    advisor_client, versions, group_members, shelter, change, field, message, action
):
    data = _post_data(versions, group_members, shelter, change)
    before = Programme.objects.count()
    response = advisor_client.post(reverse("programmes:create"), {**data, "action": action})
    assert response.status_code == 200
    assert Programme.objects.count() == before
    doc = parse_html(response.content)
    expected = _expected_message(field, message, change)
    error = doc.by_id(f"id_{field}-error")
    assert error is not None, f"no error on {field}"
    assert expected in error.text
    summary = doc.select_one("div", data_error_summary="")
    assert expected in summary.text
    assert doc.by_id(f"id_{field}").get("aria-invalid") == "true"
    assert doc.by_id("plan-preview").find_all("table") == []  # no plan for bad input
    # Everything typed is still there.
    for name in ("title", "theme", "anchor_date"):
        assert doc.by_id(f"id_{name}").get("value", "") == str(data[name]), name
    chosen = {o.get("value") for o in doc.by_id("id_organisations").find_all("option") if "selected" in o.attrs}
    assert chosen == {str(pk) for pk in data["organisations"]}
    version = [o.get("value") for o in doc.by_id("id_version").find_all("option") if "selected" in o.attrs]
    assert version == [str(data["version"])]  # "" is the "choose a template" option


def test_the_htmx_preview_of_bad_input_shows_no_plan(advisor_client, versions, group_members, shelter):
    data = _post_data(versions, group_members, shelter, {"organisations": "two"})
    response = advisor_client.post(reverse("programmes:create"), {**data, "action": "preview"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<table" not in response.content.decode()
    assert Programme.objects.count() == 0


def test_good_input_previews_then_saves(advisor_client, versions, group_members, shelter):
    data = _post_data(versions, group_members, shelter, {"count": "3"})
    response = advisor_client.post(reverse("programmes:create"), {**data, "action": "preview"})
    page = response.content.decode()
    assert danish("The plan keeps every rule of the template.") in page
    assert "Fælles refleksionsmøde 3" in page
    assert Programme.objects.count() == 0
    response = advisor_client.post(reverse("programmes:create"), {**data, "action": "save"})
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert programme.options == {"reflection_meetings": 3}
    assert programme.activities.filter(template_key="reflection_meeting").count() == 3
    assert list(programme.advisors.values_list("pk", flat=True)) == []  # the advisors field was left empty


# --- moving a date --------------------------------------------------------------------------------


@pytest.fixture
def programme(versions, group_members, advisor):
    return services.programme_create(
        version=versions["group"],
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=group_members,
        advisors=[advisor],
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_move_form_refuses_a_done_activity_in_danish(advisor_client, programme, method):
    kickoff = programme.activities.get(key="kickoff")
    services.activity_update(activity=kickoff, done=True)
    url = reverse("programmes:move", args=[programme.pk])
    data = {"key": "kickoff", "date": "2027-02-25"}
    if method == "post":
        response = advisor_client.post(url, {**data, "action": "confirm"})
    else:
        response = advisor_client.get(url, data)
    assert response.status_code == 200
    doc = parse_html(response.content)
    alert = doc.select_one("div", class_="alert alert-error")
    assert alert.text == danish("That date cannot be moved: the activity is done or does not exist.")
    assert doc.find_all("button", value="confirm") == []
    kickoff.refresh_from_db()
    assert kickoff.starts_on == datetime.date(2027, 2, 11) and kickoff.sequence == 0


def test_the_move_form_refuses_an_invalid_date_and_keeps_the_key(advisor_client, programme):
    response = advisor_client.get(
        reverse("programmes:move", args=[programme.pk]), {"key": "kickoff", "date": "2027-02-30"}
    )
    assert response.status_code == 200
    doc = parse_html(response.content)
    assert danish("Enter a valid date.") in doc.by_id("id_date-error").text
    assert doc.by_id("id_key").get("value") == "kickoff"
    assert doc.by_id("id_date").get("value") == "2027-02-30"
    assert programme.activities.get(key="kickoff").starts_on == datetime.date(2027, 2, 11)


def test_the_move_page_names_the_activity_moved(advisor_client, programme):
    response = advisor_client.get(
        reverse("programmes:move", args=[programme.pk]), {"key": "kickoff", "date": "2027-02-25"}
    )
    doc = parse_html(response.content)
    assert "Opstartsmøde" in doc.select_one("h1").text
    response = advisor_client.get(
        reverse("programmes:move", args=[programme.pk]), {"key": "acceptance", "date": "2027-01-18"}
    )
    assert danish("Written acceptance") in parse_html(response.content).select_one("h1").text


# --- the API --------------------------------------------------------------------------------------


def _api_payload(versions, group_members, shelter, change: dict[str, str]) -> dict[str, Any]:
    data = _post_data(versions, group_members, shelter, change)
    payload: dict[str, Any] = {
        "template_version_id": data["version"] or None,
        "title": data["title"],
        "theme": data["theme"],
        "organisation_ids": data["organisations"],
        "anchor_date": data["anchor_date"],
        "kickoff": data["kickoff"] or None,
    }
    if data["count"]:
        payload["count"] = int(data["count"])
    return {k: v for k, v in payload.items() if v is not None}


@pytest.mark.parametrize(("change", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_api_refuses_the_same_bad_input_with_a_json_body(
    advisor_client, versions, group_members, shelter, change, field, message
):
    payload = _api_payload(versions, group_members, shelter, change)
    response = advisor_client.post("/api/programmes", json.dumps(payload), content_type="application/json")
    # The project's convention: what the schema refuses (missing, too long, not a date) is 422; what the form's
    # rules refuse is 400. Both have the same body: a Danish detail and the messages per field.
    schema_level = field == "version" or change.get("title") == TOO_LONG or change.get("anchor_date") == "2027-02-30"
    assert response.status_code == (422 if schema_level else 400), response.content
    body = response.json()
    assert body["detail"] == danish("The data is not valid.")
    name = "template_version_id" if field == "version" else field
    assert body["errors"] == {name: [_expected_message(field, message, change)]}
    assert Programme.objects.count() == 0


def test_the_api_refuses_an_unknown_template_version(advisor_client, versions, group_members, shelter):
    payload = {**_api_payload(versions, group_members, shelter, {}), "template_version_id": 999_999}
    response = advisor_client.post("/api/programmes", json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["version"] or list(response.json()["errors"]) == ["template_version_id"]
    assert Programme.objects.count() == 0


@pytest.mark.parametrize("step", ["preview", "apply"])
def test_the_api_refuses_to_move_a_done_activity_in_danish(advisor_client, programme, step):
    services.activity_update(activity=programme.activities.get(key="kickoff"), done=True)
    response = advisor_client.post(
        f"/api/programmes/{programme.pk}/reflow/{step}",
        json.dumps({"moved": {"kickoff": "2027-02-25"}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "moved": [danish("That date cannot be moved: the activity is done or does not exist.")]
    }
    assert Activity.objects.get(programme=programme, key="kickoff").sequence == 0


@pytest.mark.parametrize("step", ["preview", "apply"])
def test_the_api_refuses_to_move_an_unknown_key_in_danish(advisor_client, programme, step):
    response = advisor_client.post(
        f"/api/programmes/{programme.pk}/reflow/{step}",
        json.dumps({"moved": {"nowhere": "2027-02-25"}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "moved": [danish("That date cannot be moved: the activity is done or does not exist.")]
    }


def test_the_api_refuses_an_invalid_move_date(advisor_client, programme):
    response = advisor_client.post(
        f"/api/programmes/{programme.pk}/reflow/preview",
        json.dumps({"moved": {"kickoff": "2027-02-30"}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"moved.kickoff": [danish("Enter a valid date.")]}


def test_a_coordinator_cannot_create_or_move(versions, group_members, shelter, programme):
    client = Client()
    client.force_login(factories.coordinator_of(group_members[0]))
    data = _post_data(versions, group_members, shelter, {})
    assert client.post(reverse("programmes:create"), {**data, "action": "save"}).status_code == 403
    move = reverse("programmes:move", args=[programme.pk])
    assert client.post(move, {"key": "kickoff", "date": "2027-02-25", "action": "confirm"}).status_code == 403
    payload = _api_payload(versions, group_members, shelter, {})
    assert client.post("/api/programmes", json.dumps(payload), content_type="application/json").status_code == 403
    assert Programme.objects.count() == 1
