"""The development work of individual and taskforce programmes (seeds 001 and 004).

Development points (udviklingspunkter) are chosen with the organisation, each tied to a prerequisite,
each with goals that say what will be different and by when. The rest of this app's records (mapping,
recommendations, progress notes, the development plan, ratings, the agreement) build on these.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.core.dates import validate_date_in_range
from advisory.development.prerequisites import Prerequisite
from advisory.programmes.models import Programme


class DevelopmentPoint(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="development_points")
    prerequisite = models.CharField(_("prerequisite"), max_length=20, choices=Prerequisite.choices)
    title = models.CharField(_("development point"), max_length=300, validators=[validate_no_cpr])
    description = models.TextField(_("description"), max_length=4000, blank=True, validators=[validate_no_cpr])
    position = models.PositiveIntegerField(_("order"), default=0)
    recommendation = models.ForeignKey(
        "Recommendation",
        verbose_name=_("from the recommendation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_points",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("development point")
        verbose_name_plural = _("development points")
        ordering = ("programme", "position", "pk")

    def __str__(self) -> str:
        return self.title


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Working on it")
    REACHED = "reached", _("Reached")
    ADJUSTED = "adjusted", _("Adjusted")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    """What will be different, and by when."""

    development_point = models.ForeignKey(DevelopmentPoint, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("what will be different"), max_length=2000, validators=[validate_no_cpr])
    due_on = models.DateField(_("by when"), validators=[validate_date_in_range])
    status = models.CharField(_("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ("development_point", "position", "due_on", "pk")

    def __str__(self) -> str:
        return self.text[:80]


# --- Mapping, recommendations, progress notes and the development plan (shared by both kinds) ---------------


class PracticeMapping(models.Model):
    """The mapping of existing practice (afdækning) for one prerequisite of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="practice_mappings")
    prerequisite = models.CharField(_("prerequisite"), max_length=20, choices=Prerequisite.choices)
    current_practice = models.TextField(
        _("current practice"), max_length=6000, blank=True, validators=[validate_no_cpr]
    )
    strengths = models.TextField(_("strengths"), max_length=4000, blank=True, validators=[validate_no_cpr])
    challenges = models.TextField(_("challenges"), max_length=4000, blank=True, validators=[validate_no_cpr])
    source_material = models.TextField(_("source material"), max_length=4000, blank=True, validators=[validate_no_cpr])
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("uploaded documents"), blank=True, related_name="practice_mappings"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mapping of practice")
        verbose_name_plural = _("mappings of practice")
        ordering = ("programme", "prerequisite")
        constraints = [
            models.UniqueConstraint(fields=("programme", "prerequisite"), name="development_mapping_once_per_theme")
        ]

    def __str__(self) -> str:
        return str(self.get_prerequisite_display())


class RecommendationSource(models.TextChoices):
    MAPPING = "mapping", _("The mapping of practice")
    ANALYSIS = "analysis", _("The analysis report")


class Recommendation(models.Model):
    """A prioritised recommendation (anbefaling), tied to a prerequisite (theme); position 1 comes first."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="recommendations")
    prerequisite = models.CharField(_("prerequisite"), max_length=20, choices=Prerequisite.choices)
    source = models.CharField(_("source"), max_length=16, choices=RecommendationSource.choices)
    text = models.TextField(_("recommendation"), max_length=2000, validators=[validate_no_cpr])
    justification = models.TextField(_("justification"), max_length=4000, blank=True, validators=[validate_no_cpr])
    position = models.PositiveIntegerField(_("priority"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ("programme", "position", "pk")

    def __str__(self) -> str:
        return self.text[:80]


class ProgressNote(models.Model):
    """The organisation's own note on its progress against a goal (Forandre); the advisors may comment."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress_notes")
    written_on = models.DateField(_("date"), validators=[validate_date_in_range])
    text = models.TextField(_("progress"), max_length=4000, validators=[validate_no_cpr])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    comment = models.TextField(_("the advisors' comment"), max_length=4000, blank=True, validators=[validate_no_cpr])
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ("goal", "-written_on", "-pk")

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class DevelopmentAction(models.Model):
    """One action of the development plan (udviklingsplan): a development point's action, owner and deadline."""

    development_point = models.ForeignKey(DevelopmentPoint, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("action"), max_length=2000, validators=[validate_no_cpr])
    owner = models.CharField(
        _("owner"),
        max_length=200,
        validators=[validate_no_cpr],
        help_text=_("A name or a role, e.g. the housing team."),
    )
    deadline = models.DateField(_("deadline"), validators=[validate_date_in_range])
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")
        ordering = ("development_point", "deadline", "position", "pk")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


