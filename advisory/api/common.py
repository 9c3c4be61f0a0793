"""Shared pieces of the API: error bodies and form-validation errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from ninja import Schema


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class FormInvalid(Exception):
    """Raised when a payload fails the same Django form the web page uses."""

    def __init__(self, form: forms.BaseForm) -> None:
        super().__init__("invalid form")
        self.errors: dict[str, list[str]] = {field: [str(e) for e in errs] for field, errs in form.errors.items()}


def validated(form: forms.BaseForm) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(form)
    return form.cleaned_data


def invalid_body(exc: FormInvalid) -> dict[str, Any]:
    return {"detail": _("The data is not valid."), "errors": exc.errors}


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
