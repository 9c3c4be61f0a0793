"""MitID Erhverv in Chromium: a coordinator linked to Aarhus logs in through the local test IdP (pysaml2, its
own keys made for the test) and out again by single logout; an unknown person gets the Danish refusal page.
Every page of ours is checked with axe, under the strict CSP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from advisory.saml.models import SamlIdentity
from advisory.saml.tests.idp import IdPServer, configure_platform, oiosaml_attributes
from tests.browser.conftest import AxeChecker, settled
from tests.browser.test_security_journeys import collect_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AARHUS_CVR = "55133018"


def test_a_coordinator_logs_in_with_mitid_erhverv_and_out_again(  # type: ignore[no-untyped-def]
    page: Page, axe: AxeChecker, live_server, settings, tmp_path, municipality, coordinator
):
    municipality.cvr = AARHUS_CVR
    municipality.save()
    people = {
        "Thomas": oiosaml_attributes(
            email=coordinator.email, cvr=AARHUS_CVR, persistent_uuid="urn:uuid:7f0e6a52-1d7b-4f59-9c3e-2b0c4f1a9d11"
        ),
        "Ukendt": oiosaml_attributes(
            email="ukendt@aarhus.dk", cvr=AARHUS_CVR, persistent_uuid="urn:uuid:0c9b1e7d-5a3f-4e28-8b6d-9f1a2c3e4d5b"
        ),
    }
    server = IdPServer(people)
    server.idp = configure_platform(tmp_path / "saml", live_server.url, settings, idp_base_url=server.url)
    violations = collect_csp_violations(page)
    with server:
        page.goto("/accounts/login/")
        axe(page)
        page.get_by_role("link", name="Log ind med MitID Erhverv").click()
        expect(page.get_by_role("heading", name="Test-IdP (MitID Erhverv)")).to_be_visible()
        page.get_by_role("button", name="Log ind som Thomas").click()
        page.get_by_role("button", name="Fortsæt").click()
        settled(page)
        expect(page).to_have_url(re.compile(r"://[^/]+/$"))  # the start page
        expect(page.get_by_role("button", name="Log ud").first).to_be_attached()
        axe(page)
        assert SamlIdentity.objects.get().user == coordinator

        # Log ud: the session ends here, the IdP is asked to end its own (a page that moves on by itself: a form's
        # redirects must stay on our site), and its answer brings the browser back to the log-in page.
        page.get_by_role("button", name="Log ud").click()
        settled(page)
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))
        page.goto("/konto/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))

        # Someone the platform does not know gets the Danish page and no account.
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Log ind med MitID Erhverv").click()
        page.get_by_role("button", name="Log ind som Ukendt").click()
        page.get_by_role("button", name="Fortsæt").click()
        settled(page)
        expect(page.get_by_role("heading", name="Log-in med MitID Erhverv blev afvist")).to_be_visible()
        expect(page.get_by_text("Bed din organisations tovholder om at invitere dig")).to_be_visible()
        axe(page)
        page.goto("/konto/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert violations == []
