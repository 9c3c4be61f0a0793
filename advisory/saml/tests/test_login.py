"""Logging in with MitID Erhverv through the test IdP: who gets in, and what is kept."""

from __future__ import annotations

import base64
import datetime
import io
import zlib
from urllib.parse import parse_qs, urlparse

import pytest
from auditlog.models import LogEntry
from django.test import Client

from advisory.saml.models import SamlIdentity, SeenAssertion
from advisory.saml.tests.conftest import (
    AARHUS_CVR,
    COORDINATOR_UUID,
    coordinator_attributes,
    logged_in_user_id,
    post_answer,
    start_login,
)
from advisory.saml.tests.idp import oiosaml_attributes

pytestmark = pytest.mark.django_db


def test_a_coordinator_of_aarhus_logs_in_and_is_linked_by_the_persistent_uuid(idp, aarhus, coordinator):
    client = Client()
    request_id, relay_state = start_login(client, idp)
    response = post_answer(client, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == str(coordinator.pk)
    identity = SamlIdentity.objects.get()
    assert (identity.user, identity.persistent_uuid, identity.cvr) == (coordinator, COORDINATOR_UUID, AARHUS_CVR)
    assert SeenAssertion.objects.count() == 1
    entry = LogEntry.objects.filter(additional_data__event="login").get()
    assert entry.actor == coordinator
    assert entry.additional_data["loa"] == "Substantial"


def test_an_encrypted_assertion_is_accepted_and_the_cpr_number_is_kept_nowhere(idp, aarhus, coordinator):
    from django.contrib.sessions.models import Session

    client = Client()
    request_id, relay_state = start_login(client, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator, cpr="0101901234"), encrypt=True)
    assert base64.b64decode(answer).count(b"EncryptedAssertion") >= 1
    assert b"0101901234" not in base64.b64decode(answer)  # encrypted: not readable on the way
    assert post_answer(client, answer, relay_state).status_code == 302
    assert logged_in_user_id(client) == str(coordinator.pk)
    for session in Session.objects.all():
        assert "0101901234" not in str(session.get_decoded())
    assert "0101901234" not in str(list(LogEntry.objects.values()))
    assert "0101901234" not in str(list(SamlIdentity.objects.values()))
    assert any("_saml2_identities" in session.get_decoded() for session in Session.objects.all())


def test_once_linked_the_person_is_found_by_the_persistent_uuid_whatever_their_e_mail(idp, aarhus, coordinator):
    first = Client()
    request_id, relay_state = start_login(first, idp)
    assert (
        post_answer(first, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state).status_code == 302
    )
    second = Client()
    request_id, relay_state = start_login(second, idp)
    answer = idp.answer(request_id, coordinator_attributes(coordinator, email="thomas.nyt.navn@aarhus.dk"))
    assert post_answer(second, answer, relay_state).status_code == 302
    assert logged_in_user_id(second) == str(coordinator.pk)
    assert SamlIdentity.objects.count() == 1


def test_the_login_goes_back_to_the_page_asked_for(idp, aarhus, coordinator):
    client = Client()
    request_id, relay_state = start_login(client, idp, next_url="/konto/")
    assert relay_state == "/konto/"
    response = post_answer(client, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state)
    assert response["Location"] == "/konto/"


