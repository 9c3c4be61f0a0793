"""The overview pages' filters: every value checked here, for the pages (a message on the form) and the API (400)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import Role, User
from advisory.core.forms import DateInput, Form
from advisory.organisations.models import Region
from advisory.programmes.models import ProgrammeKind, ProgrammeStatus, TemplateVersion

FIRST_YEAR, LAST_YEAR = 2020, 2100


def _cleaned(form: forms.Form) -> dict[str, Any]:
    """The filters of a valid form; the defaults (no filter) of an unbound or invalid one."""
    if form.is_bound and form.is_valid():
        return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    return {}


class GroupBy:
    NONE = ""
    KIND = "kind"
    STATUS = "status"
    TEMPLATE = "template"


GROUP_CHOICES = [
    (GroupBy.NONE, _("No grouping")),
    (GroupBy.KIND, _("Kind")),
    (GroupBy.STATUS, _("Status")),
    (GroupBy.TEMPLATE, _("Template")),
]


def _staff_choices() -> Any:
    return User.objects.filter(role__in=(Role.ADVISOR, Role.TASKFORCE_MEMBER, Role.ADMINISTRATOR)).order_by(
        "first_name", "last_name", "pk"
    )


class PortfolioFilterForm(Form):
    """Which programmes the portfolio shows (and the programme list export holds): one year at a time."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProgrammeKind.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ProgrammeStatus.choices]
    )
    advisor = forms.ModelChoiceField(
        label=_("Advisor"), required=False, queryset=User.objects.none(), empty_label=_("All advisors")
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none(), empty_label=_("All regions")
    )
    template = forms.ModelChoiceField(
        label=_("Template"), required=False, queryset=TemplateVersion.objects.none(), empty_label=_("All templates")
    )
    group = forms.ChoiceField(label=_("Group by"), required=False, choices=GROUP_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        advisor_field: Any = self.fields["advisor"]
        advisor_field.queryset = _staff_choices()
        advisor_field.label_from_instance = lambda user: user.get_full_name() or user.email
        region_field: Any = self.fields["region"]
        region_field.queryset = Region.objects.order_by("name")
        template_field: Any = self.fields["template"]
        template_field.queryset = TemplateVersion.objects.select_related("template").defer("spec")

    def criteria(self) -> dict[str, Any]:
        """The cleaned filters with the year filled in (this year when none is given); none when not valid."""
        data = _cleaned(self)
        data["year"] = data.get("year") or timezone.localdate().year
        return data


class CapacityFilterForm(Form):
    """The load page: whose load (advisors, taskforce members or both), and the year of the intake."""

    PEOPLE_CHOICES = [
        ("", _("Advisors and taskforce members")),
        (Role.ADVISOR, _("Advisors")),
        (Role.TASKFORCE_MEMBER, _("Taskforce members")),
    ]
    people = forms.ChoiceField(label=_("People"), required=False, choices=PEOPLE_CHOICES)
    year = forms.IntegerField(label=_("Year of the intake"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def criteria(self) -> dict[str, Any]:
        data = _cleaned(self)
        data["year"] = data.get("year") or timezone.localdate().year
        return data


class Reached:
    ANY = ""
    NEVER = "never"
    EVER = "ever"
    RECENT = "recent"
    NOW = "now"


REACHED_CHOICES = [
    (Reached.ANY, _("All")),
    (Reached.NEVER, _("Never taken part")),
    (Reached.EVER, _("Taken part at some time")),
    (Reached.RECENT, _("Taken part in the last 2 years")),
    (Reached.NOW, _("Taking part now")),
]


class ReachFilterForm(Form):
    """The reach page: which kind of programme, which region and which answer, and the day the regions are read on."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProgrammeKind.choices])
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none(), empty_label=_("All regions")
    )
    reached = forms.ChoiceField(label=_("Taken part"), required=False, choices=REACHED_CHOICES)
    on = forms.DateField(
        label=_("Regions as on"),
        required=False,
        widget=DateInput(),
        help_text=_("Region Østdanmark from 1 January 2027."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        region_field.queryset = Region.objects.order_by("name")

    def criteria(self) -> dict[str, Any]:
        data = _cleaned(self)
        data["on"] = data.get("on") or timezone.localdate()
        return data


def month_label(day: datetime.date) -> str:
    return date_format(day, "F Y")
