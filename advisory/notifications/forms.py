from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import Form, form_field
from advisory.notifications.models import MailMode, OutboxStatus

STATUS_CHOICES = [
    ("", _("All")),
    *OutboxStatus.choices,
    ("gave_up", _("Failed, not retried any more")),
]


class OutboxFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    q = forms.CharField(label=_("Recipient or subject"), required=False, max_length=100)


class MailModeForm(Form):
    mail_mode = forms.ChoiceField(
        label=_("Reminders by e-mail"),
        choices=MailMode.choices,
        widget=forms.RadioSelect,
        help_text=_("Reminders before activities and notices of what is overdue. Invitations always come at once."),
    )


class ProgrammeFeedForm(Form):
    programme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, empty_label=_("Choose a programme")
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "programme", forms.ModelChoiceField).queryset = programmes


class OrganisationFeedForm(Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=_("Choose an organisation")
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "organisation", forms.ModelChoiceField).queryset = organisations