def test_an_outside_address_as_next_page_is_not_followed(idp, aarhus, coordinator):
    client = Client()
    request_id, relay_state = start_login(client, idp, next_url="https://evil.example/")
    response = post_answer(client, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state)
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_the_request_is_signed_and_asks_for_substantial_or_more(idp):
    client = Client()
    response = client.get("/saml2/login/")
    location = response["Location"]
    query = {key: values[0] for key, values in parse_qs(urlparse(location).query).items()}
    assert query["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    request = zlib.decompress(base64.b64decode(query["SAMLRequest"]), -15).decode()
    assert "https://data.gov.dk/concept/core/nsis/loa/Substantial" in request
    assert 'Comparison="minimum"' in request
    idp.read_request(location)  # the IdP checks the signature against our metadata
    assert "RelayState=%2F&" in location
    tampered = location.replace("RelayState=%2F&", "RelayState=%2Fadmin%2F&")
    with pytest.raises(Exception, match="signed"):
        idp.read_request(tampered)


def test_agency_staff_logging_in_with_mitid_at_substantial_count_as_two_factor(idp, advisor, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.SAML_STAFF_CVRS = ["12345678"]
    client = Client()
    request_id, relay_state = start_login(client, idp)
    attributes = oiosaml_attributes(email=advisor.email, cvr="12345678", persistent_uuid="urn:uuid:advisor-1")
    assert post_answer(client, idp.answer(request_id, attributes), relay_state).status_code == 302
    assert client.get("/").status_code == 200  # not sent to set up an authenticator app
    # The same person logged in with the password alone is sent to set one up.
    password_client = Client()
    password_client.force_login(advisor)
    assert password_client.get("/").status_code == 302


def test_agency_staff_under_another_cvr_number_are_refused(idp, advisor, settings):
    settings.SAML_STAFF_CVRS = ["12345678"]
    client = Client()
    request_id, relay_state = start_login(client, idp)
    attributes = oiosaml_attributes(email=advisor.email, cvr="87654321", persistent_uuid="urn:uuid:advisor-1")
    assert post_answer(client, idp.answer(request_id, attributes), relay_state).status_code == 403
    assert logged_in_user_id(client) is None


def test_single_logout_through_the_idp_and_from_the_log_out_button(idp, aarhus, coordinator):
    client = Client()
    request_id, relay_state = start_login(client, idp)
    assert (
        post_answer(client, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state).status_code == 302
    )
    # "Log ud" (allauth, a POST with the CSRF token) ends the session and continues to the single logout.
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/saml2/logout/"
    assert logged_in_user_id(client) is None
    response = client.get("/saml2/logout/")
    assert response.status_code == 200 and response["Refresh"].startswith(f"0;url={idp.slo_url}")
    back = idp.logout_answer(response["Refresh"].removeprefix("0;url="))
    assert back.startswith("http://testserver/saml2/ls/")
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    reasons = list(
        LogEntry.objects.filter(additional_data__event="logout").values_list("additional_data__reason", flat=True)
    )
    assert sorted(reasons) == ["logout_answered", "single_logout_sent"]
    assert all(entry.actor == coordinator for entry in LogEntry.objects.filter(additional_data__event="logout"))


def test_a_password_session_logs_out_as_before(idp, coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"


def test_the_metadata_is_signed_and_has_both_certificates(idp):
    from django.conf import settings
    from saml2 import md
    from saml2.s_utils import UnknownPrincipal  # noqa: F401
    from saml2.sigver import security_context

    from advisory.saml.config import sp_config

    response = Client().get("/saml2/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/samlmetadata+xml")
    text = response.content.decode()
    assert 'use="signing"' in text and 'use="encryption"' in text
    assert "http://testserver/saml2/acs/" in text
    assert "https://data.gov.dk/model/core/eid/professional/uuid/persistent" in text
    sec = security_context(sp_config())
    assert sec.verify_signature(
        text, cert_file=settings.SAML_SIGNING_CERT_FILE, node_name=md.EntityDescriptor.c_namespace + ":EntityDescriptor"
    )
    with pytest.raises(Exception):  # noqa: B017
        sec.verify_signature(
            text.replace("http://testserver/saml2/acs/", "https://evil.example/acs/"),
            cert_file=settings.SAML_SIGNING_CERT_FILE,
            node_name=md.EntityDescriptor.c_namespace + ":EntityDescriptor",
        )


def test_the_used_assertion_ids_are_removed_by_the_retention_job_after_they_expired(db):
    from django.core.management import call_command
    from django.utils import timezone

    old = SeenAssertion.objects.create(assertion_id="id-old", expires_at=timezone.now() - datetime.timedelta(days=3))
    fresh = SeenAssertion.objects.create(
        assertion_id="id-fresh", expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    call_command("apply_retention", "--kind", "saml_assertion_ids", "--apply", stdout=io.StringIO())
    assert list(SeenAssertion.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not SeenAssertion.objects.filter(pk=old.pk).exists()


def test_a_logout_started_at_nemlog_in_ends_the_session_here(idp, aarhus, coordinator):
    import saml2
    from django.conf import settings
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

    client = Client(enforce_csrf_checks=True)  # the answer is posted without a CSRF token: the endpoint is exempt
    request_id, relay_state = start_login(client, idp)
    assert (
        post_answer(client, idp.answer(request_id, coordinator_attributes(coordinator)), relay_state).status_code == 302
    )
    assert logged_in_user_id(client) == str(coordinator.pk)
    server = idp.server()
    _id, request = server.create_logout_request(
        "http://testserver/saml2/ls/",
        settings.SAML_ENTITY_ID,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=COORDINATOR_UUID),
    )
    http_info = server.apply_binding(
        saml2.BINDING_HTTP_REDIRECT,
        str(request),
        "http://testserver/saml2/ls/",
        "",
        sign=True,
        sigalg=saml2.xmldsig.SIG_RSA_SHA256,
    )
    location = dict(http_info["headers"])["Location"]
    # Unsigned (the signature left off the query), it ends nothing.
    unsigned = location.split("&Signature=")[0]
    refused = client.get(unsigned.removeprefix("http://testserver"))
    assert refused.status_code == 400
    assert logged_in_user_id(client) == str(coordinator.pk)
    response = client.get(location.removeprefix("http://testserver"))
    assert response.status_code == 302, response.content.decode()[:300]
    assert response["Location"].startswith(idp.slo_url)  # the signed answer goes back to NemLog-in
    assert logged_in_user_id(client) is None
    entries = LogEntry.objects.filter(additional_data__event="logout").order_by("pk")
    assert [(entry.actor, entry.additional_data["reason"]) for entry in entries] == [
        (coordinator, "logout_request_unsigned"),
        (coordinator, "logout_requested_by_idp"),
    ]
