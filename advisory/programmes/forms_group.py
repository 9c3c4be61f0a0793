"""Forms of a group programme's records around its joint meetings (advisory/programmes/group_records.py); the pages
and the API validate with them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import DateInput, Form
from advisory.programmes.models import GoalProgress


class GoalForm(Form):
    text = forms.CharField(
        label=_("What should be different"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The change your organisation works towards in the programme, in a few sentences."),
    )
    due_on = forms.DateField(label=_("By when"), widget=DateInput())


class GoalStatusForm(Form):
    progress = forms.ChoiceField(label=_("How far have you got?"), choices=GoalProgress.choices)
    status = forms.CharField(
        label=_("Status"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A short status: what has changed, what is still missing."),
    )


class FeedbackForm(Form):
    text = forms.CharField(
        label=_("Feedback"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Feedback and sparring on the trial action. Everyone who can see the trial action reads it."),
    )


class WishForm(Form):
    text = forms.CharField(
        label=_("Wishes and needs for the meeting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What would you like the meeting to deal with? The advisors plan the meeting from your answers."),
    )
