"""The public registration endpoint and page, like the other public submissions (issue 12, part 4): a caller with a
token or a session is themselves and registers only their own organisations; a refused token is 401, never
anonymous; an anonymous caller sends JSON only; anonymous submissions are limited per IP address, page and API
together, with what was typed kept."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken
from advisory.core.ratelimit import RATE_LIMITED
from advisory.intake import services
from advisory.intake.models import Registration
from advisory.intake.tests import test_intake
from advisory.intake.tests.test_intake import registration_data
from advisory.organisations.services import NOT_OWN_ORGANISATION
from tests import factories
from tests.helpers import danish, msgid_of

pytestmark = pytest.mark.django_db

round_ = test_intake.round_  # an intake round open in February 2027


@pytest.fixture(autouse=True)
def _while_the_round_is_open():
    with time_machine.travel(datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), tick=False):
        yield


def api_path(round_) -> str:
    return f"/api/intake/rounds/{round_.pk}/registrations"


def body(organisation_id: int, **overrides: object) -> dict[str, object]:
    data = {**registration_data(organisation_id), **overrides}
    data.pop("organisation", None)
    return {"organisation_id": organisation_id, **data}


def post_json(client: Client, path: str, data: dict, **extra: Any):
    return client.post(path, json.dumps(data), content_type="application/json", **extra)


def test_a_token_caller_registers_only_their_own_organisation(round_, coordinator, municipality, other_municipality):
    _token, raw = ApiToken.issue(user=coordinator, name="script")
    auth = {"headers": {"Authorization": f"Bearer {raw}"}}
    refused = post_json(Client(), api_path(round_), body(other_municipality.pk), **auth)
    assert refused.status_code == 400
    assert "organisation_id" in refused.json()["errors"]
    assert Registration.objects.count() == 0
    created = post_json(Client(), api_path(round_), body(municipality.pk), **auth)
    assert created.status_code == 201
    assert Registration.objects.get().submitted_by == coordinator


@pytest.mark.parametrize("authorization", ["Bearer not-a-token", "Basic dG92ZTpoZW1tZWxpZw=="])
def test_credentials_that_are_refused_are_401_not_anonymous(round_, municipality, authorization):
    response = post_json(Client(), api_path(round_), body(municipality.pk), headers={"Authorization": authorization})
    assert response.status_code == 401
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_an_anonymous_body_that_is_not_json_is_refused(round_, municipality, content_type):
    response = Client().post(api_path(round_), json.dumps(body(municipality.pk)), content_type=content_type)
    assert response.status_code == 415
    assert response.json()["detail"].startswith("Send data")
    assert Registration.objects.count() == 0


def test_anonymous_registrations_are_limited_per_ip_address_page_and_api_together(round_, settings):
    settings.PUBLIC_SUBMISSION_RATE = "2/h"
    first, second, third = (factories.MunicipalityFactory(name=name) for name in ("Horsens", "Vejle", "Skive"))
    client = Client()
    assert post_json(client, api_path(round_), body(first.pk)).status_code == 201
    page = reverse("intake:register", args=[round_.pk])
    assert client.post(page, registration_data(second.pk)).status_code == 200
    assert Registration.objects.count() == 2

    refused = post_json(client, api_path(round_), body(third.pk))
    assert refused.status_code == 429
    assert refused.json()["detail"] == danish(msgid_of(RATE_LIMITED))
    refused_page = client.post(page, registration_data(third.pk, motivation="Vi vil lære af de andre kommuner."))
    assert refused_page.status_code == 429
    html = refused_page.content.decode()
    assert danish(msgid_of(RATE_LIMITED)) in html
    assert "Vi vil lære af de andre kommuner." in html
    assert Registration.objects.count() == 2


def test_the_service_itself_refuses_an_organisation_person_registering_another_organisation(
    round_, coordinator, municipality, other_municipality
):
    """Whatever form or caller reaches it: access is decided inside the write."""
    data = registration_data(other_municipality.pk)
    data.pop("organisation")
    with pytest.raises(ValidationError) as refused:
        services.registration_create(round_=round_, organisation=other_municipality, submitted_by=coordinator, **data)
    assert refused.value.code == "not_own"
    assert refused.value.messages == [danish(msgid_of(NOT_OWN_ORGANISATION))]
    assert Registration.objects.count() == 0
    own = registration_data(municipality.pk)
    own.pop("organisation")
    services.registration_create(round_=round_, organisation=municipality, submitted_by=coordinator, **own)
    assert Registration.objects.get().organisation == municipality
