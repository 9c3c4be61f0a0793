"""Issue 12, part 1: a coordinator cannot take over other people's accounts.

Coordinators add people by inviting an e-mail address; the person joins by accepting, logged in as themselves.
The answer never says whether the address has an account, no organisation action changes anybody's role, and
what a person may do follows from their memberships alone.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisory.accounts.models import Role, User
from advisory.core.tokens import token_hash
from advisory.organisations import services
from advisory.organisations.models import InvitationStatus, Membership, MembershipFunction, MembershipInvitation
from tests import factories
from tests.api.test_organisations_api import Api
from tests.helpers import danish, msgid_of

pytestmark = pytest.mark.django_db

INVITATION_KEYS = {
    "id",
    "organisation_id",
    "email",
    "function",
    "first_name",
    "last_name",
    "status",
    "invited_by_id",
    "created_at",
    "expires_at",
}


def memberships(organisation: Any) -> str:
    return f"/api/organisations/{organisation.pk}/memberships"


def invitations(organisation: Any) -> str:
    return f"/api/organisations/{organisation.pk}/invitations"


def token_in(message: Any) -> str:
    return re.search(r"/organisationer/invitation/([\w-]+)/", message.body).group(1)  # type: ignore[union-attr]


@pytest.fixture
def aarhus_member(municipality):  # type: ignore[no-untyped-def]
    return factories.member_of(municipality, function=MembershipFunction.IMPLEMENTATION_TEAM)


@pytest.fixture
def odense_api(stranger):  # type: ignore[no-untyped-def]
    """The Odense coordinator (the stranger of the three-user pattern), as in the issue."""
    return Api(stranger)


@pytest.fixture
def coordinator_api(coordinator):  # type: ignore[no-untyped-def]
    return Api(coordinator)


# --- The repro -------------------------------------------------------------------------------------


def test_the_odense_coordinator_cannot_attach_an_aarhus_member_to_odense(odense_api, other_municipality, aarhus_member):
    response = odense_api.post(
        memberships(other_municipality), {"email": aarhus_member.email, "function": "coordinator"}
    )

    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"detail"}  # a refusal, no person: no id, no name, nothing to look an address up by
    assert aarhus_member.last_name not in body["detail"] and aarhus_member.first_name not in body["detail"]
    assert not Membership.objects.filter(organisation=other_municipality, user=aarhus_member).exists()
    aarhus_member.refresh_from_db()
    assert aarhus_member.role == Role.ORGANISATION_MEMBER


def test_the_aarhus_coordinator_cannot_pull_the_odense_coordinator_into_aarhus(coordinator_api, municipality, stranger):
    response = coordinator_api.post(memberships(municipality), {"email": stranger.email, "function": "member"})

    assert response.status_code == 403
    assert not Membership.objects.filter(organisation=municipality, user=stranger).exists()
    assert Api(stranger).get(f"/api/organisations/{municipality.pk}").status_code == 404


@pytest.mark.parametrize("target", ["aarhus_member", "advisor", "administrator", "taskforce_member"])
@pytest.mark.parametrize("function", ["coordinator", "member"])
def test_inviting_an_existing_account_attaches_nothing_and_changes_no_role(
    request, odense_api, other_municipality, target, function
):
    person = request.getfixturevalue(target)
    role = person.role
    response = odense_api.post(invitations(other_municipality), {"email": person.email, "function": function})

    assert response.status_code == 202
    body = response.json()
    assert set(body) == INVITATION_KEYS
    assert body["status"] == "pending"
    assert not Membership.objects.filter(organisation=other_municipality, user=person).exists()
    person.refresh_from_db()
    assert person.role == role


# --- The same answer and work for an address with and without an account ---------------------------------


def _invite(api: Api, organisation: Any, email: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.post(invitations(organisation), {"email": email, "function": "coordinator"})
    statements = [query["sql"] for query in queries.captured_queries]
    assert not any("accounts_user" in sql and email.lower() in sql.lower() for sql in statements), (
        f"the accounts were searched for {email}"
    )
    # The statements with their values taken out: which tables were read and written, in which order.
    return response, [re.sub(r"'[^']*'|\b\d+(\.\d+)?\b|\bs\d+_x\d+\b", "?", sql) for sql in statements]


def test_the_answer_and_the_work_are_the_same_with_and_without_an_account(
    odense_api, other_municipality, aarhus_member
):
    odense_api.post(invitations(other_municipality), {"email": "warm-up@example.dk", "function": "member"})
    mail.outbox.clear()
    known, known_queries = _invite(odense_api, other_municipality, aarhus_member.email)
    unknown, unknown_queries = _invite(odense_api, other_municipality, "nobody-has-this@example.dk")

    assert known.status_code == unknown.status_code == 202
    ignore = {"id", "email", "created_at", "expires_at"}
    assert {k: v for k, v in known.json().items() if k not in ignore} == {
        k: v for k, v in unknown.json().items() if k not in ignore
    }
    assert known_queries == unknown_queries
    assert not User.objects.filter(email="nobody-has-this@example.dk").exists()  # no account before acceptance
    first, second = mail.outbox
    assert first.subject == second.subject
    assert first.body.replace(token_in(first), "T") == second.body.replace(token_in(second), "T")


# --- Only their own organisation's functions, only their own organisations ---------------------------------


@pytest.mark.parametrize("function", ["administrator", "advisor", "taskforce_member", "organisation_member", ""])
def test_a_coordinator_cannot_invite_with_a_staff_role_or_anything_but_a_function(
    coordinator_api, municipality, function
):
    response = coordinator_api.post(invitations(municipality), {"email": "ny@aarhus.dk", "function": function})
    assert response.status_code == 422
    [message] = response.json()["errors"]["function"]
    assert message == danish(
        "Select a valid choice. %(value)s is not one of the available choices.", value=function
    ) or message == danish("This field is required.")
    assert not MembershipInvitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("stranger", 404), ("taskforce_member", 403), ("aarhus_member", 403), ("advisor", 202), ("administrator", 202)],
)
def test_who_may_invite_to_aarhus(request, municipality, who, status):
    response = Api(request.getfixturevalue(who)).post(
        invitations(municipality), {"email": "x@example.dk", "function": "member"}
    )
    assert response.status_code == status
    assert MembershipInvitation.objects.exists() == (status == 202)


def test_the_service_refuses_a_function_outside_the_organisations_own(coordinator, municipality):
    with pytest.raises(services.ValidationError):
        services.membership_invite(by=coordinator, organisation=municipality, email="x@example.dk", function="advisor")


# --- A coordinator never touches a staff account ----------------------------------------------------------


@pytest.mark.parametrize("staff", ["advisor", "administrator", "taskforce_member"])
def test_a_coordinator_cannot_remove_a_staff_account_from_their_organisation(
    request, coordinator_api, municipality, staff
):
    person = request.getfixturevalue(staff)
    membership = factories.MembershipFactory(organisation=municipality, user=person)
    response = coordinator_api.client.delete(f"{memberships(municipality)}/{membership.pk}")
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_removes_an_organisation_member(coordinator_api, municipality, aarhus_member):
    membership = Membership.objects.get(user=aarhus_member)
    assert coordinator_api.client.delete(f"{memberships(municipality)}/{membership.pk}").status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_advisor_cannot_attach_an_administrator_and_never_changes_a_role(
    advisor, municipality, administrator, stranger
):
    api = Api(advisor)
    response = api.post(memberships(municipality), {"email": administrator.email, "function": "coordinator"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=administrator).exists()
    response = api.post(memberships(municipality), {"email": stranger.email, "function": "member"})
    assert response.status_code == 201
    stranger.refresh_from_db()
    assert stranger.role == Role.COORDINATOR  # as the factory made it: untouched


def test_adding_an_existing_member_as_coordinator_does_not_raise_their_role(advisor, other_municipality, aarhus_member):
    response = Api(advisor).post(
        memberships(other_municipality), {"email": aarhus_member.email, "function": "coordinator"}
    )
    assert response.status_code == 201
    aarhus_member.refresh_from_db()
    assert aarhus_member.role == Role.ORGANISATION_MEMBER


# --- Power follows the membership ------------------------------------------------------------------------


def test_removing_the_coordinator_membership_removes_the_power_at_once(advisor, municipality, aarhus_member):
    coordinator_api = Api(aarhus_member)
    assert coordinator_api.post(invitations(municipality), {"email": "a@x.dk", "function": "member"}).status_code == 403
    added = Api(advisor).post(memberships(municipality), {"email": aarhus_member.email, "function": "coordinator"})
    assert added.status_code == 201
    assert coordinator_api.post(invitations(municipality), {"email": "a@x.dk", "function": "member"}).status_code == 202
    assert coordinator_api.get(invitations(municipality)).status_code == 200

    Api(advisor).client.delete(f"{memberships(municipality)}/{added.json()['id']}")
    assert coordinator_api.post(invitations(municipality), {"email": "b@x.dk", "function": "member"}).status_code == 403
    assert coordinator_api.get(invitations(municipality)).status_code == 403
    Membership.objects.filter(user=aarhus_member).delete()  # and without any membership, the organisation is gone
    assert coordinator_api.get(f"/api/organisations/{municipality.pk}").status_code == 404
    assert coordinator_api.post(invitations(municipality), {"email": "b@x.dk", "function": "member"}).status_code == 404
    aarhus_member.refresh_from_db()
    assert aarhus_member.role == Role.ORGANISATION_MEMBER


# --- Listing, revoking, accepting -------------------------------------------------------------------------


def test_a_coordinator_lists_and_revokes_their_organisations_pending_invitations(
    coordinator_api, odense_api, municipality, other_municipality
):
    created = coordinator_api.post(invitations(municipality), {"email": "ny@aarhus.dk", "function": "member"}).json()
    odense_api.post(invitations(other_municipality), {"email": "ny@odense.dk", "function": "member"})

    listed = coordinator_api.get(invitations(municipality)).json()
    assert [item["email"] for item in listed] == ["ny@aarhus.dk"]
    assert listed[0] == created
    assert odense_api.get(invitations(municipality)).status_code == 404
    assert odense_api.client.delete(f"{invitations(municipality)}/{created['id']}").status_code == 404

    assert coordinator_api.client.delete(f"{invitations(municipality)}/{created['id']}").status_code == 204
    assert MembershipInvitation.objects.get(pk=created["id"]).status == InvitationStatus.REVOKED
    assert coordinator_api.get(invitations(municipality)).json() == []
    again = coordinator_api.client.delete(f"{invitations(municipality)}/{created['id']}")
    assert again.status_code == 400
    assert again.json()["errors"] == {"__all__": [danish(msgid_of(services.INVITATION_NOT_PENDING))]}


def test_inviting_the_same_address_again_replaces_the_link(coordinator_api, municipality):
    coordinator_api.post(invitations(municipality), {"email": "ny@aarhus.dk", "function": "member"})
    coordinator_api.post(invitations(municipality), {"email": "NY@aarhus.dk", "function": "member"})
    statuses = sorted(i.status for i in MembershipInvitation.objects.all())
    assert statuses == [InvitationStatus.PENDING, InvitationStatus.REVOKED]
    assert len(mail.outbox) == 2


def test_pending_invitations_are_limited_per_organisation(coordinator_api, coordinator, municipality, monkeypatch):
    monkeypatch.setattr(services, "PENDING_INVITATIONS_LIMIT", 2)
    for n in range(2):
        assert (
            coordinator_api.post(invitations(municipality), {"email": f"{n}@x.dk", "function": "member"}).status_code
            == 202
        )
    response = coordinator_api.post(invitations(municipality), {"email": "3@x.dk", "function": "member"})
    assert response.status_code == 400
    expected = danish(msgid_of(services.TOO_MANY_PENDING), organisation="Aarhus", limit=2)
    assert response.json()["errors"] == {"__all__": [expected]}
    assert MembershipInvitation.objects.count() == 2


def test_invitations_a_day_are_limited_per_organisation_also_when_revoked(coordinator_api, municipality, monkeypatch):
    monkeypatch.setattr(services, "INVITATIONS_PER_DAY_LIMIT", 3)
    for _ in range(3):  # the same address again and again: each replaces the last, each is a mail
        assert (
            coordinator_api.post(invitations(municipality), {"email": "x@x.dk", "function": "member"}).status_code
            == 202
        )
    response = coordinator_api.post(invitations(municipality), {"email": "x@x.dk", "function": "member"})
    assert response.status_code == 400
    expected = danish(msgid_of(services.TOO_MANY_TODAY), organisation="Aarhus", limit=3)
    assert response.json()["errors"] == {"__all__": [expected]}
    assert len(mail.outbox) == 3
    assert MembershipInvitation.objects.pending().count() == 1  # the refusal revoked nothing


def test_the_invitee_accepts_through_the_api_and_nobody_else_can(coordinator_api, municipality, stranger):
    coordinator_api.post(invitations(municipality), {"email": stranger.email, "function": "leadership_group"})
    token = token_in(mail.outbox[-1])

    assert Api(factories.UserFactory()).post("/api/invitations/accept", {"token": token}).status_code == 403
    assert Api(stranger).post("/api/invitations/accept", {"token": "x" * 43}).status_code == 404
    assert Api(stranger).post("/api/invitations/accept", {"token": "x" * 101}).status_code == 422
    response = Api(stranger).post("/api/invitations/accept", {"token": token})
    assert response.status_code == 201
    assert response.json()["function"] == "leadership_group"
    assert Membership.objects.filter(organisation=municipality, user=stranger, function="leadership_group").exists()
    stranger.refresh_from_db()
    assert stranger.role == Role.COORDINATOR  # as the factory made it; never changed by joining
    assert Api(stranger).post("/api/invitations/accept", {"token": token}).status_code == 400


def test_a_staff_account_cannot_accept_an_invitation(coordinator_api, municipality, advisor):
    coordinator_api.post(invitations(municipality), {"email": advisor.email, "function": "coordinator"})
    response = Api(advisor).post("/api/invitations/accept", {"token": token_in(mail.outbox[-1])})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=advisor).exists()


# --- Audit log ---------------------------------------------------------------------------------------------


def test_inviting_revoking_and_accepting_are_audited_without_the_token(
    coordinator_api, coordinator, municipality, stranger
):
    created = coordinator_api.post(invitations(municipality), {"email": stranger.email, "function": "member"}).json()
    token = token_in(mail.outbox[-1])
    invitation = MembershipInvitation.objects.get(pk=created["id"])
    entry = LogEntry.objects.get_for_object(invitation).get(action=LogEntry.Action.CREATE)
    assert entry.actor == coordinator
    assert entry.changes_dict["email"] == ["None", stranger.email]
    assert "token_hash" not in entry.changes_dict

    Api(stranger).post("/api/invitations/accept", {"token": token})
    accepted = LogEntry.objects.get_for_object(invitation).filter(action=LogEntry.Action.UPDATE).get()
    assert accepted.actor == stranger
    assert "accepted_at" in accepted.changes_dict
    membership = Membership.objects.get(organisation=municipality, user=stranger)
    assert LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.CREATE).actor == stranger
    logged = json.dumps([entry.changes for entry in LogEntry.objects.all()])
    assert token not in logged
    assert invitation.token_hash not in logged

    other = coordinator_api.post(invitations(municipality), {"email": "ny@aarhus.dk", "function": "member"}).json()
    coordinator_api.client.delete(f"{invitations(municipality)}/{other['id']}")
    revoked = LogEntry.objects.get_for_object(MembershipInvitation.objects.get(pk=other["id"]))
    assert revoked.get(action=LogEntry.Action.UPDATE).actor == coordinator


def test_only_a_hash_of_the_token_is_stored(coordinator, municipality):
    invitation, raw = services.membership_invite(
        by=coordinator, organisation=municipality, email="ny@aarhus.dk", function="member"
    )
    assert raw not in invitation.token_hash
    assert invitation.token_hash == token_hash(raw)
    assert services.invitation_for_token(raw) == invitation
