"""Forms of the taskforce pages; the API validates its payloads with the same forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import DateInput, Form, ModelForm, form_field, label_choices
from advisory.documents.models import Document
from advisory.programmes.models import Programme
from advisory.taskforce.models import (
    PRESENTATION_ACTIVITY,
    DataCollectionItem,
    FollowUpItem,
    FollowUpStatus,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)

BOOLEAN_UNKNOWN = (("", _("Not known yet")), ("true", _("Yes")), ("false", _("No")))


class DataItemForm(ModelForm):
    class Meta:
        model = DataCollectionItem
        fields = ("what", "source", "responsible", "due_on", "status", "note")
        widgets = {"due_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "what": _("E.g. case files for 20 citizens, statistics on evictions, the housing allocation agreement."),
            "responsible": _("The name of the person responsible (no CPR numbers)."),
        }


class DataItemStatusForm(ModelForm):
    """The municipality's coordinator updates the status and note only."""

    class Meta:
        model = DataCollectionItem
        fields = ("status", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PresentationForm(ModelForm):
    class Meta:
        model = PoliticalPresentation
        fields = ("kind", "presented_on", "committee", "material", "notes")
        widgets = {"presented_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "material": _("Upload the material on the programme's documents page first; then choose it here."),
            "presented_on": _("The date moves the presentation's activity in the plan."),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if self.instance.programme_id is None:
            self.instance.programme = programme
        material = form_field(self, "material", forms.ModelChoiceField)
        material.queryset = Document.objects.filter(programme=programme).order_by("-uploaded_at", "-pk")
        material.empty_label = _("No material")
        if not self.is_bound and not self.instance.pk:
            self.fields["kind"].initial = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        if kind:
            key = PRESENTATION_ACTIVITY.get(kind)
            activity = self.programme.activities.filter(template_key=key).order_by("occurrence").first()
            self.instance.activity = activity
        return cleaned


class LearningActivityForm(ModelForm):
    attended = forms.TypedChoiceField(
        label=_("Attended"),
        choices=BOOLEAN_UNKNOWN,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = LearningActivity
        fields = (
            "title",
            "description",
            "held_on",
            "offered_by",
            "format",
            "attended",
            "participants",
            "attendance_note",
        )
        widgets = {
            "held_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "attendance_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk and self.instance.attended is not None:
            self.initial["attended"] = "true" if self.instance.attended else "false"
        participants = form_field(self, "participants", forms.IntegerField)
        participants.max_value = 10000
        participants.widget.attrs["max"] = 10000
        participants.validators.append(_max_participants)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("attended") is False and cleaned.get("participants"):
            self.add_error("participants", _("No one attended: leave the number of participants empty."))
        return cleaned


def _max_participants(value: int | None) -> None:
    from django.core.exceptions import ValidationError

    if value is not None and value > 10000:
        raise ValidationError(_("At most 10,000 participants."))


class DecisionForm(ModelForm):
    """A decision of a status meeting and, optionally, its first follow-up item."""

    follow_up = forms.CharField(
        label=_("Follow-up item"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What is to be done after the decision (optional; more can be added below)."),
    )
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    class Meta:
        model = StatusDecision
        fields = ("text",)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("follow_up") and (cleaned.get("owner") or cleaned.get("due_on")):
            self.add_error("follow_up", _("Describe the follow-up item, or leave owner and due date empty."))
        return cleaned

    def follow_ups(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("follow_up"):
            return []
        return [{"text": data["follow_up"], "owner": data.get("owner", ""), "due_on": data.get("due_on")}]


class DecisionEditForm(ModelForm):
    class Meta:
        model = StatusDecision
        fields = ("text",)
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(ModelForm):
    class Meta:
        model = FollowUpItem
        fields = ("decision", "text", "owner", "due_on", "status", "note")
        widgets = {
            "due_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = form_field(self, "decision", forms.ModelChoiceField)
        decision.queryset = StatusDecision.objects.filter(activity=meeting)
        decision.empty_label = _("No particular decision")
        label_choices(self, "decision", lambda d: d.text[:80])


class FollowUpStatusForm(ModelForm):
    """The municipality's coordinator updates the status and note only."""

    class Meta:
        model = FollowUpItem
        fields = ("status", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class FollowUpCheckForm(Form):
    status = forms.ChoiceField(label=_("Result"), choices=FollowUpStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
