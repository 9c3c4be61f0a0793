"""A taskforce programme created directly (programme page, POST /api/programmes) takes a slot in the season of its
start date, like a started request; a full season refuses it unless an administrator overrides with a reason."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from advisory.programmes.models import Programme, ProgrammeKind, TemplateVersion
from advisory.requests import selectors, services
from advisory.requests.models import DirectStart, RequestStatus, Season, SeasonHalf, TaskforceRequest
from advisory.requests.tests import test_requests
from tests import factories
from tests.helpers import danish, msgid_of

pytestmark = pytest.mark.django_db


_templates_and_today = test_requests._templates_and_today  # the templates loaded, on 1 December 2026
spring = test_requests.spring  # spring 2027 with its two slots


def allocate(request: TaskforceRequest, season: Season) -> TaskforceRequest:
    """An advisor allocates the request to the season."""
    return services.request_allocate(by=factories.AdvisorFactory(), request=request, season=season)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version(kind: str = ProgrammeKind.TASKFORCE) -> TemplateVersion:
    return TemplateVersion.objects.filter(template__kind=kind, published=True).latest("number")


def page_data(organisation, **overrides: object) -> dict[str, object]:
    return {
        "version": version().pk,
        "title": f"Taskforce: {organisation.name}",
        "organisations": [organisation.pk],
        "anchor_date": "2027-03-01",
        "action": "save",
        **overrides,
    }


def api_body(organisation, **overrides: object) -> dict[str, object]:
    return {
        "template_version_id": version().pk,
        "title": f"Taskforce: {organisation.name}",
        "organisation_ids": [organisation.pk],
        "anchor_date": "2027-03-01",
        **overrides,
    }


def post_json(client: Client, body: dict):
    return client.post("/api/programmes", json.dumps(body), content_type="application/json")


def fill(season: Season) -> None:
    """Both slots of the season go to requests."""
    for _ in range(season.capacity):
        request = services.taskforce_request_create(
            organisation=factories.MunicipalityFactory.create(),
            contact_name="Tove",
            contact_email="tove@kommune.dk",
            needs="Boliger",
            expectations="Sparring",
        )
        assert allocate(request, season).status == RequestStatus.ALLOCATED


def full_message(season: Season) -> str:
    return danish(msgid_of(services.SEASON_FULL_DIRECT)) % {"season": season, "n": 2, "capacity": 2}


def test_a_taskforce_programme_created_on_the_page_takes_a_slot_in_its_season(spring, advisor, municipality):
    response = client_for(advisor).post(reverse("programmes:create"), page_data(municipality))
    assert response.status_code == 302
    programme = Programme.objects.get(kind=ProgrammeKind.TASKFORCE)
    slot = DirectStart.objects.get()
    assert slot.programme == programme and slot.season == spring and slot.override_reason == ""
    assert slot.created_by == advisor
    assert selectors.season_row(spring).taken == 1
    assert services.season_taken(spring) == 1


def test_a_taskforce_programme_through_the_api_takes_a_slot_and_the_season_is_made_when_missing(advisor, municipality):
    response = post_json(client_for(advisor), api_body(municipality, anchor_date="2028-09-01"))
    assert response.status_code == 201, response.content
    slot = DirectStart.objects.get()
    assert (slot.season.year, slot.season.half) == (2028, SeasonHalf.AUTUMN)


def test_a_full_season_refuses_a_direct_taskforce_programme_on_the_page_and_in_the_api(spring, advisor, municipality):
    fill(spring)
    client = client_for(advisor)
    page = client.post(reverse("programmes:create"), page_data(municipality))
    assert page.status_code == 200
    assert full_message(spring) in page.content.decode()
    assert f"Taskforce: {municipality.name}" in page.content.decode()  # the form keeps what was typed
    api = post_json(client, api_body(municipality))
    assert api.status_code == 400
    assert api.json()["errors"]["__all__"] == [full_message(spring)]
    assert not Programme.objects.filter(kind=ProgrammeKind.TASKFORCE).exists()
    assert DirectStart.objects.count() == 0


def test_an_advisor_cannot_override_the_taskforce_capacity(spring, advisor, municipality):
    fill(spring)
    client = client_for(advisor)
    form = client.get(reverse("programmes:create")).content.decode()
    assert 'name="season_override"' not in form and 'name="override_reason"' not in form
    refused = post_json(client, api_body(municipality, season_override=True, override_reason="Politisk ønske"))
    assert refused.status_code == 400
    assert refused.json()["errors"]["season_override"] == [danish(msgid_of(services.OVERRIDE_ADMINISTRATORS_ONLY))]
    page = client.post(
        reverse("programmes:create"),
        page_data(municipality, season_override="on", override_reason="Politisk ønske"),
    )
    assert page.status_code == 200 and full_message(spring) in page.content.decode()
    assert DirectStart.objects.count() == 0


def test_an_administrator_overrides_the_taskforce_capacity_with_a_reason_that_is_kept_and_audited(
    spring, administrator, municipality
):
    fill(spring)
    client = client_for(administrator)
    assert 'name="override_reason"' in client.get(reverse("programmes:create")).content.decode()
    without_reason = post_json(client, api_body(municipality, season_override=True))
    assert without_reason.status_code == 400
    assert without_reason.json()["errors"]["override_reason"] == [danish(msgid_of(services.OVERRIDE_REASON_REQUIRED))]
    with_cpr = post_json(client, api_body(municipality, season_override=True, override_reason="Borger 010190-1234"))
    assert with_cpr.status_code == 400 and "override_reason" in with_cpr.json()["errors"]
    not_ticked = post_json(client, api_body(municipality, override_reason="Ministerens ønske"))
    assert not_ticked.status_code == 400
    assert DirectStart.objects.count() == 0

    created = post_json(client, api_body(municipality, season_override=True, override_reason="Ministerens ønske"))
    assert created.status_code == 201, created.content
    slot = DirectStart.objects.get()
    assert slot.season == spring and slot.override_reason == "Ministerens ønske" and slot.created_by == administrator
    assert services.season_taken(spring) == 3
    entry = LogEntry.objects.get_for_object(slot).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == administrator
    assert "Ministerens ønske" in json.dumps(entry.changes, ensure_ascii=False)
    detail = client.get(reverse("requests:season_detail", args=[spring.pk])).content.decode()
    assert "Ministerens ønske" in detail


def test_an_administrator_overrides_on_the_page_and_a_missing_reason_is_shown_at_its_field(
    spring, administrator, municipality
):
    fill(spring)
    client = client_for(administrator)
    refused = client.post(reverse("programmes:create"), page_data(municipality, season_override="on"))
    assert refused.status_code == 200
    assert danish(msgid_of(services.OVERRIDE_REASON_REQUIRED)) in refused.content.decode()
    created = client.post(
        reverse("programmes:create"), page_data(municipality, season_override="on", override_reason="Akut behov")
    )
    assert created.status_code == 302
    assert DirectStart.objects.get().override_reason == "Akut behov"


def test_direct_taskforce_programmes_fill_the_season_for_requests(spring, advisor, municipality):
    client = client_for(advisor)
    for organisation in (municipality, factories.MunicipalityFactory()):
        assert post_json(client, api_body(organisation)).status_code == 201
    request = services.taskforce_request_create(
        organisation=factories.MunicipalityFactory(),
        contact_name="Tove",
        contact_email="tove@kommune.dk",
        needs="Boliger",
        expectations="Sparring",
    )
    assert allocate(request, spring).status == RequestStatus.WAITING
    overview = client.get(reverse("requests:taskforce_list")).content.decode()
    assert f"Taskforce: {municipality.name}" in overview


def test_other_kinds_created_directly_take_no_taskforce_slot(spring, advisor, municipality):
    fill(spring)
    body = api_body(municipality, template_version_id=version(ProgrammeKind.INDIVIDUAL).pk)
    assert post_json(client_for(advisor), body).status_code == 201
    assert DirectStart.objects.count() == 0
