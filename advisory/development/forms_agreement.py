"""Forms of the collaboration agreement, the ratings and the anchoring plan (DKFDS, CPR guard)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import DateInput, Form, ModelForm
from advisory.development.models import AnchoringPlan, CollaborationAgreement
from advisory.development.ratings import SCALE

SCORE_LABELS = {
    1: _("1 – not in place"),
    2: _("2 – a little"),
    3: _("3 – partly"),
    4: _("4 – largely"),
    5: _("5 – fully in place"),
}
CHOOSE_SCORE = _("Choose a score from 1 to 5.")
SIGNED_ON_REQUIRED = _("Enter the date the agreement was signed.")
NAME_REQUIRED = _("Enter the name of the person who signed.")
CONFIRM_REOPEN = _("Confirm that the agreement is to be reopened.")


class AgreementForm(ModelForm):
    """The parts of the agreement that the records do not hold."""

    class Meta:
        model = CollaborationAgreement
        fields = ("data_collection", "notes")
        widgets = {
            "data_collection": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "data_collection": _("Which data the taskforce collects, from whom, when, and how it is handled."),
            "notes": _("Anything else the parties agree on. Do not write personal information about citizens."),
        }

    def __init__(self, *args: Any, taskforce: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not taskforce:
            del self.fields["data_collection"]


class SignForm(Form):
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=DateInput(),
        error_messages={"required": SIGNED_ON_REQUIRED},
    )
    signed_by_organisation = forms.CharField(
        label=_("Signed for the organisation by"),
        max_length=300,
        help_text=_("Name and title."),
        error_messages={"required": NAME_REQUIRED},
    )
    signed_by_agency = forms.CharField(
        label=_("Signed for Social- og Boligstyrelsen by"),
        max_length=300,
        help_text=_("Name and title."),
        error_messages={"required": NAME_REQUIRED},
    )
    signed_by_appeals_agency = forms.CharField(
        label=_("Signed for Ankestyrelsen by"),
        max_length=300,
        help_text=_("Name and title."),
        error_messages={"required": NAME_REQUIRED},
    )

    def __init__(self, *args: Any, taskforce: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not taskforce:
            del self.fields["signed_by_appeals_agency"]


class ReopenForm(Form):
    confirm = forms.BooleanField(
        label=_("Yes, reopen the agreement as a new draft version"),
        error_messages={"required": CONFIRM_REOPEN},
    )


class RatingForm(Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(value, SCORE_LABELS[value]) for value in SCALE],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_SCORE, "invalid_choice": CHOOSE_SCORE},
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A short reason, e.g. from the mapping or the analysis."),
    )
    rated_on = forms.DateField(label=_("Rated on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"rated_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AnchoringPlanForm(ModelForm):
    class Meta:
        model = AnchoringPlan
        fields = ("what_continues", "responsible", "follow_up", "next_review_on")
        widgets = {
            "what_continues": forms.Textarea(attrs={"rows": 6}),
            "responsible": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 5}),
            "next_review_on": DateInput(),
        }
        help_texts = {
            "what_continues": _("The practice to hold on to, and the development that continues after the programme."),
            "responsible": _("Roles or names, e.g. the steering group or the implementation team."),
            "follow_up": _("How and how often progress is followed up, and by whom."),
        }
