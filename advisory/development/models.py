"""The development work of individual and taskforce programmes (seeds 001 and 004).

Development points (udviklingspunkter) are chosen with the organisation, each tied to a prerequisite,
each with goals that say what will be different and by when. The rest of this app's records (mapping,
recommendations, progress notes, the development plan, ratings, the agreement) build on these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
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
    due_on = models.DateField(_("by when"))
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
    current_practice = models.TextField(_("current practice"), max_length=6000, blank=True, validators=[validate_no_cpr])
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
    written_on = models.DateField(_("date"))
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
        _("owner"), max_length=200, validators=[validate_no_cpr], help_text=_("A name or a role, e.g. the housing team.")
    )
    deadline = models.DateField(_("deadline"))
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
