"""Logging in with MitID Erhverv through the test IdP: who gets in, and what is kept."""

from __future__ import annotations

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

pytestmark = pytest.mark.django_db


def test_a_coordinator_of_aarhus_logs_in_and_is_linked_by_the_persistent_uuid(idp, aarhus, coordinator):  # type: ignore[no-untyped-def]
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
