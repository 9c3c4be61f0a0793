"""Shared pieces of the API: the NinjaAPI class with its error handlers, error bodies, form-validation errors and
schema-validation errors. Each app's ``api.py`` builds its router from these; ``advisory/api/api.py`` assembles them.

Every refusal of bad input has the same shape, ``{"detail": ..., "errors": {field: [messages]}}``,
with the field named as the client sent it and the messages in the request's language. Schema errors
(wrong types, missing or too long values, found by django-ninja before the view runs) reuse Django's
own messages, so they are translated like the forms' messages are.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

from django import forms
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from advisory.core.request_errors import BODY_NOT_READABLE, body_too_large_message


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

    def __init__(self, errors: Mapping[str, Iterable[object]]) -> None:
        super().__init__("invalid")
        self.errors: dict[str, list[str]] = {
            field: [str(message) for message in messages] for field, messages in errors.items()
        }

    @classmethod
    def from_errors(cls, errors: Mapping[str, Iterable[object]]) -> FormInvalid:
        """For checks made outside a form: a service's ValidationError, the planning engine."""
        return cls(errors)

    @classmethod
    def from_message(cls, field: str, message: str) -> FormInvalid:
        """Dates the planning engine cannot place."""
        return cls.from_errors({field: [_("The dates do not fit the template: %(error)s") % {"error": message}]})


def validated(form: forms.BaseForm, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The form's cleaned data, or FormInvalid; ``names`` maps form fields to the payload's names."""
    if not form.is_valid():
        names = names or {}
        raise FormInvalid({names.get(field, field): errors for field, errors in form.errors.items()})
    return form.cleaned_data


def invalid_body(errors: Mapping[str, list[str]]) -> dict[str, Any]:
    """The body of every refusal of bad input (a form's, a service's, a schema's)."""
    return {"detail": _("The data is not valid."), "errors": errors}


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


def schema_errors_body(errors: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(schema_error_field(error.get("loc", ())), []).append(schema_error_message(error))
    return invalid_body(by_field)


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# Endpoints open to anonymous callers (advisory.accounts.api_auth.PUBLIC_AUTH) also answer 401 (a token sent but
# refused), 415 (an anonymous body that is not JSON) and 429 (too many anonymous submissions from one IP address).
PUBLIC_ERRORS: dict[int, type[Schema]] = {**ERRORS, 401: ErrorOut, 415: ErrorOut, 429: ErrorOut}


# A time of day without a time zone ("09:30" or "09:30:00"): a meeting's local time. Pydantic documents it with JSON
# Schema's "time" format, which is RFC 3339's full-time, with an offset ("09:30:00+01:00"): a client that checks
# formats refuses such answers, and a request with an offset is refused. So it is documented by a pattern.
def _naive_time(value: datetime.time) -> datetime.time:
    """A time with an offset (or a number of seconds, which pydantic reads as UTC) is refused, not a 500."""
    if value.tzinfo is not None:
        raise PydanticCustomError("time_parsing", "Input should be a time of day without a time zone")
    return value


LocalTime = Annotated[
    datetime.time,
    AfterValidator(_naive_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "A local time of day, without a time zone",
            "examples": ["09:30:00"],
        }
    ),
]


_NINJA_PARSE_ERROR = "Cannot parse request body"


class AdvisoryApi(NinjaAPI):
    """The platform's NinjaAPI: every refusal answers in the same body and in the request's language."""

    _openapi_schemas: dict[tuple[str | None, tuple[tuple[str, Any], ...], str | None], OpenAPISchema]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._openapi_schemas = {}
        super().__init__(*args, **kwargs)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The document, built once per process (and language): building it takes about half a second of CPU,
        and /api/openapi.json is public. Each caller gets its own copy."""
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        cached = self._openapi_schemas.get(key)
        if cached is None:
            cached = self._openapi_schemas[key] = super().get_openapi_schema(
                path_prefix=path_prefix, path_params=path_params
            )
        return copy.deepcopy(cached)

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        handlers: list[tuple[type[Exception], Any]] = [
            (AuthenticationError, self._unauthenticated),
            (Http404, self._not_found),
            (PermissionDenied, self._forbidden),
            (DjangoValidationError, self._invalid),
            (FormInvalid, self._form_invalid),
            (SchemaValidationError, self._schema_invalid),
            (HttpError, self._http_error),
            (IntegrityError, self._conflict),
            # Django reads a body lazily, so these come from wherever the endpoint (or its authentication) first
            # reads it; the pages get the same answers from advisory.core.request_errors.bad_request (handler400).
            (RequestDataTooBig, self._too_large),
            (MultiPartParserError, self._unreadable),
            (SuspiciousOperation, self._unreadable),  # too many fields or files in a form body
        ]
        for exc_class, handler in handlers:
            self.add_exception_handler(exc_class, handler)

    def validation_error_from_error_contexts(self, error_contexts: list[Any]) -> SchemaValidationError:
        # django-ninja drops what the client sent from each error; the messages need it ("it has 201 characters",
        # "boss is not one of the available choices"). Its errors come in pydantic's order, so they pair up.
        inputs = [
            error.get("input")
            for context in error_contexts
            for error in context.pydantic_validation_error.errors(include_url=False)
        ]
        exc = super().validation_error_from_error_contexts(error_contexts)
        if len(inputs) == len(exc.errors):
            for error, value in zip(exc.errors, inputs, strict=True):
                error["input"] = value
        return exc

    def _unauthenticated(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = _("Log in, or send a personal API token: Authorization: Bearer <token>.")
        return self.create_response(request, {"detail": detail}, status=401)

    def _not_found(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": _("Not found.")}, status=404)

    def _forbidden(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)

    def _invalid(self, request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return self.create_response(request, invalid_body(errors), status=400)

    def _form_invalid(self, request: HttpRequest, exc: FormInvalid) -> HttpResponse:
        return self.create_response(request, invalid_body(exc.errors), status=400)

    def _schema_invalid(self, request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        """Wrong types, missing or too long values: the same body and language as a form's refusal."""
        return self.create_response(request, schema_errors_body(exc.errors), status=422)

    def _http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        # django-ninja answers a body that is not JSON with an English HttpError; say it in the user's language.
        detail = _("Enter a valid JSON.") if str(exc) == _NINJA_PARSE_ERROR else str(exc)
        return self.create_response(request, {"detail": detail}, status=exc.status_code)

    def _conflict(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": _("The change conflicts with existing data.")}, status=409)

    def _too_large(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": body_too_large_message()}, status=413)

    def _unreadable(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return self.create_response(request, {"detail": str(BODY_NOT_READABLE)}, status=400)
