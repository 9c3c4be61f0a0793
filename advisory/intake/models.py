"""Intake for group programmes: rounds opened twice a year, and organisations' registrations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.core.dates import validate_date_in_range
from advisory.organisations.models import Organisation
from advisory.programmes.models import Programme, TemplateVersion


class RoundHalf(models.TextChoices):
    """The year's two group rounds (the DOMAIN: rounds opened in spring and autumn)."""

    SPRING = "spring", _("Spring")
    AUTUMN = "autumn", _("Autumn")


class IntakeRound(models.Model):
    """A tilmeldingsrunde: a season, a theme announced by the advisory function, a registration window and the
    expected start. A round planned on the year's intake page is that year's spring or autumn round (``year`` and
    ``half``; one of each a year); shown publicly from ``announce_from`` (at once when empty)."""

    season = models.CharField(
        _("season"), max_length=60, validators=[validate_no_cpr], help_text=_("E.g. “Forår 2027”.")
    )
    theme = models.CharField(_("theme"), max_length=200, validators=[validate_no_cpr])
    description = models.TextField(_("description of the theme"), blank=True, validators=[validate_no_cpr])
    opens_on = models.DateField(_("registration opens"), validators=[validate_date_in_range])
    closes_on = models.DateField(_("registration closes"), validators=[validate_date_in_range])
    announce_from = models.DateField(
        _("announced publicly from"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text=_("The round is shown on the public pages from this date (at once when empty)."),
    )
    expected_start = models.DateField(
        _("expected start"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text=_("When the groups are expected to start (after registration closes)."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    half = models.CharField(_("half-year"), max_length=8, choices=RoundHalf.choices, blank=True)
    groups_planned = models.PositiveSmallIntegerField(
        _("groups planned"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    template_version = models.ForeignKey(
        TemplateVersion,
        on_delete=models.PROTECT,
        related_name="intake_rounds",
        verbose_name=_("programme template"),
        limit_choices_to={"template__kind": "group", "published": True},
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake round")
        verbose_name_plural = _("intake rounds")
        ordering = ("-opens_on", "-pk")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="intake_round_window"),
            models.CheckConstraint(
                condition=Q(announce_from__isnull=True) | Q(announce_from__lte=models.F("opens_on")),
                name="intake_round_announced_before_open",
                violation_error_message=_("The round must be announced on or before the day registration opens."),
            ),
            models.CheckConstraint(
                condition=Q(expected_start__isnull=True) | Q(expected_start__gt=models.F("closes_on")),
                name="intake_round_starts_after_registration",
                violation_error_message=_("The expected start must come after registration closes."),
            ),
            models.UniqueConstraint(
                fields=("year", "half"),
                condition=Q(year__isnull=False) & ~Q(half=""),
                name="one_round_per_half_year",
                violation_error_message=_("The year already has a round in this half-year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.season}: {self.theme}"

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def open_now(self) -> bool:
        return self.is_open()

    def announced(self, today: datetime.date | None = None) -> bool:
        """Shown on the public pages: from ``announce_from`` (at once when empty) until registration closes."""
        today = today or timezone.localdate()
        return (self.announce_from is None or self.announce_from <= today) and today <= self.closes_on


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_GROUP = "in_group", _("In a group")
    WAITING = "waiting", _("On the waiting list")


class Registration(models.Model):
    """An organisation's tilmelding to a round."""

    round = models.ForeignKey(
        IntakeRound, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("round")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("organisation")
    )
    coordinator_name = models.CharField(_("coordinator's name"), max_length=200, validators=[validate_no_cpr])
    coordinator_email = models.EmailField(_("coordinator's e-mail address"))
    coordinator_phone = models.CharField(
        _("coordinator's phone"), max_length=32, blank=True, validators=[validate_no_cpr]
    )
    motivation = models.TextField(_("motivation"), max_length=4000, validators=[validate_no_cpr])
    development_point = models.TextField(
        _("local development point in mind"), max_length=2000, validators=[validate_no_cpr]
    )
    expected_participants = models.PositiveSmallIntegerField(
        _("expected participants"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("group"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_waiting_list = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_on_to",
        verbose_name=_("from the waiting list of"),
        help_text=_("The registration on an earlier round's waiting list that this one was offered from."),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ("round", "created_at", "pk")
        constraints = [models.UniqueConstraint(fields=("round", "organisation"), name="unique_registration_per_round")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.round}"


class WaitingListOffer(models.Model):
    """A place in the next round offered to an organisation left on a round's waiting list: a mail with a signed
    link (only its hash is stored) that expires; confirming creates the registration in the next round."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("registration on the waiting list"),
    )
    next_round = models.ForeignKey(
        IntakeRound, on_delete=models.CASCADE, related_name="waiting_list_offers", verbose_name=_("next round")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(_("offer expires"))
    created_at = models.DateTimeField(_("offered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waiting_list_offer",
        verbose_name=_("registration in the next round"),
    )

    class Meta:
        verbose_name = _("offer of a place in the next round")
        verbose_name_plural = _("offers of a place in the next round")
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("registration", "next_round"), name="one_offer_per_registration_and_round")
        ]

    def __str__(self) -> str:
        return f"{self.registration.organisation} → {self.next_round}"

    def expired(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.expires_on
