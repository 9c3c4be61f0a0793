"""The public interest and taskforce-request endpoints and pages: an authenticated caller is themselves (a token
too; a refused token is 401, never anonymous), an anonymous caller sends JSON only, anonymous submissions are
limited per IP address (page and API together), and the public forms have a honeypot."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken
from advisory.core.honeypot import HONEYPOT_FIELD, HONEYPOT_FILLED
from advisory.core.ratelimit import RATE_LIMITED
from advisory.requests.models import ExpressionOfInterest, TaskforceRequest
from tests import factories
from tests.helpers import danish, msgid_of, parse_html

pytestmark = pytest.mark.django_db

PUBLIC_ENDPOINTS = ["/api/interest", "/api/taskforce-requests"]
MODELS = {"/api/interest": ExpressionOfInterest, "/api/taskforce-requests": TaskforceRequest}


def contact(**overrides: object) -> dict[str, object]:
    return {
        "contact_name": "Tove Tovholder",
        "contact_email": "tove@kommune.dk",
        "needs": "Hjælp til at skaffe boliger.",
        "expectations": "Sparring og en plan.",
        **overrides,
    }


def post_json(client: Client, path: str, body: dict, **extra: Any):
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


def bearer(user) -> dict[str, dict[str, str]]:
    _token, raw = ApiToken.issue(user=user, name="script")
    return {"headers": {"Authorization": f"Bearer {raw}"}}


# --- who the caller is -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_ENDPOINTS)
def test_a_token_caller_is_themselves_and_submits_only_for_their_own_organisation(
    path, coordinator, municipality, other_municipality
):
    auth = bearer(coordinator)
    refused = post_json(Client(), path, {"organisation_id": other_municipality.pk, **contact()}, **auth)
    assert refused.status_code == 400
    assert MODELS[path].objects.count() == 0
    created = post_json(Client(), path, {"organisation_id": municipality.pk, **contact()}, **auth)
    assert created.status_code == 201
    assert MODELS[path].objects.get().submitted_by == coordinator


@pytest.mark.parametrize("path", PUBLIC_ENDPOINTS)
@pytest.mark.parametrize("authorization", ["Bearer not-a-token", "Basic dG92ZTpoZW1tZWxpZw=="])
def test_credentials_that_are_refused_are_401_not_anonymous(path, authorization, municipality):
    body = {"organisation_id": municipality.pk, **contact()}
    response = post_json(Client(), path, body, headers={"Authorization": authorization})
    assert response.status_code == 401
    assert MODELS[path].objects.count() == 0


@pytest.mark.parametrize("path", PUBLIC_ENDPOINTS)
def test_a_logged_in_session_needs_its_csrf_token(path, coordinator, municipality):
    """A page on another site cannot submit in the name of a logged-in person."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = post_json(client, path, {"organisation_id": municipality.pk, **contact()})
    assert response.status_code == 403
    assert MODELS[path].objects.count() == 0


@pytest.mark.parametrize("path", PUBLIC_ENDPOINTS)
def test_anonymous_json_needs_no_csrf_token(path, municipality):
    response = post_json(Client(enforce_csrf_checks=True), path, {"organisation_id": municipality.pk, **contact()})
    assert response.status_code == 201
    assert MODELS[path].objects.get().submitted_by is None


