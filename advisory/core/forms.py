"""Django forms rendered with DKFDS markup.

Every form in the platform goes through ``DkfdsFormRenderer``: fields get the
DKFDS classes, a field in error gets ``aria-invalid`` and an ``aria-describedby``
that names both its hint and its error message, and the form starts with an
error summary that links to each field in error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from advisory.core.cpr import has_cpr_validator, validate_no_cpr
from advisory.core.dates import MAX_DATE, MIN_DATE, validate_date_in_range

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.ClearableFileInput: "form-file-input",
    forms.FileInput: "form-file-input",
}


def widget_css_class(widget: forms.Widget) -> str:
    for widget_type in type(widget).__mro__:
        if widget_type in _WIDGET_CLASSES:
            return _WIDGET_CLASSES[widget_type]
    return "form-input"


class DkfdsBoundField(BoundField):
    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def anchor_id(self) -> str:
        """The element the error summary links to: the field, or the first option of a list of choices."""
        if self.is_choice_list:
            return self.field.widget.id_for_label(self.auto_id, "0")
        return self.auto_id

    @property
    def is_choice_list(self) -> bool:
        return isinstance(self.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = widget_css_class(widget)
        existing = widget.attrs.get("class", "")
        if css not in existing.split():
            attrs["class"] = f"{existing} {css}".strip()
        described_by = []
        if self.help_text:
            described_by.append(self.hint_id)
        if self.errors:
            described_by.append(self.error_id)
            attrs["aria-invalid"] = "true"
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
    bound_field_class = DkfdsBoundField


class DateInput(forms.DateInput):
    """A native date picker; the browser shows it in the user's locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# Form fields that take structured values, not free text, and so need no CPR guard.
_NOT_FREE_TEXT_FIELDS = (
    forms.EmailField,
    forms.URLField,
    forms.SlugField,
    forms.UUIDField,
    forms.GenericIPAddressField,
    forms.JSONField,
)


def is_free_text_form_field(field: forms.Field) -> bool:
    """A CharField (or subclass) a person types prose into; passwords and structured values are not."""
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field, _NOT_FREE_TEXT_FIELDS)
        and not isinstance(field.widget, forms.PasswordInput)
    )


class CprGuardMixin:
    """Gives every free-text field of a form the CPR-number guard (advisory.core.cpr).

    Forms of the platform derive from ``Form`` or ``ModelForm`` below; the system check
    ``advisory.E101`` fails for a form with a free-text field that has no guard.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_free_text_form_field(field) and not has_cpr_validator(field.validators):
                field.validators.append(validate_no_cpr)


class DateRangeMixin:
    """Gives every date field of a form the one accepted range of typed dates (advisory.core.dates), and the date
    picker the same range as ``min`` and ``max``."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            if validate_date_in_range not in field.validators:
                field.validators.append(validate_date_in_range)
            if isinstance(field.widget, DateInput):
                field.widget.attrs.setdefault("min", MIN_DATE.isoformat())
                field.widget.attrs.setdefault("max", MAX_DATE.isoformat())


class Form(CprGuardMixin, DateRangeMixin, forms.Form):
    """The base of every plain form of the platform."""


class ModelForm(CprGuardMixin, DateRangeMixin, forms.ModelForm):
    """The base of every model form of the platform (the model fields carry the guard too)."""


FieldT = TypeVar("FieldT", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field ``name`` as the kind of field it is (``form.fields`` knows only ``Field``), for setting
    what only that kind has, such as a ``ModelChoiceField``'s ``queryset``."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(
            f"The field {name!r} of {type(form).__name__} is a {type(field).__name__}, not a {kind.__name__}."
        )
    return field


def label_choices(form: forms.BaseForm, name: str, label: Callable[[Any], str]) -> None:
    """Shows each choice of the model choice field ``name`` as ``label(instance)`` instead of ``str(instance)``."""
    field = form_field(form, name, forms.ModelChoiceField)
    # Django reads the label through this method; replacing it on the instance spares a field subclass per label.
    field.label_from_instance = label  # type: ignore[method-assign, assignment]
