"""Writes for organisations, memberships and invitations to organisations."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import Role, User
from advisory.core.access import Action, can, require
from advisory.core.mail import mail_once
from advisory.core.tokens import new_token, token_hash
from advisory.organisations.models import (
    INVITATION_VALIDITY,
    InvitationStatus,
    Membership,
    MembershipFunction,
    MembershipInvitation,
    Organisation,
    OrganisationKind,
    Region,
    RegionMembership,
)

# Messages the tests import.
TOO_MANY_PENDING = _(
    "%(organisation)s has %(limit)s invitations waiting for an answer. Revoke some of them before inviting more."
)
INVITATION_NOT_PENDING = _("Only an invitation that is waiting for an answer can be revoked.")
INVITATION_UNAVAILABLE = {
    InvitationStatus.ACCEPTED: _("This invitation has already been accepted."),
    InvitationStatus.REVOKED: _("This invitation has been revoked."),
    InvitationStatus.EXPIRED: _("This invitation has expired. Ask the person who invited you for a new one."),
}
WRONG_ACCOUNT = _(
    "This invitation was sent to another e-mail address than the one you are logged in with. "
    "Log out and log in as the person it was sent to."
)
STAFF_ACCOUNT = _(
    "Your account belongs to the advisory function's staff. Staff accounts are not added to organisations "
    "through invitations."
)
ACCOUNT_EXISTS = _("The address already has an account. Log in with it to accept the invitation.")

PENDING_INVITATIONS_LIMIT = 100  # per organisation: enough for every team, not a way to mail the world
INVITATIONS_PER_DAY_LIMIT = 200  # per organisation, revoked ones included: re-inviting cannot flood an address
TOO_MANY_TODAY = _(
    "%(organisation)s has sent %(limit)s invitations in the last 24 hours. Wait a while before inviting more."
)
TOKEN_MAX_LENGTH = 100  # a token is 43 characters; anything much longer is not one and is not hashed

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[2] / "data" / "municipalities.csv"


@dataclass(frozen=True)
class ReferenceLoadResult:
    municipalities: int
    regions: int
    memberships: int


@transaction.atomic
def reference_data_load(*, path: Path = MUNICIPALITIES_CSV) -> ReferenceLoadResult:
    """Load municipalities and regions from the CSV; running it again updates, never duplicates."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    regions: dict[str, Region] = {}
    municipalities: dict[str, Organisation] = {}
    memberships = 0
    for row in rows:
        region_code = row["region_code"].strip()
        if region_code not in regions:
            regions[region_code], _ = Region.objects.update_or_create(
                code=region_code, defaults={"name": row["region_name"].strip()}
            )
        code = row["municipality_code"].strip().zfill(4)
        if code not in municipalities:
            municipalities[code], _ = Organisation.objects.update_or_create(
                municipality_code=code,
                defaults={"kind": OrganisationKind.MUNICIPALITY, "name": row["municipality_name"].strip()},
            )
        valid_to = row["valid_to"].strip()
        RegionMembership.objects.update_or_create(
            municipality=municipalities[code],
            valid_from=datetime.date.fromisoformat(row["valid_from"].strip()),
            defaults={
                "region": regions[region_code],
                "valid_to": datetime.date.fromisoformat(valid_to) if valid_to else None,
                "source": "Danmarks Statistik, Klassifikation af regioner og kommuner",
            },
        )
        memberships += 1
    return ReferenceLoadResult(municipalities=len(municipalities), regions=len(regions), memberships=memberships)


DUPLICATE_SHELTER_NAME = _("A shelter with this name already exists in the municipality.")


def check_shelter_name(*, name: str, municipality: Organisation | None, shelter: Organisation | None = None) -> None:
    """ValidationError on "name" if the municipality has another shelter of that name.

    The database constraint compares names exactly; "Herberget" and "herberget" in one municipality are the same
    shelter to the people using it, so the names are compared without case. ``ShelterForm`` asks too, so that
    the page shows this message on the name field rather than the constraint's form-wide one.
    """
    if not name or municipality is None:
        return
    duplicates = Organisation.objects.shelters().filter(municipality=municipality, name__iexact=name)
    if shelter is not None and shelter.pk:
        duplicates = duplicates.exclude(pk=shelter.pk)
    if duplicates.exists():
        raise ValidationError({"name": DUPLICATE_SHELTER_NAME}, code="duplicate_name")


@transaction.atomic
def shelter_create(
    *,
    by: Any,
    name: str,
    municipality: Organisation,
    tilbudsportalen_id: str = "",
    cvr: str = "",
    address: str = "",
) -> Organisation:
    require(by, Action.CREATE, Organisation)
    check_shelter_name(name=name, municipality=municipality)
    shelter = Organisation(
        kind=OrganisationKind.SHELTER,
        name=name,
        municipality=municipality,
        tilbudsportalen_id=tilbudsportalen_id,
        cvr=cvr,
        address=address,
    )
    shelter.full_clean()
    shelter.save()
    return shelter


