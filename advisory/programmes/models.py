"""Programme templates (versioned data) and programmes with their dated activities.

A template's rules live in ``TemplateVersion.spec`` (the JSON form read by
``template_data.template_from_dict``), so administrators edit a programme kind's
phases, activities and timing rules as data. A running programme keeps the
version it was created from; a new version applies to new programmes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.core.dates import short_date, validate_date_in_range
from advisory.organisations.models import Organisation
from advisory.programmes.template_data import template_from_dict


class ProgrammeKind(models.TextChoices):
    GROUP = "group", _("Group-based programme")
    INDIVIDUAL = "individual", _("Individual programme")
    TASKFORCE = "taskforce", _("Taskforce programme")


class ActivityFormat(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    LOCAL_WORK = "local_work", _("Local work")
    MILESTONE = "milestone", _("Milestone")


class ActivityScope(models.TextChoices):
    SHARED = "shared", _("Shared by the group")
    PER_ORGANISATION = "per_organisation", _("Per organisation")


class ProgrammeTemplate(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_cpr])
    description = models.TextField(_("description"), blank=True, validators=[validate_no_cpr])

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        ordering = ("kind",)

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> TemplateVersion | None:
        return self.versions.filter(published=True).order_by("-number").first()


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        ProgrammeTemplate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("template")
    )
    number = models.PositiveIntegerField(_("version"))
    spec = models.JSONField(_("rules"), help_text=_("Phases, activities and timing rules of the template."))
    notes = models.TextField(_("what changed"), blank=True, validators=[validate_no_cpr])
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ("template", "-number")
        constraints = [models.UniqueConstraint(fields=("template", "number"), name="unique_template_version")]

    def __str__(self) -> str:
        return f"{self.template.name} v{self.number}"

    def clean(self) -> None:
        try:
            template_from_dict(self.spec)  # also refuses unknown references, phases and plan end included
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError({"spec": _("The rules are not valid: %(error)s") % {"error": exc}}) from exc

    def engine_template(self) -> Any:
        """The engine's TemplateSpec, parsed once per instance."""
        cached = getattr(self, "_engine_template", None)
        if cached is None:
            cached = self._engine_template = template_from_dict(self.spec)
        return cached


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Programme(models.Model):
    """A forløb: one group with 3–6 organisations, or one organisation's individual or taskforce programme."""

    kind = models.CharField(_("kind"), max_length=16, choices=ProgrammeKind.choices)
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("template version")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_cpr])
    theme = models.CharField(_("theme"), max_length=200, blank=True, validators=[validate_no_cpr])
    description = models.TextField(_("description"), blank=True, validators=[validate_no_cpr])
    anchors = models.JSONField(_("anchor dates"), default=dict, blank=True)
    options = models.JSONField(_("plan options"), default=dict, blank=True)
    start_override_reason = models.TextField(
        _("reason for starting outside the seasons"),
        max_length=2000,
        blank=True,
        validators=[validate_no_cpr],
        help_text=_("Why the programme starts outside its kind's start seasons (empty: it starts within them)."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    organisations = models.ManyToManyField(
        Organisation, through="ProgrammeOrganisation", related_name="programmes", verbose_name=_("organisations")
    )
    advisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="advised_programmes", blank=True, verbose_name=_("responsible advisors")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ("-created_at", "pk")
        # The second index serves the lists' order (newest first), so a late page does not sort every row.
        indexes = [
            models.Index(fields=("kind", "status")),
            models.Index(fields=("-created_at", "-id"), name="programme_newest_first"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programmes:detail", kwargs={"pk": self.pk})


class ProgrammeOrganisation(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.UniqueConstraint(fields=("programme", "organisation"), name="unique_programme_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} i {self.programme}"


class Activity(models.Model):
    """One dated item of a programme's plan (a meeting, a call, a local-work period or a milestone)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    key = models.CharField(_("key"), max_length=64)
    template_key = models.CharField(_("template activity"), max_length=64)
    occurrence = models.PositiveSmallIntegerField(_("occurrence"), default=1)
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_cpr])
    phase = models.CharField(_("phase"), max_length=32)
    format = models.CharField(_("format"), max_length=16, choices=ActivityFormat.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=ActivityScope.choices, default=ActivityScope.SHARED)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_activities",
        verbose_name=_("organisation"),
        help_text=_("Set for an organisation's own call or preparation; empty for what the group shares."),
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    full_day = models.BooleanField(
        _("full day"),
        default=False,
        help_text=_("A full-day meeting (4–6 hours), from its start time to its end time."),
    )
    location = models.CharField(_("place or video link"), max_length=255, blank=True, validators=[validate_no_cpr])
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True, validators=[validate_no_cpr])
    notes = models.TextField(_("notes"), blank=True, validators=[validate_no_cpr])
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("A pinned date stays when others move."))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("revision"), default=0, help_text=_("Goes up on every change of date."))
    position = models.PositiveIntegerField(default=0)
    accepted_soft_period = models.CharField(
        _("accepted closed period"),
        max_length=40,
        blank=True,
        help_text=_("The soft closed period (e.g. the summer holiday) an advisor accepted this date falling in."),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("programme", "starts_on", "position")
        constraints = [
            models.UniqueConstraint(fields=("programme", "key"), name="unique_activity_key"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="activity_date_range"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="activity_time_range",
            ),
        ]
        indexes = [
            models.Index(fields=("starts_on",)),
            # Covering the year's activities of the overview and the year's figures (programmes with an activity in
            # a year): the date range and the programme read from the index alone, not from the table's rows.
            models.Index(fields=("starts_on", "ends_on", "programme"), name="activity_dates_programme_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({short_date(self.starts_on)})"

    @property
    def done(self) -> bool:
        return self.done_at is not None


class SlotOffer(models.Model):
    """A time the advisors offer for an organisation's own call (e.g. the expectations call): each organisation's
    coordinator books one of those not yet taken for their own organisation's call of the same occurrence."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="slot_offers")
    template_key = models.CharField(_("template activity"), max_length=64)
    occurrence = models.PositiveSmallIntegerField(_("occurrence"), default=1)
    starts_on = models.DateField(_("date"), validators=[validate_date_in_range])
    start_time = models.TimeField(_("start time"))
    booked_by_activity = models.OneToOneField(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booked_offer",
        verbose_name=_("booked for"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        ordering = ("programme", "template_key", "occurrence", "starts_on", "start_time")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "template_key", "occurrence", "starts_on", "start_time"),
                name="unique_slot_offer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_key} {self.starts_on:%d.%m.%Y} {self.start_time:%H:%M}"


class TrialActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Being tried")
    COMPLETED = "completed", _("Completed")
    ADJUSTED = "adjusted", _("Adjusted and tried again")
    STOPPED = "stopped", _("Stopped")


class TrialAction(models.Model):
    """A prøvehandling: a small, time-boxed test of a change (plan, do, study, act)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="trial_actions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="trial_actions", verbose_name=_("organisation")
    )
    development_point = models.CharField(_("development point"), max_length=300, validators=[validate_no_cpr])
    plan = models.TextField(_("what we will try"), max_length=4000, validators=[validate_no_cpr])
    starts_on = models.DateField(_("from"), validators=[validate_date_in_range])
    ends_on = models.DateField(_("to"), validators=[validate_date_in_range])
    who = models.CharField(_("who takes part"), max_length=300, blank=True, validators=[validate_no_cpr])
    expectation = models.TextField(_("what we expect"), max_length=4000, blank=True, validators=[validate_no_cpr])
    experiences = models.TextField(
        _("experiences collected"), max_length=8000, blank=True, validators=[validate_no_cpr]
    )
    evaluation = models.TextField(_("evaluation"), max_length=4000, blank=True, validators=[validate_no_cpr])
    adjustment = models.TextField(_("adjustment"), max_length=4000, blank=True, validators=[validate_no_cpr])
    status = models.CharField(
        _("status"), max_length=16, choices=TrialActionStatus.choices, default=TrialActionStatus.PLANNED
    )
    shared_with_group = models.BooleanField(
        _("shared with the group"),
        default=True,
        help_text=_("Shared trial actions are read by the group and the advisors as the basis for sparring."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("trial action")
        verbose_name_plural = _("trial actions")
        ordering = ("programme", "organisation", "starts_on", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="trial_action_period")
        ]

    def __str__(self) -> str:
        return self.development_point

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("programmes:trial_action_edit", kwargs={"pk": self.programme_id, "trial_pk": self.pk})


class MeetingParticipant(models.Model):
    """A person booked for a meeting or call, and whether they attended."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_bookings")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meeting_bookings", verbose_name=_("organisation")
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ("organisation__name", "user__first_name", "user__last_name")
        constraints = [models.UniqueConstraint(fields=("activity", "user"), name="unique_meeting_participant")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.activity}"


class CriterionCheck(models.Model):
    """An advisor's judgement of one success criterion of one activity for one organisation.

    Criteria the system can evidence (trial actions completed, presentation uploaded, participants
    booked, evaluation answered) are computed in ``criteria.py``; the rest are ticked here, with a
    comment. The criterion is identified by its text, so a template version with other criteria
    leaves old judgements aside instead of pinning them to the wrong criterion.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="criterion_checks")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="criterion_checks", verbose_name=_("organisation")
    )
    criterion = models.CharField(_("success criterion"), max_length=500)
    met = models.BooleanField(_("met"), default=False)
    comment = models.TextField(_("comment"), max_length=2000, blank=True, validators=[validate_no_cpr])
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    checked_at = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("success criterion assessment")
        verbose_name_plural = _("success criterion assessments")
        constraints = [
            models.UniqueConstraint(
                fields=("activity", "organisation", "criterion"), name="unique_criterion_check_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.organisation}"


# --- a group programme's records per organisation: goal, progress at the meetings, wishes; feedback ----------


class OrganisationGoal(models.Model):
    """An organisation's goal in a group programme ("hvad skal være anderledes, hvornår"), set by its coordinator
    after the kickoff; the reflection meetings and the closing meeting ask how far they got (``GoalStatus``)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="organisation_goals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programme_goals", verbose_name=_("organisation")
    )
    text = models.TextField(_("what should be different"), max_length=2000, validators=[validate_no_cpr])
    due_on = models.DateField(_("by when"), validators=[validate_date_in_range])
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("goal of the organisation")
        verbose_name_plural = _("goals of the organisations")
        ordering = ("programme", "organisation__name")
        constraints = [
            models.UniqueConstraint(fields=("programme", "organisation"), name="unique_goal_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.text[:60]}"


class GoalProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_WAY = "under_way", _("Under way")
    WELL_UNDER_WAY = "well_under_way", _("Well under way")
    REACHED = "reached", _("Reached")


class GoalStatus(models.Model):
    """How far an organisation got against its goal, recorded at a reflection meeting or the closing meeting."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="goal_statuses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="goal_statuses", verbose_name=_("organisation")
    )
    progress = models.CharField(_("how far"), max_length=16, choices=GoalProgress.choices)
    status = models.TextField(_("status"), max_length=2000, blank=True, validators=[validate_no_cpr])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("status against the goal")
        verbose_name_plural = _("statuses against the goal")
        ordering = ("activity", "organisation__name")
        constraints = [
            models.UniqueConstraint(fields=("activity", "organisation"), name="unique_goal_status_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.activity}: {self.get_progress_display()}"


class TrialActionFeedback(models.Model):
    """Feedback and sparring on a trial action from the advisors and the group."""

    trial_action = models.ForeignKey(TrialAction, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    text = models.TextField(_("feedback"), max_length=2000, validators=[validate_no_cpr])
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on a trial action")
        verbose_name_plural = _("feedback on trial actions")
        ordering = ("trial_action", "created_at", "pk")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


class MeetingWish(models.Model):
    """An organisation's wishes and needs for a joint meeting, answered by its coordinator before the meeting."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="wishes")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meeting_wishes", verbose_name=_("organisation")
    )
    text = models.TextField(_("wishes and needs"), max_length=2000, validators=[validate_no_cpr])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("wishes and needs for a meeting")
        verbose_name_plural = _("wishes and needs for meetings")
        ordering = ("activity", "organisation__name")
        constraints = [models.UniqueConstraint(fields=("activity", "organisation"), name="unique_wish_per_meeting")]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.activity}"
