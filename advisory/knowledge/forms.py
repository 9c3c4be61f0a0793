"""The knowledge bank's filter, the coordinator's choice to share, and the advisors' exemplary mark."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.core.forms import Form, form_field
from advisory.development.prerequisites import Prerequisite, for_kind
from advisory.knowledge import selectors
from advisory.organisations.models import OrganisationKind, Region


class BankFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=selectors.MAX_QUERY_LENGTH)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    prerequisite = forms.ChoiceField(
        label=_("Prerequisite"), required=False, choices=[("", _("All prerequisites")), *Prerequisite.choices]
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none(), empty_label=_("All regions")
    )
    exemplary = forms.BooleanField(label=_("Only exemplary"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "theme", forms.ChoiceField).choices = [
            ("", _("All themes")),
            *((theme, theme) for theme in selectors.themes(user)),
        ]
        form_field(self, "region", forms.ModelChoiceField).queryset = Region.objects.order_by("name")


class ShareForm(Form):
    prerequisite = forms.ChoiceField(
        label=_("Prerequisite"),
        widget=forms.RadioSelect,
        help_text=_("The prerequisite for anchoring Housing First the trial action worked on."),
    )

    def __init__(self, *args: Any, programme_kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "prerequisite", forms.ChoiceField).choices = [
            (prerequisite.value, prerequisite.label) for prerequisite in for_kind(programme_kind)
        ]


class ExemplaryForm(Form):
    exemplary = forms.BooleanField(label=_("Exemplary"), required=False)
