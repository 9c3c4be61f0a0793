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
