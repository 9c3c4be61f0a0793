from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import DateInput, Form, ModelForm, form_field, label_choices
from advisory.core.honeypot import HoneypotMixin
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus
from advisory.intake.services import ROUND_FIELD_ORDER, check_round
from advisory.organisations.models import Organisation
from advisory.programmes.models import TemplateVersion


class IntakeRoundForm(ModelForm):
    class Meta:
        model = IntakeRound
        fields: tuple[str, ...] = ROUND_FIELD_ORDER
        widgets = {
            "announce_from": DateInput(),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "expected_start": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = TemplateVersion.objects.filter(template__kind="group", published=True).select_related("template")
        form_field(self, "template_version", forms.ModelChoiceField).queryset = versions
        label_choices(self, "template_version", lambda v: f"{v.template.name} (version {v.number})")
        latest = versions.order_by("-number").first()
        if latest is not None and not self.is_bound:
            self.initial.setdefault("template_version", latest.pk)

    def place(self) -> dict[str, Any]:
        """The round's year and half-year as the rules see them."""
        return {"year": self.cleaned_data.get("year"), "half": self.cleaned_data.get("half", "")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        try:
            check_round({**cleaned, **self.place()}, instance=self.instance)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class YearRoundForm(IntakeRoundForm):
    """The year's spring or autumn round on the year's intake page: its place is the page's, not a field."""

    class Meta(IntakeRoundForm.Meta):
        fields = tuple(f for f in IntakeRoundForm.Meta.fields if f not in ("year", "half"))

    def __init__(self, *args: Any, year: int, half: str, **kwargs: Any) -> None:
        self.year, self.half = year, half
        super().__init__(*args, **kwargs)
        for name in ("announce_from", "expected_start"):
            self.fields[name].required = True

    def place(self) -> dict[str, Any]:
        return {"year": self.year, "half": self.half}


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
        # Those from an earlier round's waiting list first, as in the round's list of registrations.
        form_field(self, "registrations", forms.ModelChoiceField).queryset = (
            round_.registrations.exclude(status=RegistrationStatus.IN_GROUP)
            .select_related("organisation")
            .order_by(F("from_waiting_list").asc(nulls_last=True), "created_at", "pk")
        )
        label_choices(self, "registrations", registration_label)


def registration_label(registration: Registration) -> str:
    status = str(registration.get_status_display())
    if registration.from_waiting_list_id is not None:
        status = f"{status}, {_('from the waiting list')}"
    return f"{registration.organisation.name} ({status})"
