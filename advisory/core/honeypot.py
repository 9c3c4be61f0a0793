"""A honeypot field for the public forms (registration, expression of interest, taskforce request).

The field is hidden from people: visually (DKFDS ``sr-only``), from screen readers (``aria-hidden``), from the
keyboard (``tabindex="-1"``) and from autofill (``autocomplete="off"``); its label asks anyone who meets it
anyway to leave it empty. Programs that fill in every field fill it in too. Such a submission is not stored:
the form is refused like any invalid form, with what was typed kept, and the honeypot itself is shown empty
again, so a person whose browser filled it in can simply send the form once more.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
HONEYPOT_FILLED = _("The form could not be sent. Check what you have written and send it again.")


class HoneypotInput(forms.TextInput):
    """Never shows a value, so a refused form comes back with the honeypot empty."""

    def __init__(self) -> None:
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    def format_value(self, value: Any) -> str | None:
        return None


class HoneypotField(forms.CharField):
    def __init__(self) -> None:
        super().__init__(
            label=_("Leave this field empty"),
            required=False,
            widget=HoneypotInput(),
        )
        self.template_name = "components/forms/honeypot.html"

    def run_validators(self, value: Any) -> None:
        """Never stored, so it needs no checks (a CPR number in it must not be an error on a hidden field)."""


class HoneypotMixin:
    """Adds the honeypot to a form (put it before the form class); a filled one is a non-field error, and the
    honeypot is never in ``cleaned_data``, so the form's data goes to its service unchanged."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = HoneypotField()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if (cleaned or {}).pop(HONEYPOT_FIELD, ""):
            raise ValidationError(HONEYPOT_FILLED, code="honeypot")
        return cleaned
