"""Municipalities and § 110 shelters (both organisations), regions, and people's memberships."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr


class Region(models.Model):
    code = models.CharField(_("region code"), max_length=4, unique=True, validators=[validate_no_cpr])
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_no_cpr])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    SHELTER = "shelter", _("§ 110 shelter")


municipality_code_validator = RegexValidator(r"^\d{3,4}$", _("A municipality code has four digits, e.g. 0101."))


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def municipalities(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.MUNICIPALITY)

    def shelters(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.SHELTER)

    def in_region(self, region: Region, on: datetime.date | None = None) -> OrganisationQuerySet:
        """Organisations lying in a region on a date (a shelter lies where its municipality lies)."""
        on = on or timezone.localdate()
        valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        municipality_ids = RegionMembership.objects.filter(valid, region=region).values("municipality_id")
        return self.filter(Q(pk__in=municipality_ids) | Q(municipality_id__in=municipality_ids))


class Organisation(models.Model):
    """A municipality (kommune) or a § 110 shelter (§ 110-boform)."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_cpr])
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        validators=[municipality_code_validator, validate_no_cpr],
        help_text=_("Four digits from Danmarks Statistik's classification, e.g. 0101."),
    )
    municipality = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shelters",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("municipality"),
        help_text=_("The municipality in which the shelter lies."),
    )
    tilbudsportalen_id = models.CharField(
        _("Tilbudsportalen offer id"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^\d{1,20}$", _("The offer id from Tilbudsportalen consists of digits only.")),
            validate_no_cpr,
        ],
    )
    address = models.CharField(_("address"), max_length=255, blank=True, validators=[validate_no_cpr])
    # The organisation's number in the Central Business Register: a MitID Erhverv log-in names it
    # (advisory.saml). Not unique: a municipality's own shelters log in under the municipality's number.
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("A CVR number is eight digits.")), validate_no_cpr],
        help_text=_("Optional. Eight digits; people log in with MitID Erhverv under this number."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.SHELTER, municipality__isnull=False, municipality_code__isnull=True)
                | Q(kind=OrganisationKind.MUNICIPALITY, municipality__isnull=True, municipality_code__isnull=False),
                name="organisation_kind_fields",
            ),
            models.UniqueConstraint(fields=("municipality", "name"), name="unique_shelter_name_per_municipality"),
        ]
        indexes = [models.Index(fields=("kind", "name")), models.Index(fields=("cvr",), name="organisation_cvr")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == OrganisationKind.MUNICIPALITY

    @property
    def is_shelter(self) -> bool:
        return self.kind == OrganisationKind.SHELTER

    def region_on(self, on: datetime.date | None = None) -> Region | None:
        on = on or timezone.localdate()
        municipality_id = self.pk if self.is_municipality else self.municipality_id
        membership = (
            RegionMembership.objects.filter(municipality_id=municipality_id, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
            .select_related("region")
            .first()
        )
        return membership.region if membership else None


class RegionMembership(models.Model):
    """Which region a municipality belongs to, and from when until when (valid_to is exclusive)."""

    municipality = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="region_memberships", verbose_name=_("municipality")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("region"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True, validators=[validate_no_cpr])

    class Meta:
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")
        ordering = ("municipality", "valid_from")
        constraints = [
            models.UniqueConstraint(fields=("municipality", "valid_from"), name="unique_region_membership_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="region_membership_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.region} ({self.valid_from}–{self.valid_to or ''})"


class MembershipFunction(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    IMPLEMENTATION_TEAM = "implementation_team", _("Implementation team")
    LEADERSHIP_GROUP = "leadership_group", _("Leadership group")
    STEERING_GROUP = "steering_group", _("Steering group")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's place in an organisation; one row per function they hold there."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    function = models.CharField(
        _("function"), max_length=32, choices=MembershipFunction.choices, default=MembershipFunction.MEMBER
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ("organisation", "function", "user")
        constraints = [
            models.UniqueConstraint(fields=("organisation", "user", "function"), name="unique_membership_function")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_function_display()})"


INVITATION_VALIDITY = datetime.timedelta(days=14)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class MembershipInvitationQuerySet(models.QuerySet["MembershipInvitation"]):
    def pending(self, now: datetime.datetime | None = None) -> MembershipInvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class MembershipInvitation(models.Model):
    """An e-mail address invited to an organisation in a function; the membership exists once it is accepted.

    Coordinators add people only this way: the person behind the address says yes, logged in as themselves
    (or by setting a password when the address has no account). Only a hash of the link's token is stored.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail address"))
    function = models.CharField(_("function"), max_length=32, choices=MembershipFunction.choices)
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_no_cpr])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_no_cpr])
    # A SHA-256 digest made by the platform, never typed by anyone (not editable, so not free text).
    token_hash = models.CharField(_("hash of the link's token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = MembershipInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("organisation", "email"))]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_function_display()})"

    def status_on(self, now: datetime.datetime | None = None) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def status(self) -> InvitationStatus:
        return self.status_on()

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING
