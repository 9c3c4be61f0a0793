"""Every refusal: a Danish page (403), nobody logged in, and the reason in the audit log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from auditlog.models import LogEntry
from django.test import Client

from advisory.organisations.models import Membership
from advisory.saml.models import SamlIdentity
from advisory.saml.tests.conftest import (
    ODENSE_CVR,
    coordinator_attributes,
    logged_in_user_id,
    post_answer,
    start_login,
)
from advisory.saml.tests.idp import make_key_pair
from advisory.saml.views import IDENTITY_CACHE_KEY
from tests.helpers import danish

pytestmark = pytest.mark.django_db


def assert_refused(client: Client, response: Any, reason: str) -> None:
    assert response.status_code == 403, response.content.decode()[:500]
    body = response.content.decode()
    assert danish("Log-in with MitID Erhverv refused") in body
    assert f'data-reason="{reason}"' in body, body
    assert logged_in_user_id(client) is None
    assert not client.session.get("advisory_strong_login")
    assert IDENTITY_CACHE_KEY not in client.saml_session_data()  # type: ignore[attr-defined]
    entry = LogEntry.objects.filter(additional_data__event="refused").latest("timestamp")
    assert entry.additional_data["reason"] == reason
    assert LogEntry.objects.filter(additional_data__event="login").count() == 0


class SamlClient(Client):
    def saml_session_data(self) -> dict[str, Any]:
        from django.contrib.sessions.backends.db import SessionStore

        cookie = self.cookies.get("saml_session")
        return dict(SessionStore(cookie.value).load()) if cookie else {}


@pytest.fixture
def client() -> SamlClient:
    return SamlClient()


def test_an_unsigned_assertion_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator), sign=False)
    assert_refused(client, post_answer(client, answer, relay_state), "unsigned")


def test_an_assertion_signed_by_another_key_is_refused(client, idp, aarhus, coordinator, tmp_path):
    request_id, relay_state = start_login(client, idp)
    intruder = make_key_pair(tmp_path, "intruder")
    answer = idp.answer(request_id, coordinator_attributes(coordinator), keys=intruder)
    assert_refused(client, post_answer(client, answer, relay_state), "bad_signature")


def test_an_assertion_changed_after_signing_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator), tamper=True)
    assert_refused(client, post_answer(client, answer, relay_state), "bad_signature")


def test_an_assertion_for_another_audience_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator), audience="https://other-service.example/sp")
    assert_refused(client, post_answer(client, answer, relay_state), "audience")


def test_an_assertion_for_another_recipient_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator), acs_url="https://other-service.example/acs")
    response = post_answer(client, answer, relay_state)
    # The answer's Destination and the assertion's Recipient both name the other address; pysaml2 refuses the first
    # without a reason ("invalid") or the second ("recipient"), depending on which it reads first.
    reason = response.content.decode().split('data-reason="')[1].split('"')[0]
    assert reason in {"recipient", "invalid"}
    assert_refused(client, response, reason)


def test_an_expired_assertion_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    # Made an hour ago: its five minutes (and the minute's clock skew) are long over.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1), tick=False):
        answer = idp.answer(request_id, coordinator_attributes(coordinator))
    assert_refused(client, post_answer(client, answer, relay_state), "expired")


def test_an_assertion_not_yet_valid_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=10), tick=False):
        answer = idp.answer(request_id, coordinator_attributes(coordinator))
    assert_refused(client, post_answer(client, answer, relay_state), "not_yet_valid")


def test_an_assertion_within_the_clock_skew_is_accepted(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=30), tick=False):
        answer = idp.answer(request_id, coordinator_attributes(coordinator))
    assert post_answer(client, answer, relay_state).status_code == 302
    assert logged_in_user_id(client) == str(coordinator.pk)


def test_a_replayed_assertion_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator))
    outstanding = dict(client.saml_session_data())
    assert post_answer(client, answer, relay_state).status_code == 302
    # The same answer again from a browser whose SAML session still expects the request (another web process
    # that read the session before the first answer used it, or a stolen copy of the cookie's session).
    thief = SamlClient()
    _carry_saml_session(thief, outstanding)
    response = post_answer(thief, answer, relay_state)
    assert response.status_code == 403
    assert 'data-reason="replayed"' in response.content.decode()
    assert logged_in_user_id(thief) is None
    assert LogEntry.objects.get(additional_data__event="refused").additional_data["reason"] == "replayed"


def _carry_saml_session(client: Client, data: dict[str, Any]) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    for key, value in data.items():
        store[key] = value
    store.create()
    client.cookies["saml_session"] = str(store.session_key)


def test_an_answer_to_a_request_this_browser_never_sent_is_refused(client, idp, aarhus, coordinator):
    _request_id, relay_state = start_login(client, idp)
    answer = idp.answer("id-never-sent-by-this-browser", coordinator_attributes(coordinator))
    assert_refused(client, post_answer(client, answer, relay_state), "unknown_request")


def test_an_unsolicited_answer_is_refused(client, idp, aarhus, coordinator):
    answer = idp.answer(None, coordinator_attributes(coordinator))
    assert_refused(client, post_answer(client, answer), "unknown_request")


def test_assurance_level_low_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator, loa="Low"))
    response = post_answer(client, answer, relay_state)
    assert_refused(client, response, "loa_too_low")
    assert (
        danish(
            "The platform requires MitID Erhverv at assurance level Substantial or High. "
            "Log in again with MitID (not with a user name and password alone)."
        )
        in response.content.decode()
    )


def test_another_spec_version_is_refused(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    attributes = coordinator_attributes(coordinator)
    attributes["https://data.gov.dk/model/core/specVersion"] = ["OIO-SAML-2.0"]
    assert_refused(client, post_answer(client, idp.answer(request_id, attributes), relay_state), "spec_version")


def test_an_unknown_person_is_told_to_ask_for_an_invitation_and_gets_no_account(client, idp, aarhus, coordinator):
    from advisory.accounts.models import User

    people = User.objects.count()
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator, email="ny.medarbejder@aarhus.dk"))
    response = post_answer(client, answer, relay_state)
    assert_refused(client, response, "unknown_person")
    assert "tovholder om at invitere dig" in response.content.decode()
    assert User.objects.count() == people
    assert not SamlIdentity.objects.exists()


def test_the_cvr_of_an_organisation_the_person_does_not_belong_to_is_refused(client, idp, aarhus, odense, coordinator):
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator, cvr=ODENSE_CVR))
    response = post_answer(client, answer, relay_state)
    assert_refused(client, response, "organisation_mismatch")
    assert not SamlIdentity.objects.exists()


def test_a_person_who_left_the_organisation_is_refused_though_linked(client, idp, aarhus, coordinator):
    request_id, relay_state = start_login(client, idp)
    assert (
        post_answer(client, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state).status_code == 302
    )
    Membership.objects.filter(user=coordinator).delete()
    again = SamlClient()
    request_id, relay_state = start_login(again, idp)
    response = post_answer(again, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state)
    assert response.status_code == 403
    assert logged_in_user_id(again) is None


def test_a_missing_answer_is_a_danish_400(client, idp):
    response = client.post("/saml2/acs/", {"RelayState": "/"})
    assert response.status_code == 400
    assert danish("Log-in with MitID Erhverv refused") in response.content.decode()


def test_garbage_instead_of_an_answer_is_refused(client, idp):
    response = client.post("/saml2/acs/", {"SAMLResponse": "bm90IHhtbA==", "RelayState": "/"})
    assert response.status_code == 403
    assert logged_in_user_id(client) is None
