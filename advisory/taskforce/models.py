"""The records only taskforce programmes have (seed 004): data collection, political presentations, learning
activities, and the status meetings' decisions and follow-up items.

Every record belongs to one taskforce programme (``Programme.kind == "taskforce"``, a single municipality). The
municipality's teams are ``organisations.Membership`` rows (implementation team, steering group), not copied here;
the analysis report is an uploaded ``documents.Document`` (kind ``analysis_report``); its recommendations are the
development app's ``Recommendation``. Names of people responsible are free text (no accounts needed), guarded
against CPR numbers like every free-text field.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.core.dates import validate_date_in_range
from advisory.programmes.models import Activity, Programme

STATUS_MEETING = "status_meeting"  # the template key of the status meetings (status_meeting-1, -2, ...)


class DataCollectionStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")
    NOT_AVAILABLE = "not_available", _("Not available")


OUTSTANDING_DATA = (DataCollectionStatus.AGREED, DataCollectionStatus.REQUESTED)


class DataCollectionItem(models.Model):
    """One piece of data the taskforce collects for the analysis: what, from whom, who is responsible, by when."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="data_collection_items", verbose_name=_("programme")
    )
    what = models.CharField(_("data"), max_length=300, validators=[validate_no_cpr])
    source = models.CharField(_("from whom or which source"), max_length=300, validators=[validate_no_cpr])
    responsible = models.CharField(_("responsible"), max_length=200, blank=True, validators=[validate_no_cpr])
    due_on = models.DateField(_("due date"), null=True, blank=True, validators=[validate_date_in_range])
    status = models.CharField(
        _("status"), max_length=20, choices=DataCollectionStatus.choices, default=DataCollectionStatus.AGREED
    )
    note = models.TextField(_("note"), max_length=2000, blank=True, validators=[validate_no_cpr])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data-collection item")
        verbose_name_plural = _("data-collection items")
        ordering = ("programme", models.F("due_on").asc(nulls_last=True), "pk")

    def __str__(self) -> str:
        return self.what

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its due date and not yet received (nor found to be unavailable)."""
        today = today or timezone.localdate()
        return self.due_on is not None and self.due_on < today and self.status in OUTSTANDING_DATA

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class PresentationKind(models.TextChoices):
    ANALYSIS = "analysis", _("Results and recommendations of the analysis")
    EFFECTS = "effects", _("Effects of the programme")


# The template activity each kind of presentation belongs to in the plan.
PRESENTATION_ACTIVITY = {
    PresentationKind.ANALYSIS: "political_presentation_analysis",
    PresentationKind.EFFECTS: "political_presentation_effects",
}


class PoliticalPresentation(models.Model):
    """A presentation to the municipality's political level (a committee): the analysis, later the effects."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="political_presentations", verbose_name=_("programme")
    )
    kind = models.CharField(_("what is presented"), max_length=20, choices=PresentationKind.choices)
    presented_on = models.DateField(_("date"), validators=[validate_date_in_range])
    committee = models.CharField(
        _("committee"),
        max_length=200,
        validators=[validate_no_cpr],
        help_text=_("E.g. Social- og Sundhedsudvalget."),
    )
    material = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("material"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity in the plan"),
    )
    notes = models.TextField(_("notes and outcome"), max_length=4000, blank=True, validators=[validate_no_cpr])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("political presentation")
        verbose_name_plural = _("political presentations")
        ordering = ("programme", "presented_on", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.committee}"


class LearningFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    MATERIAL = "material", _("Material or e-learning")


class LearningActivity(models.Model):
    """A learning activity offered to the municipality in Udvikling, and whether (and how many) attended."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="learning_activities", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_cpr])
    description = models.TextField(_("description"), max_length=4000, blank=True, validators=[validate_no_cpr])
    held_on = models.DateField(_("date"), validators=[validate_date_in_range])
    offered_by = models.CharField(_("offered by"), max_length=200, blank=True, validators=[validate_no_cpr])
    format = models.CharField(
        _("format"), max_length=16, choices=LearningFormat.choices, default=LearningFormat.IN_PERSON
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    attendance_note = models.TextField(
        _("note on attendance"), max_length=2000, blank=True, validators=[validate_no_cpr]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activities")
        ordering = ("programme", "held_on", "pk")

    def __str__(self) -> str:
        return self.title


class StatusDecision(models.Model):
    """A decision taken at a status meeting (an Activity of the template's status_meeting)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="taskforce_decisions", verbose_name=_("status meeting")
    )
    text = models.TextField(_("decision"), max_length=2000, validators=[validate_no_cpr])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("status-meeting decision")
        verbose_name_plural = _("status-meeting decisions")
        ordering = ("activity", "pk")

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class FollowUpItem(models.Model):
    """What is to be done after a status meeting (usually following a decision), by whom and by when; checked at
    a later status meeting (``checked_at``), where it is marked done or still open."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="taskforce_follow_ups",
        verbose_name=_("status meeting"),
        help_text=_("The status meeting at which the item was agreed."),
    )
    decision = models.ForeignKey(
        StatusDecision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("decision"),
    )
    text = models.TextField(_("follow-up item"), max_length=2000, validators=[validate_no_cpr])
    owner = models.CharField(_("owner"), max_length=200, blank=True, validators=[validate_no_cpr])
    due_on = models.DateField(_("due date"), null=True, blank=True, validators=[validate_date_in_range])
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    checked_at = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taskforce_checked_follow_ups",
        verbose_name=_("checked at the status meeting"),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True, validators=[validate_no_cpr])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ("activity", "pk")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def programme_id(self) -> int:
        return self.activity.programme_id

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.due_on is not None and self.due_on < today and self.status == FollowUpStatus.OPEN
