from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import Role, User
from advisory.core.forms import DateInput, Form, ModelForm, form_field, label_choices
from advisory.organisations.models import Organisation
from advisory.programmes import services
from advisory.programmes.models import ProgrammeKind, ProgrammeStatus, TemplateVersion, TrialAction


class ProgrammeFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProgrammeKind.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ProgrammeStatus.choices]
    )
    mine = forms.BooleanField(label=_("Only my programmes"), required=False)


START_OVERRIDE_REASON_REQUIRED = _("Give the reason for starting the programme outside the seasons.")


class ProgrammeForm(Form):
    """Creating a programme: the template version, who takes part, and the first anchor date."""

    version = forms.ModelChoiceField(
        label=_("Programme template"),
        queryset=TemplateVersion.objects.none(),
        empty_label=_("Choose a template"),
        help_text=_("The kind of programme and the version of its rules."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False, help_text=_("For group programmes."))
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        help_text=_("Hold Ctrl (or Cmd) to choose several. A group has 3 to 6 organisations."),
    )
    anchor_date = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        help_text=_("Group: the date of the written acceptance. Individual and taskforce: the start of the programme."),
    )
    kickoff = forms.DateField(label=_("Kickoff meeting (if already agreed)"), widget=DateInput(), required=False)
    count = forms.IntegerField(  # its bounds are the template's: checked by the planning engine in clean()
        label=_("Number of recurring meetings"),
        required=False,
        help_text=_(
            "Reflection meetings (group, at least 2), support meetings (individual) or status meetings (taskforce)."
        ),
    )
    advisors = forms.ModelMultipleChoiceField(
        label=_("Responsible advisors"), queryset=User.objects.none(), required=False
    )
    # Administrators only (removed for everyone else): a taskforce programme beyond its season's capacity.
    season_override = forms.BooleanField(
        label=_("Create the taskforce programme even if its season is full"),
        required=False,
        help_text=_("Administrators only. A taskforce programme takes one of the season's slots, like a request."),
    )
    override_reason = forms.CharField(
        label=_("Reason for exceeding the season's capacity"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the season is full. Kept with the programme and in the audit log."),
    )

    # A kind that starts in seasons only (taskforce: spring and autumn): an advisor's override, with a reason.
    start_override = forms.BooleanField(
        label=_("The programme starts outside its start seasons"),
        required=False,
        help_text=_(
            "Taskforce programmes start in the spring and autumn seasons. Tick this to start one at another time."
        ),
    )
    start_override_reason = forms.CharField(
        label=_("Reason for starting outside the seasons"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when the programme starts outside the seasons. Kept with the programme and in the audit log."
        ),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not getattr(user, "is_administrator", False):
            del self.fields["season_override"], self.fields["override_reason"]
        version = form_field(self, "version", forms.ModelChoiceField)
        version.queryset = TemplateVersion.objects.filter(published=True).select_related("template")
        label_choices(self, "version", lambda v: f"{v.template.name} (version {v.number})")
        form_field(self, "organisations", forms.ModelChoiceField).queryset = Organisation.objects.order_by("name")
        form_field(self, "advisors", forms.ModelChoiceField).queryset = User.objects.filter(
            role__in=[Role.ADVISOR, Role.TASKFORCE_MEMBER], is_active=True
        ).order_by("first_name", "last_name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        version: TemplateVersion | None = cleaned.get("version")
        if version is None:
            return cleaned
        organisations = cleaned.get("organisations")
        if organisations is not None:  # the service's rules, so that the preview shows what saving would refuse
            try:
                services.organisations_check(version=version, organisations=organisations)
            except ValidationError as exc:
                self.add_error(None, exc)
        if cleaned.get("anchor_date") is not None and not self.has_error("count"):
            self._check_plan(version)
        if cleaned.get("anchor_date") is not None and not self.has_error("anchor_date"):
            self._check_start_season(version)
        return cleaned

    def start_reason(self) -> str:
        """The reason for a start outside the seasons, when the override is ticked ("" otherwise)."""
        return self.cleaned_data.get("start_override_reason", "") if self.cleaned_data.get("start_override") else ""

    def _check_start_season(self, version: TemplateVersion) -> None:
        """The service's rule, so that the preview shows what saving would refuse: a start outside the kind's
        seasons needs the override and its reason."""
        reason = self.start_reason()
        if self.cleaned_data.get("start_override") and not reason.strip():
            self.add_error("start_override_reason", START_OVERRIDE_REASON_REQUIRED)
            return
        try:
            services.start_season_check(version=version, anchors=self.anchors(), override_reason=reason)
        except services.PlanRefused as exc:
            self.add_error("anchor_date", exc.messages)

    def _check_plan(self, version: TemplateVersion) -> None:
        """The planning engine's own checks (the count within the template's bounds, a plan it can make), so that
        the page and the API refuse what the service would, with the same message."""
        try:
            services.plan_preview(version=version, anchors=self.anchors(), options=self.options())
        except services.PlanRefused as exc:
            field = {"options": "count", "anchors.kickoff": "kickoff"}.get(exc.field, "anchor_date")
            self.add_error(field, exc.messages)

    def anchors(self) -> dict[str, Any]:
        version: TemplateVersion = self.cleaned_data["version"]
        template = version.engine_template()
        anchors = {template.anchors[0]: self.cleaned_data["anchor_date"]}
        kickoff = self.cleaned_data.get("kickoff")
        if kickoff and "kickoff" in template.optional_anchors:
            anchors["kickoff"] = kickoff
        return anchors

    def options(self) -> dict[str, int]:
        version: TemplateVersion = self.cleaned_data["version"]
        count = self.cleaned_data.get("count")
        names = list(version.engine_template().options)
        return {names[0]: count} if count is not None and names else {}


class MoveForm(Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    date = forms.DateField(label=_("New date"), widget=DateInput())


class ActivityForm(Form):
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("A full-day meeting lasts 4 to 6 hours."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data

    location = forms.CharField(label=_("Place or video link"), required=False, max_length=255)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Shown on the meeting page to everyone taking part."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("For example what was agreed at the meeting."),
    )


class SlotOfferForm(Form):
    """A time the advisors offer for the organisations' own call (each coordinator books one)."""

    starts_on = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))


class TrialActionForm(ModelForm):
    class Meta:
        model = TrialAction
        fields = (
            "organisation",
            "development_point",
            "plan",
            "starts_on",
            "ends_on",
            "who",
            "expectation",
            "experiences",
            "evaluation",
            "adjustment",
            "status",
            "shared_with_group",
        )
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("plan", "expectation", "experiences", "evaluation", "adjustment")
            },
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "organisation", forms.ModelChoiceField).queryset = organisations
        if organisations.count() == 1 and not self.is_bound and not self.instance.pk:
            self.initial["organisation"] = organisations.first().pk

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The period must end on or after the day it starts."))
        return cleaned


class CriterionForm(Form):
    """An advisor's judgement of a success criterion for one organisation."""

    met = forms.ChoiceField(
        label=_("Is the criterion met?"),
        choices=[("yes", _("Yes, it is met")), ("no", _("No, not yet"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows it. The organisation's coordinator reads the comment."),
    )


class CompleteForm(Form):
    confirm = forms.BooleanField(
        label=_("I confirm that the programme is completed"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