# --- what an anonymous caller may send --------------------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_ENDPOINTS)
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_an_anonymous_body_that_is_not_json_is_refused_in_danish(path, content_type, municipality):
    """A form on another site can send text/plain or form data without asking the browser first; JSON it cannot."""
    body = json.dumps({"organisation_id": municipality.pk, **contact()})
    response = Client().post(path, body, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["detail"] == danish("Send the data as JSON (Content-Type: application/json).")
    assert MODELS[path].objects.count() == 0


# --- rate limit ---------------------------------------------------------------------------------------------------


def test_anonymous_submissions_are_limited_per_ip_address_page_and_api_together(settings, municipality):
    settings.PUBLIC_SUBMISSION_RATE = "2/h"
    client = Client()
    body = {"organisation_id": municipality.pk, **contact()}
    assert post_json(client, "/api/interest", body).status_code == 201
    page = reverse("requests:interest_create")
    assert client.post(page, {"organisation": municipality.pk, **contact()}).status_code == 200
    assert ExpressionOfInterest.objects.count() == 2

    refused = post_json(client, "/api/interest", body)
    assert refused.status_code == 429
    assert refused.json()["detail"] == danish(msgid_of(RATE_LIMITED))
    typed = contact(needs="Vi mangler 40 boliger i Gellerup.")
    refused_page = client.post(page, {"organisation": municipality.pk, **typed})
    assert refused_page.status_code == 429
    html = refused_page.content.decode()
    assert danish(msgid_of(RATE_LIMITED)) in html
    assert "Vi mangler 40 boliger i Gellerup." in html  # what was typed is kept
    refused_request = post_json(client, "/api/taskforce-requests", body)
    assert refused_request.status_code == 429
    assert ExpressionOfInterest.objects.count() == 2 and TaskforceRequest.objects.count() == 0

    # Another address, and a logged-in person, are not held back by this address's count.
    assert post_json(Client(REMOTE_ADDR="192.0.2.7"), "/api/interest", body).status_code == 201
    coordinator = factories.coordinator_of(municipality, email="koordinator@aarhus.dk")
    logged_in = Client()
    logged_in.force_login(coordinator)
    assert post_json(logged_in, "/api/interest", body).status_code == 201


def test_the_rate_limit_reads_the_address_the_trusted_proxy_gives(settings, municipality):
    settings.PUBLIC_SUBMISSION_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    body = {"organisation_id": municipality.pk, **contact()}
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert post_json(first, "/api/interest", body).status_code == 201
    assert post_json(first, "/api/interest", body).status_code == 429
    assert post_json(Client(HTTP_X_FORWARDED_FOR="198.51.100.2"), "/api/interest", body).status_code == 201
    # A forwarded address that is not one is no 500.
    assert post_json(Client(HTTP_X_FORWARDED_FOR="not-an-address"), "/api/interest", body).status_code == 201


# --- honeypot -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["requests:interest_create", "requests:request_create"])
def test_the_public_forms_have_a_honeypot_hidden_from_people(client, url_name):
    page = parse_html(client.get(reverse(url_name)).content)
    field = page.select_one("input", name=HONEYPOT_FIELD)
    assert field.get("tabindex") == "-1" and field.get("autocomplete") == "off"
    wrappers = [
        element
        for element in page.find_all("div", aria_hidden="true")
        if element.find_all("input", name=HONEYPOT_FIELD)
    ]
    assert len(wrappers) == 1 and "sr-only" in (wrappers[0].get("class") or "").split()
    label = wrappers[0].find_all("label")[0]
    assert label.get("for") == field.get("id") and label.text == danish("Leave this field empty")


@pytest.mark.parametrize(
    ("url_name", "model"),
    [("requests:interest_create", ExpressionOfInterest), ("requests:request_create", TaskforceRequest)],
)
def test_a_filled_honeypot_is_not_stored_and_the_form_keeps_what_was_typed(client, municipality, url_name, model):
    typed = contact(needs="Vi mangler 40 boliger i Gellerup.")
    data = {"organisation": municipality.pk, **typed, HONEYPOT_FIELD: "https://spam.example"}
    response = client.post(reverse(url_name), data)
    assert response.status_code == 200
    assert model.objects.count() == 0
    html = response.content.decode()
    assert danish(msgid_of(HONEYPOT_FILLED)) in html
    assert "Vi mangler 40 boliger i Gellerup." in html
    assert "https://spam.example" not in html  # shown empty, so a person whose browser filled it can send again
    again = client.post(reverse(url_name), {"organisation": municipality.pk, **typed, HONEYPOT_FIELD: ""})
    assert again.status_code == 200
    assert model.objects.count() == 1


def test_the_audit_log_keeps_the_address_the_trusted_proxy_gives_not_one_a_client_wrote(settings, municipality):
    from auditlog.models import LogEntry

    settings.TRUSTED_PROXY_COUNT = 0
    body = {"organisation_id": municipality.pk, **contact()}
    spoofed = Client(REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert post_json(spoofed, "/api/interest", body).status_code == 201
    entry = LogEntry.objects.get_for_object(ExpressionOfInterest.objects.get()).get()
    assert entry.remote_addr == "192.0.2.44"
