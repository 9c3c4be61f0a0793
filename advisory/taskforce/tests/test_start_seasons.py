"""Taskforce programmes start in the spring and autumn seasons (seed 004: "Der opstartes to taskforce-forløb i
foråret og to forløb i efteråret"; the seasons are the template's data). Another start date is refused in Danish
on the page and in the API, unless an advisor ticks the override and gives a reason, which is kept with the
programme and in its audit log (issue 14)."""

from __future__ import annotations

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from advisory.programmes import services as programme_services
from advisory.programmes.models import Programme, ProgrammeKind
from advisory.programmes.scheduling import outside_start_seasons
from advisory.programmes.template_data import builtin_template, template_from_dict
from advisory.requests.tests import test_direct_start as direct
from tests import factories
from tests.helpers import danish, parse_html

pytestmark = pytest.mark.django_db

_templates_and_today = direct._templates_and_today  # the templates loaded, on 1 December 2026
SUMMER = "2027-07-01"


def refusal(day: str) -> str:
    seasons = "forårssæsonen (marts–maj) eller efterårssæsonen (september–november)"
    date = {"2027-07-01": "1. juli 2027"}[day]
    return (
        f"Forløb af denne type starter kun i {seasons}; {date} ligger uden for dem. Vælg en dato i en af sæsonerne, "
        "eller markér, at forløbet starter uden for sæsonerne, og skriv begrundelsen."
    )


@pytest.mark.parametrize(
    ("day", "outside"),
    [
        ("2027-02-28", True),
        ("2027-03-01", False),
        ("2027-05-31", False),
        ("2027-06-01", True),
        ("2027-08-31", True),
        ("2027-09-01", False),
        ("2027-11-30", False),
        ("2027-12-01", True),
        ("2028-01-15", True),
    ],
)
def test_the_taskforce_template_starts_in_spring_and_autumn_only(day, outside):
    template = template_from_dict(builtin_template("taskforce"))
    assert outside_start_seasons(template, datetime.date.fromisoformat(day)) is outside


def test_the_other_kinds_start_any_time_of_the_year():
    for kind in ("group", "individual"):
        template = template_from_dict(builtin_template(kind))
        assert not template.start_seasons
        assert not outside_start_seasons(template, datetime.date(2027, 7, 15))


def test_the_service_refuses_a_start_outside_the_seasons_and_keeps_the_reason_of_an_override(municipality, advisor):
    version = direct.version()
    arguments = {"version": version, "title": "Taskforce", "organisations": [municipality], "by": advisor}
    with pytest.raises(programme_services.PlanRefused) as refused:
        programme_services.programme_create(anchors={"start": datetime.date(2027, 7, 1)}, **arguments)
    assert refused.value.field == "anchors.start" and refused.value.messages == [refusal(SUMMER)]
    with pytest.raises(programme_services.PlanRefused):  # a reason of blanks is no reason
        programme_services.programme_create(
            anchors={"start": datetime.date(2027, 7, 1)}, start_override_reason="  ", **arguments
        )
    assert not Programme.objects.exists()
    in_season = programme_services.programme_create(
        anchors={"start": datetime.date(2027, 3, 1)}, start_override_reason="Ikke nødvendig", **arguments
    )
    assert in_season.start_override_reason == ""  # nothing to override
    overridden = programme_services.programme_create(
        anchors={"start": datetime.date(2027, 7, 1)}, start_override_reason=" Kommunen kan kun i juli ", **arguments
    )
    assert overridden.start_override_reason == "Kommunen kan kun i juli"


def test_the_page_refuses_in_danish_and_an_advisor_overrides_with_a_reason(municipality, advisor):
    client = direct.client_for(advisor)
    url = reverse("programmes:create")
    form = client.get(url).content.decode()
    assert 'name="start_override"' in form and 'name="start_override_reason"' in form
    refused = client.post(url, direct.page_data(municipality, anchor_date=SUMMER))
    assert refused.status_code == 200 and refusal(SUMMER) in refused.content.decode()
    no_reason = client.post(url, direct.page_data(municipality, anchor_date=SUMMER, start_override="on"))
    assert no_reason.status_code == 200
    assert danish("Give the reason for starting the programme outside the seasons.") in no_reason.content.decode()
    not_ticked = client.post(url, direct.page_data(municipality, anchor_date=SUMMER, start_override_reason="Akut"))
    assert not_ticked.status_code == 200 and refusal(SUMMER) in not_ticked.content.decode()
    assert not Programme.objects.filter(kind=ProgrammeKind.TASKFORCE).exists()
    created = client.post(
        url,
        direct.page_data(municipality, anchor_date=SUMMER, start_override="on", start_override_reason="Akut behov"),
    )
    assert created.status_code == 302
    programme = Programme.objects.get(kind=ProgrammeKind.TASKFORCE)
    assert programme.anchors["start"] == SUMMER and programme.start_override_reason == "Akut behov"
    entry = LogEntry.objects.get_for_object(programme).get(action=LogEntry.Action.CREATE)
    assert entry.actor == advisor
    assert "Akut behov" in json.dumps(entry.changes, ensure_ascii=False)
    page = parse_html(client.get(reverse("programmes:detail", args=[programme.pk])).content.decode())
    assert page.select_one("dd", **{"data-testid": "start-override"}).text.strip() == "Akut behov"


