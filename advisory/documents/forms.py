"""The upload form: the same checks for the web page and the API."""

from __future__ import annotations

import os
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.cpr import validate_no_cpr
from advisory.core.forms import ModelForm, form_field
from advisory.core.sizes import size_text
from advisory.documents import filetypes
from advisory.documents.models import Document, DocumentKind
from advisory.programmes.models import Activity, ActivityFormat, ActivityScope, Programme

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
ACCEPT = ".pdf,.pptx,.ppt,.docx,.doc"


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def clean_original_name(name: str) -> str:
    """The user's file name without folders or control characters, at most 255 characters (extension kept)."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, extension = os.path.splitext(name)
        extension = extension[:20]
        name = stem[: 255 - len(extension)] + extension
    return name or "dokument"


def check_upload(uploaded: Any) -> filetypes.FileType:
    """Size and type, from the content. Raises ValidationError with a Danish message (in a Danish request)."""
    size = getattr(uploaded, "size", 0) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too large: at most %(limit)s is allowed."),
            code="too_large",
            params={"limit": size_text(limit)},
        )
    found = filetypes.detect(uploaded)
    if found is None:
        raise ValidationError(_("The file is not a PDF, PowerPoint or Word file."), code="file_type")
    validate_no_cpr(clean_original_name(getattr(uploaded, "name", "") or ""))
    return found


class DocumentForm(ModelForm):
    """Upload a document to a programme. ``organisations``: those the user may upload for; ``for_advisory``:
    whether the user may upload the advisory function's own documents (no organisation)."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
    activity = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Activity.objects.none(),
        to_field_name="key",
        required=False,
        empty_label=_("No particular meeting"),
    )

    class Meta:
        model = Document
        fields = ("organisation", "activity", "kind", "title", "file", "shared_with_group")

    def __init__(self, *args: Any, programme: Programme, organisations: Any, for_advisory: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.detected: filetypes.FileType | None = None
        organisation = form_field(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = organisations
        organisation.required = not for_advisory
        organisation.empty_label = _("The advisory function") if for_advisory else None
        organisation.help_text = ""
        if not for_advisory and organisations.count() == 1 and not self.is_bound:
            self.initial.setdefault("organisation", organisations.first().pk)
        meetings = programme.activities.filter(scope=ActivityScope.SHARED).order_by("starts_on", "position")
        form_field(self, "activity", forms.ModelChoiceField).queryset = meetings
        if not self.is_bound:  # a presentation is mostly for the next joint meeting
            upcoming = meetings.filter(
                format__in=(ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON),
                starts_on__gte=timezone.localdate(),
                done_at__isnull=True,
            ).first()
            if upcoming is not None:
                self.initial.setdefault("activity", upcoming.key)
        self.fields["kind"].initial = DocumentKind.PRESENTATION
        self.fields["file"].help_text = _("PDF, PowerPoint or Word (pdf, pptx, ppt, docx, doc), at most %(limit)s.") % {
            "limit": size_text(max_bytes())
        }

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded is None:
            return uploaded
        self.detected = check_upload(uploaded)
        return uploaded