@transaction.atomic
def organisation_update(*, by: Any, organisation: Organisation, **fields: Any) -> Organisation:
    require(by, Action.CHANGE, organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    if organisation.is_shelter:
        check_shelter_name(name=organisation.name, municipality=organisation.municipality, shelter=organisation)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_add(
    *,
    by: Any,
    organisation: Organisation,
    email: str,
    function: str,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Attach a person to an organisation at once (advisors and administrators): the account is created
    without a password if the address has none.

    Attaching an account is acting on that account: ``by`` needs the right to create it, or to change it
    (advisors never change administrators; coordinators change nobody but themselves and invite instead,
    see ``membership_invite``). The person's role is never changed: a membership is the only power it gives.
    """
    require(by, Action.CREATE, Membership(organisation=organisation))
    _check_function(function)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        require(by, Action.CREATE, User)
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, role=Role.ORGANISATION_MEMBER
        )
    else:
        require(by, Action.CHANGE, user)
    membership, _created = Membership.objects.get_or_create(organisation=organisation, user=user, function=function)
    return membership


def may_add_directly(by: Any) -> bool:
    """Whether the person attaches people directly (creating their accounts) rather than inviting them."""
    return can(by, Action.CREATE, User)


@transaction.atomic
def membership_remove(*, by: Any, membership: Membership) -> None:
    require(by, Action.DELETE, membership)
    membership.delete()


def _check_function(function: str) -> None:
    if function not in MembershipFunction.values:
        raise ValidationError({"function": _("Choose a function of the organisation.")}, code="invalid_function")


# --- Submissions for an organisation (registrations, expressions of interest, taskforce requests) ---------


NOT_OWN_ORGANISATION = _("You can only submit on behalf of your own organisation.")


def check_submits_for(organisation: Organisation, submitted_by: Any) -> None:
    """An organisation person submits only for an organisation they belong to (ValidationError "not_own");
    anonymous visitors and agency staff submit for any."""
    user = submitted_by if getattr(submitted_by, "is_authenticated", False) else None
    if (
        user is not None
        and user.is_organisation_person
        and not user.memberships.filter(organisation=organisation).exists()
    ):
        raise ValidationError(NOT_OWN_ORGANISATION, code="not_own")


# --- Invitations ------------------------------------------------------------------------------------------


@transaction.atomic
def membership_invite(
    *,
    by: Any,
    organisation: Organisation,
    email: str,
    function: str,
    first_name: str = "",
    last_name: str = "",
    now: datetime.datetime | None = None,
) -> tuple[MembershipInvitation, str]:
    """Invite an e-mail address to the organisation in a function and mail it the link (through the outbox).

    Whether the address has an account is not looked up here: the work, the answer and the mail are the same
    either way, so the person inviting learns nothing about other people's accounts. The membership is made
    when the person accepts, logged in as themselves or by setting a password (``invitation_accept*``).
    Inviting the same address in the same function again replaces the earlier link. Returns the invitation
    and the link's token (only its hash is stored).
    """
    require(by, Action.CREATE, MembershipInvitation(organisation=organisation))
    _check_function(function)
    now = now or timezone.now()
    email = email.strip().lower()
    sent_today = MembershipInvitation.objects.filter(
        organisation=organisation, created_at__gt=now - datetime.timedelta(days=1)
    ).count()
    if sent_today >= INVITATIONS_PER_DAY_LIMIT:
        raise ValidationError(
            TOO_MANY_TODAY % {"organisation": organisation.name, "limit": INVITATIONS_PER_DAY_LIMIT},
            code="too_many_today",
        )
    pending = MembershipInvitation.objects.filter(organisation=organisation).pending(now)
    earlier = pending.filter(email=email, function=function)
    if pending.exclude(pk__in=earlier.values("pk")).count() >= PENDING_INVITATIONS_LIMIT:
        raise ValidationError(
            TOO_MANY_PENDING % {"organisation": organisation.name, "limit": PENDING_INVITATIONS_LIMIT},
            code="too_many_pending",
        )
    for replaced in earlier:  # the new link replaces the earlier one (saved one by one: each is audited)
        replaced.revoked_at = now
        replaced.save(update_fields=["revoked_at"])
    raw, hashed = new_token()
    invitation = MembershipInvitation.objects.create(
        organisation=organisation,
        email=email,
        function=function,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        token_hash=hashed,
        invited_by=by,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    _invitation_mail(invitation, raw)
    return invitation, raw


def invite_named_coordinator(
    *, by: Any, organisation: Organisation, email: str, name: str, now: datetime.datetime | None = None
) -> MembershipInvitation | None:
    """The coordinator named on a registration, an expression of interest or a taskforce request becomes one of
    the organisation's people when the group forms or the programme starts: an invitation (to log in, or to set a
    name and password) in the function of coordinator. Nothing when the address is already one of the
    organisation's people or has an invitation waiting, or when the organisation's invitation limits are reached
    (the advisor can invite by hand later); returns the invitation made, if any."""
    email = email.strip().lower()
    now = now or timezone.now()
    if not email or Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        return None
    if MembershipInvitation.objects.filter(organisation=organisation, email=email).pending(now).exists():
        return None
    first_name, _space, last_name = " ".join(name.split()).partition(" ")
    try:
        with transaction.atomic():
            invitation, _raw = membership_invite(
                by=by,
                organisation=organisation,
                email=email,
                function=MembershipFunction.COORDINATOR,
                first_name=first_name[:150],
                last_name=last_name[:150],
                now=now,
            )
    except ValidationError:  # too many invitations today or waiting
        return None
    return invitation


def _invitation_mail(invitation: MembershipInvitation, raw: str) -> None:
    # The outbox row is written in the invitation's transaction and sent once (advisory/notifications/outbox.py).
    with translation.override("da"):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "function": invitation.get_function_display().lower(),
            "invited_by": invitation.invited_by,
            "url": settings.SITE_URL.rstrip("/") + reverse("organisations:invitation", args=[raw]),
            "expires_at": timezone.localtime(invitation.expires_at),
            "site_url": settings.SITE_URL,
        }
        mail_once(
            to=invitation.email,
            subject=gettext("Invitation to %(organisation)s") % {"organisation": invitation.organisation.name},
            text=render_to_string("organisations/mail/invitation.txt", context),
            html=render_to_string("organisations/mail/invitation.html", context),
            key=f"membership-invitation:{invitation.pk}",
        )


@transaction.atomic
def invitation_revoke(*, by: Any, invitation: MembershipInvitation, now: datetime.datetime | None = None) -> None:
    require(by, Action.DELETE, invitation)
    invitation = MembershipInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status_on(now) != InvitationStatus.PENDING:
        raise ValidationError(INVITATION_NOT_PENDING, code="not_pending")
    invitation.revoked_at = now or timezone.now()
    invitation.save(update_fields=["revoked_at"])


def invitation_for_token(raw: str) -> MembershipInvitation | None:
    """The invitation a link's token belongs to (in any state), or None."""
    if not raw or len(raw) > TOKEN_MAX_LENGTH:
        return None
    return (
        MembershipInvitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_hash(raw))
        .first()
    )


