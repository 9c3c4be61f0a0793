from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import DateInput, Form, ModelForm, form_field, label_choices
from advisory.core.honeypot import HoneypotMixin
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus
from advisory.intake.services import check_window
from advisory.organisations.models import Organisation
from advisory.programmes.models import TemplateVersion


class IntakeRoundForm(ModelForm):
    class Meta:
        model = IntakeRound
        fields = ("season", "theme", "description", "opens_on", "closes_on", "groups_planned", "template_version")
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = TemplateVersion.objects.filter(template__kind="group", published=True).select_related("template")
        form_field(self, "template_version", forms.ModelChoiceField).queryset = versions
        label_choices(self, "template_version", lambda v: f"{v.template.name} (version {v.number})")
        latest = versions.order_by("-number").first()
        if latest is not None and not self.is_bound:
            self.initial.setdefault("template_version", latest.pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        try:
            check_window(cleaned.get("opens_on"), cleaned.get("closes_on"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class RegistrationForm(HoneypotMixin, ModelForm):
    class Meta:
        model = Registration
        fields = (
            "organisation",
            "coordinator_name",
            "coordinator_email",
            "coordinator_phone",
            "development_point",
            "motivation",
            "expected_participants",
        )
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "development_point": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "motivation": _("Why do you want to take part, and what do you hope to get out of it?"),
            "development_point": _("The local development point related to the theme that you have in mind."),
            "expected_participants": _("How many people expect to take part (reflection meetings: 3 to 5)."),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = organisations if organisations is not None else Organisation.objects.all()
        organisation = form_field(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = queryset.order_by("kind", "name")
        organisation.empty_label = _("Choose your municipality or § 110 shelter")


class GroupForm(Form):
    registrations = forms.ModelMultipleChoiceField(
        label=_("Organisations in the group"),
        queryset=Registration.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose 3 to 6 registrations."),
    )
    title = forms.CharField(label=_("Title of the group"), max_length=200)
    acceptance_date = forms.DateField(
        label=_("Date of the written acceptance"), widget=DateInput(), help_text=_("The plan is dated from this.")
    )

    def __init__(self, *args: Any, round_: IntakeRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "registrations", forms.ModelChoiceField).queryset = round_.registrations.exclude(
            status=RegistrationStatus.IN_GROUP
        ).select_related("organisation")
        label_choices(self, "registrations", lambda r: f"{r.organisation.name} ({r.get_status_display()})")
