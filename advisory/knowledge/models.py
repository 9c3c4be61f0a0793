"""The knowledge bank (videnbank): completed trial actions a coordinator has chosen to share across organisations.

A shared trial action is a snapshot, taken when the coordinator shares it (and taken again when they share it again
after editing): the coordinator consents to exactly the text they saw in the preview, later edits of the trial
action do not reach other organisations without a new choice, people's names known to the platform are taken out
once, at sharing, and the search reads one row without joins. Withdrawing deletes the snapshot.

Only the kind of organisation and its region are kept, never the organisation's name or anybody's name: the issue
names those two, and a bank where a municipality is not named for what did not work is one more people share in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.development.prerequisites import Prerequisite
from advisory.organisations.models import OrganisationKind, Region
from advisory.programmes.models import ProgrammeKind, TrialAction


class FeedbackSource(models.TextChoices):
    ADVISORS = "advisors", _("The advisors")
    GROUP = "group", _("The group")


class SharedTrialAction(models.Model):
    """A completed trial action in the knowledge bank (one per trial action)."""

    trial_action = models.OneToOneField(
        TrialAction, on_delete=models.CASCADE, related_name="knowledge_share", verbose_name=_("trial action")
    )
    prerequisite = models.CharField(_("prerequisite"), max_length=20, choices=Prerequisite.choices)
    theme = models.CharField(_("theme"), max_length=200, blank=True, validators=[validate_no_cpr])
    programme_kind = models.CharField(_("kind of programme"), max_length=16, choices=ProgrammeKind.choices)
    organisation_kind = models.CharField(_("kind of organisation"), max_length=16, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    title = models.CharField(_("development point"), max_length=300, validators=[validate_no_cpr])
    plan = models.TextField(_("what was tried"), max_length=4000, validators=[validate_no_cpr])
    expectation = models.TextField(_("what was expected"), max_length=4000, blank=True, validators=[validate_no_cpr])
    experiences = models.TextField(
        _("experiences collected"), max_length=8000, blank=True, validators=[validate_no_cpr]
    )
    evaluation = models.TextField(_("evaluation"), max_length=4000, blank=True, validators=[validate_no_cpr])
    adjustment = models.TextField(_("adjustment"), max_length=4000, blank=True, validators=[validate_no_cpr])
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    # [{"source": "advisors" | "group", "text": "...", "written_on": "YYYY-MM-DD"}], oldest first; no authors.
    feedback = models.JSONField(_("feedback"), default=list, blank=True)
    # Everything above that is searched, in one text (SearchVector on PostgreSQL, icontains on SQLite).
    search_document = models.TextField(editable=False, blank=True, validators=[validate_no_cpr])
    # PostgreSQL: the document's words, stemmed (Danish), written at sharing and searched through a GIN index
    # (migration 0002); computing them for every row at each search took seconds at 5,000 rows. Empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared"))
    exemplary = models.BooleanField(_("exemplary"), default=False)
    exemplary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    exemplary_at = models.DateTimeField(_("marked exemplary"), null=True, blank=True)

    class Meta:
        verbose_name = _("shared trial action")
        verbose_name_plural = _("shared trial actions")
        ordering = ("-exemplary", "-shared_at", "-pk")
        indexes = [
            models.Index(fields=("-exemplary", "-shared_at", "-id"), name="knowledge_bank_order"),
            models.Index(fields=("theme",), name="knowledge_theme"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("knowledge:detail", kwargs={"pk": self.pk})

    @property
    def weeks(self) -> int:
        """How long it was tried, in whole weeks (at least one)."""
        return max(1, round(((self.ends_on - self.starts_on).days + 1) / 7))
