"""The year's intake (issue 17): the year's spring and autumn group rounds planned with a public-announcement date,
a registration period and an expected start; the public and archive selectors the offer pages read."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from advisory.intake import selectors, services
from advisory.intake.models import IntakeRound, RoundHalf
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from advisory.requests import services as request_services
from tests import factories
from tests.helpers import danish, msgid_of

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def version(db):
    programme_services.templates_load_builtin()
    return ProgrammeTemplate.objects.get(kind="group").current_version()


def make_round(version, **fields) -> IntakeRound:
    data = {
        "season": "Forår 2027",
        "theme": "Boligsociale indsatser",
        "opens_on": D(2027, 2, 1),
        "closes_on": D(2027, 2, 28),
        "template_version": version,
        **fields,
    }
    return services.intake_round_create(by=factories.make_administrator(), **data)


def test_public_rounds_are_the_open_then_the_announced_coming_ones(version) -> None:
    open_now = make_round(version, theme="Åben", opens_on=D(2027, 2, 1), closes_on=D(2027, 3, 1))
    announced = make_round(
        version, theme="Annonceret", announce_from=D(2027, 2, 1), opens_on=D(2027, 8, 10), closes_on=D(2027, 9, 10)
    )
    make_round(
        version, theme="Hemmelig endnu", announce_from=D(2027, 6, 1), opens_on=D(2028, 2, 1), closes_on=D(2028, 3, 1)
    )
    past = make_round(
        version, theme="Forbi", opens_on=D(2026, 8, 1), closes_on=D(2026, 9, 1), expected_start=D(2026, 10, 1)
    )
    assert selectors.public_rounds(D(2027, 2, 10)) == [open_now, announced]
    # announced from its date on, and gone when registration has closed
    assert [r.theme for r in selectors.public_rounds(D(2027, 6, 1))] == ["Annonceret", "Hemmelig endnu"]
    assert selectors.past_round_themes(D(2027, 2, 10)) == [past]
    assert selectors.past_round_themes(D(2027, 3, 2)) == [open_now, past]  # newest first


@time_machine.travel(datetime.datetime(2027, 1, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_the_public_page_and_api_hide_a_round_until_it_is_announced(version, client: Client) -> None:
    make_round(version, theme="Snart", announce_from=D(2027, 1, 5))
    make_round(
        version,
        season="Efterår 2027",
        theme="Senere",
        announce_from=D(2027, 6, 1),
        opens_on=D(2027, 8, 10),
        closes_on=D(2027, 9, 10),
        expected_start=D(2027, 10, 1),
    )
    page = client.get(reverse("intake:public_list")).content.decode()
    assert "Snart" in page and "Senere" not in page
    assert [r["theme"] for r in client.get("/api/intake/rounds").json()] == ["Snart"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"announce_from": D(2027, 2, 2)}, "announce_from", services.ANNOUNCED_AFTER_OPENING),
        ({"expected_start": D(2027, 2, 28)}, "expected_start", services.START_BEFORE_CLOSING),
        ({"year": 2027}, "half", services.HALF_WITHOUT_YEAR),
        (
            {"year": 2027, "half": "spring", "expected_start": D(2028, 1, 5)},
            "expected_start",
            services.START_OUTSIDE_YEAR,
        ),
    ],
)
def test_a_round_s_dates_come_in_order(version, fields, field, message) -> None:
    with pytest.raises(Exception) as raised:
        make_round(version, **fields)
    assert field in raised.value.message_dict  # type: ignore[attr-defined]
    assert IntakeRound.objects.count() == 0
    assert danish(msgid_of(message))  # the message has Danish


def test_one_spring_and_one_autumn_round_a_year(version) -> None:
    spring = make_round(version, year=2027, half="spring", expected_start=D(2027, 4, 1))
    with pytest.raises(Exception) as raised:
        make_round(version, theme="Nummer to", year=2027, half="spring")
    assert "half" in raised.value.message_dict  # type: ignore[attr-defined]
    autumn = make_round(
        version,
        season="Efterår 2027",
        year=2027,
        half="autumn",
        **{
            k: v
            for k, v in services.round_defaults(2027, RoundHalf.AUTUMN).items()
            if k.endswith(("_on", "_from", "start"))
        },
    )
    plan = selectors.year_plan(2027)
    assert plan.rounds == {"spring": spring, "autumn": autumn}
    # editing keeps the rule: the autumn round cannot become a second spring round
    with pytest.raises(Exception) as raised:
        services.intake_round_update(by=factories.make_advisor(), round_=autumn, half="spring")
    assert "half" in raised.value.message_dict  # type: ignore[attr-defined]


def test_the_advisor_plans_the_year_in_the_browser(version, advisor_client: Client) -> None:
    request_services.seasons_ensure(today=D(2027, 1, 1), years=1)
    url = reverse("intake:year_plan", args=[2027])
    page = advisor_client.get(url).content.decode()
    assert danish("Not planned yet.") in page
    assert 'data-testid="year-seasons"' in page and "Forår 2027" in page  # the taskforce seasons and their slots
    form_url = reverse("intake:year_round", args=[2027, "foraar"])
    form = advisor_client.get(form_url).content.decode()
    assert 'value="2027-02-01"' in form and 'value="2027-04-01"' in form  # the usual dates prefilled
    data = {
        "season": "Forår 2027",
        "theme": "Bolig først",
        "description": "",
        "announce_from": "2027-03-01",  # after registration opens
        "opens_on": "2027-02-01",
        "closes_on": "2027-03-01",
        "expected_start": "2027-04-01",
        "groups_planned": "1",
        "template_version": str(version.pk),
    }
    refused = advisor_client.post(form_url, data)
    assert refused.status_code == 200
    assert danish(msgid_of(services.ANNOUNCED_AFTER_OPENING)) in refused.content.decode()
    assert "Bolig først" in refused.content.decode()  # the text comes back
    data["announce_from"] = "2027-01-05"
    saved = advisor_client.post(form_url, data)
    assert saved.status_code == 302 and saved["Location"] == url
    round_ = IntakeRound.objects.get()
    assert (round_.year, round_.half, round_.expected_start) == (2027, "spring", D(2027, 4, 1))
    assert "Bolig først" in advisor_client.get(url).content.decode()
    # the planned half now goes to the round's edit page
    assert advisor_client.get(form_url)["Location"] == reverse("intake:round_edit", args=[round_.pk])
    data["theme"] = "Bolig først og fremmest"
    edited = advisor_client.post(
        reverse("intake:round_edit", args=[round_.pk]), {**data, "year": "2027", "half": "spring"}
    )
    assert edited.status_code == 302
    round_.refresh_from_db()
    assert round_.theme == "Bolig først og fremmest" and round_.half == "spring"


def test_years_outside_the_range_are_not_found(advisor_client: Client) -> None:
    assert advisor_client.get(reverse("intake:year_plan", args=[1999])).status_code == 404
    assert advisor_client.get(reverse("intake:year_round", args=[2027, "sommer"])).status_code == 404
    assert advisor_client.get("/api/intake/years/3000").status_code == 404


def test_coordinators_do_not_plan_the_year(version, coordinator_client: Client) -> None:
    assert coordinator_client.get(reverse("intake:year_plan", args=[2027])).status_code == 403
    assert coordinator_client.get(reverse("intake:year_round", args=[2027, "foraar"])).status_code == 403
    assert coordinator_client.get("/api/intake/years/2027").status_code == 403


def test_the_api_plans_and_edits_the_year_s_rounds(version, advisor_client: Client) -> None:
    body = {
        "season": "Efterår 2027",
        "theme": "Støtte i egen bolig",
        "announce_from": "2027-06-01",
        "opens_on": "2027-08-10",
        "closes_on": "2027-09-10",
        "expected_start": "2027-09-01",  # before registration closes
        "year": 2027,
        "half": "autumn",
        "template_version_id": version.pk,
    }
    post = lambda data: advisor_client.post("/api/intake/rounds", json.dumps(data), content_type="application/json")  # noqa: E731
    refused = post(body)
    assert refused.status_code == 400
    assert refused.json()["errors"]["expected_start"] == [danish(msgid_of(services.START_BEFORE_CLOSING))]
    created = post({**body, "expected_start": "2027-10-01"})
    assert created.status_code == 201 and created.json()["half"] == "autumn"
    pk = created.json()["id"]
    patched = advisor_client.patch(
        f"/api/intake/rounds/{pk}", json.dumps({"theme": "Ny titel"}), content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["theme"] == "Ny titel"
    assert patched.json()["expected_start"] == "2027-10-01"
    bad = advisor_client.patch(
        f"/api/intake/rounds/{pk}", json.dumps({"announce_from": "2027-09-01"}), content_type="application/json"
    )
    assert bad.status_code == 400 and "announce_from" in bad.json()["errors"]
    plan = advisor_client.get("/api/intake/years/2027").json()
    assert [h["half"] for h in plan["halves"]] == ["spring", "autumn"]
    assert plan["halves"][0]["round"] is None and plan["halves"][0]["defaults"]["opens_on"] == "2027-02-01"
    assert plan["halves"][1]["round"]["theme"] == "Ny titel"
