"""The public offers: each kind of programme's text in Danish and English, and its contact people.

The texts are plain text (a blank line starts a paragraph, a line starting with "- " is an item of a list; see
``text.py``): advisors edit them without HTML. A kind and language without a stored text shows the default taken
from the agency's public pages (``defaults.py``), so a fresh database has sensible pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.programmes.models import ProgrammeKind

SUMMARY_MAX = 600
BODY_MAX = 12_000
CONTACTS_PER_OFFER_MAX = 10


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")


class OfferText(models.Model):
    """The text of an offer's page in one language: a short summary (the list of offers) and the body."""

    kind = models.CharField(_("offer"), max_length=16, choices=ProgrammeKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, validators=[validate_no_cpr])
    body = models.TextField(_("text"), max_length=BODY_MAX, validators=[validate_no_cpr])
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("offer text")
        verbose_name_plural = _("offer texts")
        ordering = ("kind", "language")
        constraints = [models.UniqueConstraint(fields=("kind", "language"), name="unique_offer_text")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class ContactPerson(models.Model):
    """A person at the advisory function whom an organisation can call about an offer."""

    kind = models.CharField(_("offer"), max_length=16, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_cpr])
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[validate_no_cpr])
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_no_cpr])
    email = models.EmailField(_("e-mail address"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ("kind", "position", "pk")

    def __str__(self) -> str:
        return self.name
