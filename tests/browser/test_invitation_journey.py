"""A coordinator invites two people to Aarhus: one without an account sets a password, one with an account logs in
and accepts. Every page on the way passes axe (the every-page test sees these pages only as the administrator)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.organisations import services
from advisory.organisations.models import Membership
from tests import factories
from tests.browser.conftest import AxeChecker, checked, checked_narrow, login

pytestmark = [pytest.mark.browser]

PASSWORD = "Boligmøde-i-Aarhus-2027"


def link_in_last_mail() -> str:
    return re.search(r"(/organisationer/invitation/[\w-]+/)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]


def test_a_coordinator_invites_and_both_kinds_of_person_join(  # type: ignore[no-untyped-def]
    transactional_db, page: Page, axe: AxeChecker, municipality, coordinator, stranger
) -> None:
    login(page, coordinator.email, factories.PASSWORD)
    page.goto(reverse("organisations:detail", args=[municipality.pk]))
    checked(page, axe)
    page.get_by_role("link", name="Tilføj en person").click()
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Invitér en person til Aarhus")
    page.locator("#id_email").fill("ny.kollega@aarhus.dk")
    page.locator("#id_first_name").fill("Nanna")
    page.select_option("#id_function", "implementation_team")
    page.get_by_role("button", name="Send invitationen").click()
    checked(page, axe)
    expect(page.locator("#invitations")).to_contain_text("ny.kollega@aarhus.dk")
    new_person_link = link_in_last_mail()
    page.get_by_role("button", name="Log ud").click()

    # Without an account: a name and a password, refused once, then in.
    page.goto(new_person_link)
    checked_narrow(page, axe)
    page.locator("#id_last_name").fill("Nielsen")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD + "x")
    page.get_by_role("button", name="Opret kontoen og tag imod").click()
    checked(page, axe)
    expect(page.locator("#id_password2-error")).to_contain_text("De to adgangskoder er ikke ens.")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Opret kontoen og tag imod").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Du er nu en del af Aarhus som implementeringsteam.")
    page.get_by_role("button", name="Log ud").click()
    page.goto(new_person_link)  # used up
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Invitationen kan ikke bruges")

    # With an account: log in as that account, then accept.
    services.membership_invite(by=coordinator, organisation=municipality, email=stranger.email, function="member")
    page.goto(link_in_last_mail())
    checked_narrow(page, axe)
    page.get_by_role("link", name="Log ind").click()
    page.get_by_label("E-mail").fill(stranger.email)
    page.get_by_label("Adgangskode").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    checked_narrow(page, axe)
    page.get_by_role("button", name="Tag imod invitationen").click()
    checked(page, axe)
    assert Membership.objects.filter(organisation=municipality, user=stranger, function="member").exists()
    assert Membership.objects.filter(organisation=municipality, user__email="ny.kollega@aarhus.dk").exists()