def invitation_account(invitation: MembershipInvitation) -> User | None:
    """The account of the invited address, if it has one (asked only on the invitee's own link)."""
    return User.objects.filter(email__iexact=invitation.email).first()


def _locked_pending(invitation: MembershipInvitation, now: datetime.datetime) -> MembershipInvitation:
    locked = MembershipInvitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    status = locked.status_on(now)
    if status != InvitationStatus.PENDING:
        raise ValidationError(INVITATION_UNAVAILABLE[status], code=status)
    return locked


def _join(invitation: MembershipInvitation, user: User, now: datetime.datetime) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, function=invitation.function
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def check_may_accept(invitation: MembershipInvitation, user: Any) -> None:
    """PermissionDenied (with the Danish reason) unless ``user`` is the invited address's own account."""
    if not getattr(user, "is_authenticated", False) or user.email.lower() != invitation.email.lower():
        raise PermissionDenied(WRONG_ACCOUNT)
    if user.is_agency_staff:
        raise PermissionDenied(STAFF_ACCOUNT)


@transaction.atomic
def invitation_accept(
    *, invitation: MembershipInvitation, user: User, now: datetime.datetime | None = None
) -> Membership:
    """The invited address's own account accepts, logged in as itself: the membership is made.

    Another account, or a staff account, is refused and nothing is attached; the role never changes.
    """
    now = now or timezone.now()
    check_may_accept(invitation, user)
    invitation = _locked_pending(invitation, now)
    return _join(invitation, user, now)


@transaction.atomic
def invitation_accept_new(
    *,
    invitation: MembershipInvitation,
    first_name: str,
    last_name: str,
    password: str,
    now: datetime.datetime | None = None,
) -> Membership:
    """An address without an account accepts by naming itself and setting a password: the account is made
    (an organisation person, no staff role) with the membership. The password has been through Django's
    validators (``InvitationSignupForm``)."""
    now = now or timezone.now()
    invitation = _locked_pending(invitation, now)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(ACCOUNT_EXISTS, code="account_exists")
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=Role.ORGANISATION_MEMBER,
    )
    return _join(invitation, user, now)
