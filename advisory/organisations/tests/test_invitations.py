"""Invitations in the browser (issue 12, part 1): a coordinator invites an address; the person accepts with a new
account or logged in as themselves; the wrong account, a staff account and a dead link change nothing."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisory.accounts.models import Role, User
from advisory.organisations import services, views
from advisory.organisations.forms import PASSWORDS_DIFFER
from advisory.organisations.models import InvitationStatus, Membership, MembershipFunction, MembershipInvitation
from tests import factories
from tests.helpers import danish, msgid_of, parse_html

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Boligmøde-i-Aarhus-2027"


def add_url(organisation: Any) -> str:
    return reverse("organisations:membership_add", args=[organisation.pk])


def link(token: str) -> str:
    return reverse("organisations:invitation", args=[token])


def invite(coordinator: Any, organisation: Any, email: str, function: str = MembershipFunction.MEMBER) -> str:
    _invitation, token = services.membership_invite(
        by=coordinator, organisation=organisation, email=email, function=function, first_name="Nanna"
    )
    return token


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def main_text(response: Any) -> str:
    return parse_html(response.content).select_one("main").text


# --- Inviting ----------------------------------------------------------------------------------------------


def test_the_coordinators_page_says_the_same_for_an_address_with_and_without_an_account(
    coordinator_client, municipality, stranger
):
    pages = []
    for email in (stranger.email, "ingen.konto@odense.dk"):
        response = coordinator_client.post(add_url(municipality), {"email": email, "function": "member"}, follow=True)
        assert response.status_code == 200
        status = parse_html(response.content).select_one("div", class_="messages")
        pages.append(status.text.replace(email, "ADDRESS"))
    assert pages[0] == pages[1]
    expected = danish(
        "An invitation has been sent to %(email)s. The person joins %(organisation)s when they accept it.",
        email="ADDRESS",
        organisation="Aarhus",
    )
    assert expected in pages[0]
    assert not Membership.objects.filter(organisation=municipality, user=stranger).exists()
    assert not User.objects.filter(email="ingen.konto@odense.dk").exists()
    assert [message.to for message in mail.outbox] == [[stranger.email], ["ingen.konto@odense.dk"]]


def test_the_coordinators_form_says_it_sends_an_invitation(coordinator_client, municipality):
    doc = parse_html(coordinator_client.get(add_url(municipality)).content)
    assert doc.select_one("h1").text == danish("Invite a person to %(name)s", name="Aarhus")
    assert danish("Send the invitation") in doc.select_one("main").text
    options = [o.get("value") for o in doc.by_id("id_function").find_all("option")]
    assert options == [choice for choice, _label in MembershipFunction.choices]


def test_the_mail_is_danish_and_holds_the_link(coordinator, municipality):
    token = invite(coordinator, municipality, "ny@aarhus.dk", MembershipFunction.STEERING_GROUP)
    [message] = mail.outbox
    assert message.to == ["ny@aarhus.dk"]
    assert message.subject == danish("Invitation to %(organisation)s", organisation="Aarhus")
    assert link(token) in message.body
    assert "styregruppe" in message.body.lower()
    assert link(token) in message.alternatives[0][0]


def test_the_organisation_page_lists_pending_invitations_to_those_who_manage_people(
    coordinator_client, advisor_client, coordinator, municipality
):
    invite(coordinator, municipality, "ny@aarhus.dk")
    for client in (coordinator_client, advisor_client):
        table = parse_html(client.get(reverse("organisations:detail", args=[municipality.pk])).content).by_id(
            "invitations"
        )
        assert table is not None and "ny@aarhus.dk" in table.text
    member = client_for(factories.member_of(municipality))
    page = member.get(reverse("organisations:detail", args=[municipality.pk])).content.decode()
    assert "ny@aarhus.dk" not in page


def test_a_coordinator_revokes_an_invitation_and_its_link_stops_working(coordinator_client, coordinator, municipality):
    token = invite(coordinator, municipality, "ny@aarhus.dk")
    invitation = MembershipInvitation.objects.get()
    url = reverse("organisations:invitation_revoke", args=[municipality.pk, invitation.pk])
    response = coordinator_client.post(url, follow=True)
    assert danish("The invitation to %(email)s has been revoked.", email="ny@aarhus.dk") in main_text(response)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    response = Client().get(link(token))
    assert response.status_code == 410
    assert danish(msgid_of(services.INVITATION_UNAVAILABLE[InvitationStatus.REVOKED])) in main_text(response)


def test_another_coordinator_cannot_revoke(stranger_client, coordinator, municipality):
    invite(coordinator, municipality, "ny@aarhus.dk")
    invitation = MembershipInvitation.objects.get()
    url = reverse("organisations:invitation_revoke", args=[municipality.pk, invitation.pk])
    assert stranger_client.post(url).status_code == 404
    assert MembershipInvitation.objects.get().is_pending


# --- Accepting without an account -------------------------------------------------------------------------


def test_a_new_person_sets_a_password_and_joins_logged_in(coordinator, municipality):
    token = invite(coordinator, municipality, "ny@aarhus.dk", MembershipFunction.COORDINATOR)
    client = Client()
    doc = parse_html(client.get(link(token)).content)
    assert doc.by_id("id_first_name").get("value") == "Nanna"
    assert doc.by_id("id_password1") is not None

    response = client.post(
        link(token),
        {"first_name": "Nanna", "last_name": "Nielsen", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=[municipality.pk])
    user = User.objects.get(email="ny@aarhus.dk")
    assert user.role == Role.ORGANISATION_MEMBER  # the power is the membership, not a role
    assert not user.is_agency_staff and not user.is_staff and not user.is_superuser
    assert user.check_password(GOOD_PASSWORD)
    assert (user.first_name, user.last_name) == ("Nanna", "Nielsen")
    assert Membership.objects.filter(organisation=municipality, user=user, function="coordinator").exists()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert MembershipInvitation.objects.get().accepted_by == user
    page = client.get(response["Location"])
    assert danish(
        "You are now part of %(organisation)s as %(function)s.", organisation="Aarhus", function="tovholder"
    ) in (main_text(page))
    # The new coordinator manages the people of Aarhus at once: through the membership.
    assert client.get(add_url(municipality)).status_code == 200
    # The link is used up.
    again = Client().get(link(token))
    assert again.status_code == 410
    assert danish(msgid_of(services.INVITATION_UNAVAILABLE[InvitationStatus.ACCEPTED])) in main_text(again)


@pytest.mark.parametrize(
    ("password1", "password2", "field", "message"),
    [
        ("kort", "kort", "password1", None),
        ("1234567890123", "1234567890123", "password1", None),
        (GOOD_PASSWORD, GOOD_PASSWORD + "x", "password2", PASSWORDS_DIFFER),
        ("ny@aarhus.dk1", "ny@aarhus.dk1", "password1", None),
        ("x" * 5000, "x" * 5000, "password1", None),
    ],
    ids=["too short", "only digits", "different", "like the address", "far too long"],
)
def test_a_weak_or_mistyped_password_is_refused_in_danish(
    coordinator, municipality, password1, password2, field, message
):
    token = invite(coordinator, municipality, "ny@aarhus.dk")
    data = {"first_name": "Nanna", "last_name": "Nielsen", "password1": password1, "password2": password2}
    response = Client().post(link(token), data)
    assert response.status_code == 200
    error = parse_html(response.content).by_id(f"id_{field}-error")
    assert error is not None
    if message is not None:
        assert danish(msgid_of(message)) in error.text
    assert re.search(r"[æøå]|adgangskode", error.text.lower())
    assert not User.objects.filter(email="ny@aarhus.dk").exists()
    assert MembershipInvitation.objects.get().is_pending


@pytest.mark.parametrize(
    ("field", "value"), [("first_name", "Nanna 010190-1234"), ("last_name", ""), ("first_name", "N" * 151)]
)
def test_a_bad_name_is_refused_in_danish_keeping_what_was_typed(coordinator, municipality, field, value):
    token = invite(coordinator, municipality, "ny@aarhus.dk")
    data = {"first_name": "Nanna", "last_name": "Nielsen", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    response = Client().post(link(token), {**data, field: value})
    assert response.status_code == 200
    doc = parse_html(response.content)
    assert doc.by_id(f"id_{field}-error") is not None
    assert (doc.by_id(f"id_{field}").get("value") or "") == value
    assert not User.objects.filter(email="ny@aarhus.dk").exists()


def test_a_logged_in_person_cannot_take_a_new_addresss_invitation(coordinator, municipality, stranger_client):
    token = invite(coordinator, municipality, "ny@aarhus.dk")
    response = stranger_client.get(link(token))
    assert response.status_code == 200
    assert danish(msgid_of(views.NEW_ADDRESS_WHILE_LOGGED_IN), email="ny@aarhus.dk") in main_text(response)
    data = {"first_name": "X", "last_name": "Y", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    assert stranger_client.post(link(token), data).status_code == 403
    assert not User.objects.filter(email="ny@aarhus.dk").exists()
    assert MembershipInvitation.objects.get().is_pending


# --- Accepting with an existing account -------------------------------------------------------------------


def test_an_existing_account_is_asked_to_log_in_and_then_accepts(coordinator, municipality, stranger):
    token = invite(coordinator, municipality, stranger.email, MembershipFunction.LEADERSHIP_GROUP)
    response = Client().get(link(token))
    assert response.status_code == 200
    assert danish("Log in as %(email)s to accept the invitation.", email=stranger.email) in main_text(response)
    assert f"{reverse('account_login')}?next=" in response.content.decode()
    assert Client().post(link(token)).status_code == 302  # to the log-in page, nothing attached
    assert not Membership.objects.filter(organisation=municipality, user=stranger).exists()

    client = client_for(stranger)
    page = parse_html(client.get(link(token)).content)
    assert danish("Accept the invitation") in page.select_one("main").text
    response = client.post(link(token))
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=municipality, user=stranger, function="leadership_group").exists()
    stranger.refresh_from_db()
    assert stranger.role == Role.COORDINATOR  # as the factory made it; joining changes no role
    assert client.get(reverse("organisations:detail", args=[municipality.pk])).status_code == 200


def test_the_wrong_account_is_told_why_and_nothing_is_attached(coordinator, municipality, stranger):
    token = invite(coordinator, municipality, stranger.email)
    intruder = client_for(factories.member_of(municipality))
    response = intruder.get(link(token))
    assert response.status_code == 200
    text = main_text(response)
    assert danish(msgid_of(services.WRONG_ACCOUNT)) in text
    assert danish("Nothing has been changed.") in text
    assert intruder.post(link(token)).status_code == 403
    assert not Membership.objects.filter(user=stranger, organisation=municipality).exists()
    assert MembershipInvitation.objects.get().is_pending


def test_a_staff_account_cannot_be_pulled_in_even_by_accepting(coordinator, municipality, advisor, advisor_client):
    token = invite(coordinator, municipality, advisor.email, MembershipFunction.COORDINATOR)
    response = advisor_client.get(link(token))
    assert response.status_code == 200
    assert danish(msgid_of(services.STAFF_ACCOUNT)) in main_text(response)
    assert advisor_client.post(link(token)).status_code == 403
    assert not Membership.objects.filter(user=advisor).exists()
    advisor.refresh_from_db()
    assert advisor.role == Role.ADVISOR


# --- Dead links ---------------------------------------------------------------------------------------------


def test_an_expired_link_is_refused_in_danish(coordinator, municipality, stranger):
    token = invite(coordinator, municipality, stranger.email)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        for client in (Client(), client_for(stranger)):
            response = client.get(link(token))
            assert response.status_code == 410
            assert danish(msgid_of(services.INVITATION_UNAVAILABLE[InvitationStatus.EXPIRED])) in main_text(response)
        assert client_for(stranger).post(link(token)).status_code == 410
    assert not Membership.objects.filter(user=stranger, organisation=municipality).exists()


@pytest.mark.parametrize("token", ["ukendt", "x" * 43, "x" * 5000])
def test_an_unknown_link_is_not_found_in_danish(client, token):
    response = client.get(link(token))
    assert response.status_code == 404
    assert danish(msgid_of(views.INVITATION_LINK_INVALID)) in main_text(response)


# --- Power follows the membership ------------------------------------------------------------------------


def test_a_coordinator_who_is_removed_loses_the_organisation_at_once(advisor_client, coordinator, municipality):
    client = client_for(coordinator)
    assert client.get(add_url(municipality)).status_code == 200
    membership = Membership.objects.get(user=coordinator, organisation=municipality)
    advisor_client.post(reverse("organisations:membership_remove", args=[municipality.pk, membership.pk]))
    assert client.get(add_url(municipality)).status_code == 404
    assert client.get(reverse("organisations:detail", args=[municipality.pk])).status_code == 404
    assert client.post(add_url(municipality), {"email": "ny@aarhus.dk", "function": "member"}).status_code == 404
    assert not MembershipInvitation.objects.exists()


def test_a_coordinator_cannot_remove_an_advisors_membership_through_the_page(coordinator_client, municipality, advisor):
    membership = factories.MembershipFactory(organisation=municipality, user=advisor)
    url = reverse("organisations:membership_remove", args=[municipality.pk, membership.pk])
    assert coordinator_client.post(url).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- Retention --------------------------------------------------------------------------------------------


def test_closed_invitations_are_deleted_after_the_retention_period(settings, coordinator, municipality, stranger):
    from io import StringIO

    from django.core.management import call_command

    settings.RETENTION = {**settings.RETENTION, "membership_invitations_closed": 90}
    start = timezone.now()
    with time_machine.travel(start - datetime.timedelta(days=120), tick=False):
        old_token = invite(coordinator, municipality, stranger.email)
        services.invitation_accept(invitation=services.invitation_for_token(old_token), user=stranger)
        invite(coordinator, municipality, "udloebet@aarhus.dk")
        revoked, _token = services.membership_invite(
            by=coordinator, organisation=municipality, email="tilbagekaldt@aarhus.dk", function="member"
        )
        services.invitation_revoke(by=coordinator, invitation=revoked)
    with time_machine.travel(start - datetime.timedelta(days=20), tick=False):
        invite(coordinator, municipality, "udloebet-for-nylig@aarhus.dk")  # expired 6 days ago: kept
    invite(coordinator, municipality, "venter@aarhus.dk")

    call_command("apply_retention", "--apply", "--kind", "membership_invitations_closed", stdout=StringIO())

    assert sorted(MembershipInvitation.objects.values_list("email", flat=True)) == [
        "udloebet-for-nylig@aarhus.dk",
        "venter@aarhus.dk",
    ]
    assert Membership.objects.filter(user=stranger, organisation=municipality).exists()


def test_administrators_read_invitations_in_the_admin_without_the_token_hash(admin_client_, coordinator, municipality):
    invite(coordinator, municipality, "ny@aarhus.dk")
    invitation = MembershipInvitation.objects.get()
    listing = admin_client_.get(reverse("admin:organisations_membershipinvitation_changelist"))
    assert listing.status_code == 200
    assert "ny@aarhus.dk" in listing.content.decode()
    page = admin_client_.get(reverse("admin:organisations_membershipinvitation_change", args=[invitation.pk]))
    assert page.status_code == 200
    assert invitation.token_hash not in page.content.decode()
