"""How individual and taskforce programmes start: expressions of interest, taskforce requests and seasons."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.organisations.models import Organisation
from advisory.programmes.models import Programme


class InterestStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ContactFields(models.Model):
    """Who the organisation's contact is, and what they need and expect (shared by interest and requests)."""

    contact_name = models.CharField(_("contact person's name"), max_length=200, validators=[validate_no_cpr])
    contact_email = models.EmailField(_("contact person's e-mail address"))
    contact_phone = models.CharField(
        _("contact person's phone"), max_length=32, blank=True, validators=[validate_no_cpr]
    )
    needs = models.TextField(_("what you need help with"), max_length=4000, validators=[validate_no_cpr])
    expectations = models.TextField(_("what you expect"), max_length=4000, validators=[validate_no_cpr])
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True, validators=[validate_no_cpr])
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        abstract = True


class ExpressionOfInterest(ContactFields):
    """An interessetilkendegivelse: a municipality or § 110 shelter wants an individual programme."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="expressions_of_interest", verbose_name=_("organisation")
    )
    status = models.CharField(_("status"), max_length=16, choices=InterestStatus.choices, default=InterestStatus.NEW)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expressions_of_interest",
        verbose_name=_("programme"),
    )

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("status", "created_at"))]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%d.%m.%Y})" if self.created_at else str(self.organisation)


class SeasonHalf(models.TextChoices):
    SPRING = "spring", _("Spring")
    AUTUMN = "autumn", _("Autumn")


class Season(models.Model):
    """Half a year in which taskforce programmes start; its capacity is the number of starts (2 by default)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    half = models.CharField(_("half-year"), max_length=8, choices=SeasonHalf.choices)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=2,
        validators=[MaxValueValidator(20)],
        help_text=_("How many taskforce programmes may start in the season."),
    )

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ("year", "-half")  # "spring" before "autumn"
        constraints = [models.UniqueConstraint(fields=("year", "half"), name="unique_season")]

    def __str__(self) -> str:
        return f"{self.get_half_display()} {self.year}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == SeasonHalf.SPRING else 7, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half == SeasonHalf.SPRING else datetime.date(self.year, 12, 31)


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ALLOCATED = "allocated", _("Allocated a slot")
    WAITING = "waiting", _("On the waiting list")
    STARTED = "started", _("Started")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")


OPEN_REQUEST_STATUSES = (RequestStatus.RECEIVED, RequestStatus.ALLOCATED, RequestStatus.WAITING)
SLOT_STATUSES = (RequestStatus.ALLOCATED, RequestStatus.STARTED)


class ReceivedVia(models.TextChoices):
    WRITTEN = "written", _("In writing")
    PHONE = "phone", _("By phone")


class TaskforceRequest(ContactFields):
    """A henvendelse: a municipality asks for a taskforce programme."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="taskforce_requests", verbose_name=_("municipality")
    )
    wished_season = models.ForeignKey(
        Season,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wished_by",
        verbose_name=_("wished season"),
    )
    received_via = models.CharField(
        _("received"), max_length=8, choices=ReceivedVia.choices, default=ReceivedVia.WRITTEN
    )
    status = models.CharField(_("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    season = models.ForeignKey(
        Season,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("season"),
    )
    allocated_at = models.DateTimeField(_("allocated"), null=True, blank=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taskforce_requests",
        verbose_name=_("programme"),
    )

    class Meta:
        verbose_name = _("taskforce request")
        verbose_name_plural = _("taskforce requests")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation",),
                condition=Q(status__in=["received", "allocated", "waiting"]),
                name="one_open_taskforce_request_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%d.%m.%Y})" if self.created_at else str(self.organisation)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class DirectStart(models.Model):
    """A taskforce programme created directly (the programme page or API, not from a request). It takes a slot in
    the season its start date lies in, like a started request; beyond the season's capacity only by an
    administrator's override, whose reason is kept here (and in the audit log)."""

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="direct_starts", verbose_name=_("season"))
    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="direct_start", verbose_name=_("programme")
    )
    override_reason = models.TextField(
        _("reason for exceeding the capacity"), max_length=2000, blank=True, validators=[validate_no_cpr]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("taskforce programme created directly")
        verbose_name_plural = _("taskforce programmes created directly")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.programme} ({self.season})"

    @property
    def is_override(self) -> bool:
        return bool(self.override_reason)
