"""Documents uploaded to a programme: presentations for the meetings, analysis reports, agreements, material.

The file lives under ``MEDIA_ROOT/documents/`` with a random name (never the name the user gave it; that is kept in
``original_name`` for the download) and is served only through the download view, which checks access.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.documents.filetypes import extension_for, label_for
from advisory.organisations.models import Organisation
from advisory.programmes.models import Activity, Programme


class DocumentKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    ANALYSIS_REPORT = "analysis_report", _("Analysis report")
    AGREEMENT = "agreement", _("Agreement")
    MATERIAL = "material", _("Material")
    OTHER = "other", _("Other")


def document_path(instance: Document, filename: str) -> str:
    """A random name under documents/, with the extension of the type found in the content (not the user's)."""
    extension = instance.extension_for_storage()
    return f"documents/{uuid.uuid4().hex}{extension}"


class Document(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="documents", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("organisation"),
        help_text=_("Empty for the advisory function's own documents."),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.PRESENTATION)
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_cpr])
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, validators=[validate_no_cpr])
    content_type = models.CharField(_("content type"), max_length=100, validators=[validate_no_cpr])
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    shared_with_group = models.BooleanField(
        _("shared with the group"),
        default=True,
        help_text=_("Shared documents are read by the other organisations of the group and the advisors."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ("programme", "organisation", "-uploaded_at", "-pk")
        indexes = [models.Index(fields=("programme", "kind", "organisation", "activity"))]

    def __str__(self) -> str:
        return self.title

    @property
    def file_type_label(self) -> str:
        return label_for(self.content_type)

    def extension_for_storage(self) -> str:
        return extension_for(self.content_type)
