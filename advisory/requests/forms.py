from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import Role, User
from advisory.core.forms import DateInput, Form, ModelForm, form_field, label_choices
from advisory.core.honeypot import HoneypotMixin
from advisory.organisations.models import Organisation
from advisory.programmes.forms import START_OVERRIDE_REASON_REQUIRED, ProgrammeForm
from advisory.requests.models import ExpressionOfInterest, InterestStatus, RequestStatus, Season, TaskforceRequest
from advisory.requests.selectors import open_seasons

CONTACT_HELP = {
    "needs": _("What would you like help with? Describe your current effort and the challenges you see."),
    "expectations": _("What do you expect of the programme and of the advisory function?"),
}
REASON_HELP = _("Sent to the organisation's contact person by e-mail.")


def _staff(roles: list[str]) -> Any:
    return User.objects.filter(role__in=roles, is_active=True).order_by("first_name", "last_name", "email")


class ExpressionOfInterestForm(HoneypotMixin, ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ("organisation", "contact_name", "contact_email", "contact_phone", "needs", "expectations")
        widgets = {"needs": forms.Textarea(attrs={"rows": 5}), "expectations": forms.Textarea(attrs={"rows": 4})}
        help_texts = CONTACT_HELP

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = organisations if organisations is not None else Organisation.objects.all()
        organisation = form_field(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = queryset.order_by("kind", "name")
        organisation.empty_label = _("Choose your municipality or § 110 shelter")


class TaskforceRequestForm(HoneypotMixin, ModelForm):
    class Meta:
        model = TaskforceRequest
        fields = (
            "organisation",
            "contact_name",
            "contact_email",
            "contact_phone",
            "needs",
            "expectations",
            "wished_season",
            "received_via",
        )
        widgets = {"needs": forms.Textarea(attrs={"rows": 5}), "expectations": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            **CONTACT_HELP,
            "organisation": _("Only municipalities can request a taskforce programme."),
            "wished_season": _("Programmes start in spring and in autumn. Optional."),
            "received_via": _("How the request reached the advisory function."),
        }

    def __init__(self, *args: Any, organisations: Any = None, on_behalf: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = organisations if organisations is not None else Organisation.objects.all()
        organisation = form_field(self, "organisation", forms.ModelChoiceField)
        organisation.queryset = queryset.order_by("kind", "name")
        organisation.empty_label = _("Choose your municipality")
        today = timezone.localdate()
        wished_season = form_field(self, "wished_season", forms.ModelChoiceField)
        wished_season.queryset = open_seasons(today)
        wished_season.empty_label = _("No wish")
        if not on_behalf:  # only advisors register a phoned request on the municipality's behalf
            del self.fields["received_via"]


class InterestFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *InterestStatus.choices])


class RequestFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices])


class AcceptInterestForm(Form):
    start_date = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=_("The plan of the individual programme is dated from this."),
    )
    title = forms.CharField(label=_("Title of the programme"), max_length=200)
    advisors = forms.ModelMultipleChoiceField(
        label=_("Responsible advisors"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "advisors", forms.ModelChoiceField).queryset = _staff([Role.ADVISOR])


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=REASON_HELP,
        error_messages={"required": _("Give a reason; it is sent to the organisation's contact person.")},
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason for the withdrawal.")},
    )


class AllocateForm(Form):
    season = forms.ModelChoiceField(
        label=_("Season"),
        queryset=Season.objects.none(),
        help_text=_("A free slot is allocated; when the season is full, the request goes on its waiting list."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        season = form_field(self, "season", forms.ModelChoiceField)
        season.queryset = open_seasons()
        season.empty_label = _("Choose a season")


class StartRequestForm(Form):
    start_date = forms.DateField(
        label=_("Start date"), widget=DateInput(), help_text=_("A date in the season; the plan is dated from this.")
    )
    title = forms.CharField(label=_("Title of the programme"), max_length=200)
    advisors = forms.ModelMultipleChoiceField(
        label=_("Advisors and taskforce members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The programme is staffed jointly by advisors and taskforce members from Ankestyrelsen."),
    )

    # As on the programme page: a start outside the template's start seasons needs the override and a reason.
    start_override = ProgrammeForm.base_fields["start_override"]
    start_override_reason = ProgrammeForm.base_fields["start_override_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "advisors", forms.ModelChoiceField).queryset = _staff([Role.ADVISOR, Role.TASKFORCE_MEMBER])
        label_choices(self, "advisors", lambda u: f"{u} ({u.get_role_display()})")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start_override") and not cleaned.get("start_override_reason", "").strip():
            self.add_error("start_override_reason", START_OVERRIDE_REASON_REQUIRED)
        return cleaned


class CapacityForm(ModelForm):
    class Meta:
        model = Season
        fields = ("capacity",)
