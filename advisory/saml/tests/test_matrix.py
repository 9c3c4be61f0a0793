"""The /saml2/ addresses switched on, for each kind of visitor (the permission matrix has them switched off: 404).

Nobody's answer depends on their role: these are the entrance, and what they do is decided by the signed answers.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.helpers import danish

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitors(client, admin_client_, advisor_client, coordinator_client, stranger_client):
    return {
        "anonymous": client,
        "administrator": admin_client_,
        "advisor": advisor_client,
        "coordinator": coordinator_client,
        "stranger": stranger_client,
    }


def test_every_visitor_gets_the_metadata_and_a_danish_refusal_for_bad_answers(idp, visitors):
    for name, client in visitors.items():
        signed_in = name != "anonymous"
        assert client.get("/saml2/metadata/").status_code == 200, name
        login = client.get("/saml2/login/")
        assert login.status_code == 302, name
        assert login["Location"] == "/" if signed_in else login["Location"].startswith(idp.sso_url), name
        assert client.get("/saml2/acs/").status_code == 405, name
        refused = client.post("/saml2/acs/", {"SAMLResponse": "eA==", "RelayState": "/"})
        assert refused.status_code == 403 and danish("Log-in with MitID Erhverv refused") in refused.content.decode()
        too_long = client.post("/saml2/acs/", {"SAMLResponse": "x" * 300_000})
        assert too_long.status_code == 400, name
        logout = client.get("/saml2/logout/")
        assert logout.status_code == 302, name
        assert logout["Location"] == ("/accounts/logout/" if signed_in else "/accounts/login/"), name
        for path in ("/saml2/ls/", "/saml2/ls/post/"):
            bad = client.get(path) if path.endswith("/ls/") else client.post(path, {})
            assert bad.status_code == 400, (name, path)
            assert danish("Log-out from NemLog-in failed") in bad.content.decode()
        garbage = client.get("/saml2/ls/", {"SAMLResponse": "bm90IGEgbWVzc2FnZQ=="})
        assert garbage.status_code == 400, name
        assert danish("Log-out from NemLog-in failed") in garbage.content.decode()
        garbage = client.post("/saml2/ls/post/", {"SAMLRequest": "bm90IGEgbWVzc2FnZQ=="})
        assert garbage.status_code == 400, name
        # Nobody was logged in or out by any of it.
        assert ("_auth_user_id" in client.session) is signed_in, name


def test_an_unknown_idp_asked_for_is_a_danish_400(idp):
    response = Client().get("/saml2/login/", {"idp": "https://unknown.example/idp"})
    assert response.status_code == 400
    assert danish("Log-in with MitID Erhverv refused") in response.content.decode()
