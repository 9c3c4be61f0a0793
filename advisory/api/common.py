"""Shared pieces of the API: error bodies, form-validation errors and schema-validation errors.

Every refusal of bad input has the same shape, ``{"detail": ..., "errors": {field: [messages]}}``,
with the field named as the client sent it and the messages in the request's language. Schema errors
(wrong types, missing or too long values, found by django-ninja before the view runs) reuse Django's
own messages, so they are translated like the forms' messages are.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Schema
from ninja.parser import Parser
from pydantic import WithJsonSchema


class ObjectBodyParser(Parser):
    """Every JSON body of the API is an object (a schema). django-ninja reads an array, a string, a number or null
    as an object without attributes, so a PATCH with such a body answered 200 as an empty change; it is refused as
    a body that cannot be read (400) instead."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("The request body is not a JSON object.")
        return data


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class FormInvalid(Exception):
    """Raised when a payload fails the same Django form the web page uses."""

    def __init__(self, form: forms.BaseForm, names: Mapping[str, str] | None = None) -> None:
        super().__init__("invalid form")
        names = names or {}
        self.errors: dict[str, list[str]] = {
            names.get(field, field): [str(e) for e in errs] for field, errs in form.errors.items()
        }

    @classmethod
    def from_errors(cls, errors: Mapping[str, list[str]]) -> FormInvalid:
        """For checks made outside a form: a service's ValidationError, the planning engine."""
        exc = cls.__new__(cls)
        Exception.__init__(exc, "invalid")
        exc.errors = {field: [str(message) for message in messages] for field, messages in errors.items()}
        return exc

    @classmethod
    def from_message(cls, field: str, message: str) -> FormInvalid:
        """Dates the planning engine cannot place."""
        return cls.from_errors({field: [_("The dates do not fit the template: %(error)s") % {"error": message}]})


def validated(form: forms.BaseForm, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The form's cleaned data, or FormInvalid; ``names`` maps form fields to the payload's names."""
    if not form.is_valid():
        raise FormInvalid(form, names)
    return form.cleaned_data


def invalid_body(exc: FormInvalid) -> dict[str, Any]:
    return {"detail": _("The data is not valid."), "errors": exc.errors}


def _length_message(kind: str, limit: int, value: Any) -> str:
    shown = len(value) if isinstance(value, str | list) else limit
    params = {"limit_value": limit, "show_value": shown}
    if kind == "too_long":
        return (
            ngettext(
                "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                limit,
            )
            % params
        )
    return (
        ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            limit,
        )
        % params
    )


def schema_error_message(error: Mapping[str, Any]) -> str:
    """One pydantic error as Django's message for the same mistake, in the active language."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _length_message("too_long", int(ctx.get("max_length", 0)), value)
    if kind == "string_too_short":
        return _length_message("too_short", int(ctx.get("min_length", 0)), value)
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith(("float_", "decimal_")):
        return _("Enter a number.")
    if kind in {"enum", "literal_error"}:
        return _("Select a valid choice. %(value)s is not one of the available choices.") % {"value": value}
    if kind.startswith("datetime_"):
        return _("Enter a valid date/time.")
    if kind.startswith("date_"):
        return _("Enter a valid date.")
    if kind.startswith("time_"):
        return _("Enter a valid time.")
    if kind in {"json_invalid", "json_type", "model_type", "model_attributes_type", "dict_type"}:
        return _("Enter a valid JSON.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Enter a list of values.")
    return _("Enter a valid value.")


def schema_error_field(loc: tuple[Any, ...] | list[Any]) -> str:
    """("body", "payload", "name") -> "name"; ("query", "region") -> "region"; the body as a whole -> "__all__"."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # the source and the name of the view's body parameter
    elif parts:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or "__all__"


def schema_errors_body(errors: list[Mapping[str, Any]]) -> dict[str, Any]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(schema_error_field(error.get("loc", ())), []).append(schema_error_message(error))
    return {"detail": _("The data is not valid."), "errors": by_field}


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# Endpoints open to anonymous callers (advisory.api.auth.PUBLIC_AUTH) also answer 401 (a token sent but refused),
# 415 (an anonymous body that is not JSON) and 429 (too many anonymous submissions from one IP address).
PUBLIC_ERRORS: dict[int, type[Schema]] = {**ERRORS, 401: ErrorOut, 415: ErrorOut, 429: ErrorOut}

# A time of day without a time zone ("09:30" or "09:30:00"): a meeting's local time. Pydantic documents it with JSON
# Schema's "time" format, which is RFC 3339's full-time, with an offset ("09:30:00+01:00"): a client that checks
# formats refuses such answers, and a request with an offset is refused. So it is documented by a pattern.
LocalTime = Annotated[
    datetime.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "A local time of day, without a time zone",
            "examples": ["09:30:00"],
        }
    ),
]
