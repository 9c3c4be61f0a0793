"""Forms of the development work: the same checks for the web pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import DateInput, ModelForm, form_field, label_choices
from advisory.development import prerequisites
from advisory.development.models import (
    DevelopmentAction,
    DevelopmentPoint,
    Goal,
    PracticeMapping,
    ProgressNote,
    Recommendation,
)
from advisory.documents.models import Document
from advisory.programmes.models import Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REQUIRED = {"required": _("This field is required.")}


def _prerequisite_choices(programme: Programme) -> list[tuple[str, StrOrPromise]]:
    return [(p.value, p.label) for p in prerequisites.for_kind(programme.kind)]


class _ProgrammeForm(ModelForm):
    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if "prerequisite" in self.fields:
            field = form_field(self, "prerequisite", forms.ChoiceField)
            field.choices = [("", "---------"), *_prerequisite_choices(programme)]
            field.label = _("Theme") if programme.kind == "taskforce" else _("Prerequisite")


class MappingForm(_ProgrammeForm):
    documents = forms.ModelMultipleChoiceField(
        label=_("Uploaded documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Documents uploaded to the programme that the mapping builds on."),
    )

    class Meta:
        model = PracticeMapping
        fields = ("current_practice", "strengths", "challenges", "source_material", "documents")
        widgets = {
            "current_practice": forms.Textarea(attrs={"rows": 6}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "challenges": forms.Textarea(attrs={"rows": 4}),
            "source_material": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "current_practice": _("How the organisation works today."),
            "source_material": _("Interviews, meetings, statistics, local documents the mapping builds on."),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        documents = Document.objects.filter(programme=programme).order_by("-uploaded_at", "-pk")
        form_field(self, "documents", forms.ModelChoiceField).queryset = documents
        label_choices(self, "documents", lambda d: d.title)
        if not documents.exists():
            del self.fields["documents"]


class RecommendationForm(_ProgrammeForm):
    class Meta:
        model = Recommendation
        fields = ("prerequisite", "text", "justification")
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "justification": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"prerequisite": REQUIRED, "text": REQUIRED}


class DevelopmentPointForm(_ProgrammeForm):
    class Meta:
        model = DevelopmentPoint
        fields = ("prerequisite", "title", "description", "recommendation")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"prerequisite": REQUIRED, "title": REQUIRED}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        field = form_field(self, "recommendation", forms.ModelChoiceField)
        field.queryset = programme.recommendations.order_by("position", "pk")
        label_choices(self, "recommendation", lambda r: f"{r.position}. {r.text[:120]}")
        field.empty_label = _("Not from a recommendation")
        field.required = False


class GoalForm(ModelForm):
    class Meta:
        model = Goal
        fields = ("text", "due_on", "status")
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}
        error_messages = {"text": REQUIRED, "due_on": REQUIRED}


class GoalStatusForm(ModelForm):
    """The coordinator's form: only the status."""

    class Meta:
        model = Goal
        fields = ("status",)


class ProgressNoteForm(ModelForm):
    class Meta:
        model = ProgressNote
        fields = ("written_on", "text")
        widgets = {"written_on": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}
        labels = {"text": _("What has happened, and what is next")}
        error_messages = {"written_on": REQUIRED, "text": REQUIRED}


class ProgressNoteCommentForm(ModelForm):
    class Meta:
        model = ProgressNote
        fields = ("comment",)
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}


class DevelopmentActionForm(ModelForm):
    class Meta:
        model = DevelopmentAction
        fields = ("text", "owner", "deadline", "status")
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "deadline": DateInput()}
        error_messages = {"text": REQUIRED, "owner": REQUIRED, "deadline": REQUIRED}