def test_the_api_refuses_in_danish_and_an_advisor_overrides_with_a_reason(municipality, advisor):
    client = direct.client_for(advisor)
    refused = direct.post_json(client, direct.api_body(municipality, anchor_date=SUMMER))
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"anchor_date": [refusal(SUMMER)]}
    no_reason = direct.post_json(client, direct.api_body(municipality, anchor_date=SUMMER, start_override=True))
    assert no_reason.status_code == 400 and "start_override_reason" in no_reason.json()["errors"]
    with_cpr = direct.post_json(
        client,
        direct.api_body(municipality, anchor_date=SUMMER, start_override=True, start_override_reason="010190-1234"),
    )
    assert with_cpr.status_code == 400
    assert not Programme.objects.filter(kind=ProgrammeKind.TASKFORCE).exists()
    created = direct.post_json(
        client,
        direct.api_body(municipality, anchor_date=SUMMER, start_override=True, start_override_reason="Akut behov"),
    )
    assert created.status_code == 201, created.content
    assert Programme.objects.get(pk=created.json()["id"]).start_override_reason == "Akut behov"
    assert created.json()["start_override_reason"] == "Akut behov"


# --- a request started from its allocated season -----------------------------------------------------------------

spring = direct.spring  # spring 2027 (January to June) with its two slots


def test_a_request_starts_in_the_season_or_with_an_override_on_the_page_and_in_the_api(
    spring, advisor, taskforce_member, advisor_client
):
    first = direct.allocate(direct.test_requests.make_request(factories.MunicipalityFactory(name="Viborg")), spring)
    url = reverse("requests:request_detail", args=[first.pk])
    form = parse_html(advisor_client.get(url).content.decode())
    assert form.by_id("id_start-start_date").attrs["value"] == "2027-03-01"  # the first day of the spring season
    data = {
        "action": "start",
        "start-start_date": "2027-01-15",  # in the half-year, before the spring season
        "start-title": "Taskforce Viborg",
        "start-advisors": [advisor.pk, taskforce_member.pk],
    }
    refused = advisor_client.post(url, data)
    assert refused.status_code == 200 and "15. januar 2027 ligger uden for dem" in refused.content.decode()
    no_reason = advisor_client.post(url, {**data, "start-start_override": "on"})
    assert danish("Give the reason for starting the programme outside the seasons.") in no_reason.content.decode()
    started = advisor_client.post(
        url, {**data, "start-start_override": "on", "start-start_override_reason": "Kommunalvalg i marts"}
    )
    assert started.status_code == 302
    first.refresh_from_db()
    assert first.programme.start_override_reason == "Kommunalvalg i marts"

    second = direct.allocate(direct.test_requests.make_request(factories.MunicipalityFactory(name="Skive")), spring)
    body = {"start_date": "2027-06-10", "title": "TF Skive", "staff_ids": [advisor.pk]}
    refused_api = advisor_client.post(
        f"/api/taskforce-requests/{second.pk}/start", json.dumps(body), content_type="application/json"
    )
    assert refused_api.status_code == 400 and "ligger uden for dem" in refused_api.content.decode()
    created = advisor_client.post(
        f"/api/taskforce-requests/{second.pk}/start",
        json.dumps({**body, "start_override": True, "start_override_reason": "Akut behov"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert Programme.objects.get(pk=created.json()["programme_id"]).start_override_reason == "Akut behov"


def test_a_version_stored_before_the_seasons_were_data_takes_the_built_in_seasons(municipality, advisor):
    version = direct.version()
    version.spec = {key: value for key, value in version.spec.items() if key != "start_seasons"}
    version.save()
    with pytest.raises(programme_services.PlanRefused):
        programme_services.programme_create(
            version=version,
            title="Taskforce",
            organisations=[municipality],
            anchors={"start": datetime.date(2027, 7, 1)},
            by=advisor,
        )