# --- the collaboration agreement, ratings before/after, and the anchoring plan (agreements.py, ratings.py,
# anchoring.py) ---------------------------------------------------------------------------------------------


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class CollaborationAgreement(models.Model):
    """The collaboration agreement (samarbejdsaftale) of an individual or taskforce programme.

    Its content is produced from the records (development points, goals, roles, activities); what is stored
    here is what is not in them: the signing, the agreements on data collection (taskforce) and notes.
    """

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="collaboration_agreement")
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=[validate_date_in_range])
    signed_by_organisation = models.CharField(
        _("signed for the organisation by"), max_length=300, blank=True, validators=[validate_no_cpr]
    )
    signed_by_agency = models.CharField(
        _("signed for Social- og Boligstyrelsen by"), max_length=300, blank=True, validators=[validate_no_cpr]
    )
    signed_by_appeals_agency = models.CharField(
        _("signed for Ankestyrelsen by"), max_length=300, blank=True, validators=[validate_no_cpr]
    )
    data_collection = models.TextField(
        _("agreements on data collection"), max_length=4000, blank=True, validators=[validate_no_cpr]
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True, validators=[validate_no_cpr])
    signing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return f"{_('Collaboration agreement')}: {self.programme}"

    @property
    def is_signed(self) -> bool:
        return self.status == AgreementStatus.SIGNED


class RatingMoment(models.TextChoices):
    BEFORE = "before", _("At the start")
    AFTER = "after", _("At the end")


class PrerequisiteRating(models.Model):
    """How far a prerequisite (theme) has come, rated 1–5 at the start and at the end of the programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="prerequisite_ratings")
    prerequisite = models.CharField(_("prerequisite"), max_length=20, choices=Prerequisite.choices)
    moment = models.CharField(_("moment"), max_length=10, choices=RatingMoment.choices)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    justification = models.TextField(_("justification"), max_length=2000, validators=[validate_no_cpr])
    rated_on = models.DateField(_("rated on"), validators=[validate_date_in_range])
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("prerequisite rating")
        verbose_name_plural = _("prerequisite ratings")
        ordering = ("programme", "prerequisite", "moment")
        constraints = [
            models.UniqueConstraint(fields=("programme", "prerequisite", "moment"), name="one_rating_per_moment"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.get_prerequisite_display()} ({self.get_moment_display()}): {self.score}"


class AnchoringPlan(models.Model):
    """The plan for holding on to the new practice and for continued development after the programme."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="anchoring_plan")
    what_continues = models.TextField(_("what continues"), max_length=4000, blank=True, validators=[validate_no_cpr])
    responsible = models.TextField(_("who is responsible"), max_length=2000, blank=True, validators=[validate_no_cpr])
    follow_up = models.TextField(_("how it is followed up"), max_length=4000, blank=True, validators=[validate_no_cpr])
    next_review_on = models.DateField(_("next review"), null=True, blank=True, validators=[validate_date_in_range])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("anchoring plan")
        verbose_name_plural = _("anchoring plans")

    def __str__(self) -> str:
        return f"{_('Anchoring plan')}: {self.programme}"
