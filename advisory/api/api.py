"""The JSON API: one NinjaAPI, a router per app, the same access helper as the views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from advisory.api.auth import AUTH
from advisory.api.common import FormInvalid, ObjectBodyParser, invalid_body, schema_errors_body
from advisory.core.request_errors import BODY_NOT_READABLE, body_too_large_message


class AdvisoryApi(NinjaAPI):
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


api = AdvisoryApi(
    title="Rådgivningsfunktionen på hjemløshedsområdet – API",
    version="1",
    description=(
        "Everything the web interface does, as JSON. Authenticate with your browser session "
        "(send the CSRF token) or with a personal token from your profile page: "
        "`Authorization: Bearer <token>`. Access is the same as in the web interface."
    ),
    auth=AUTH,
    parser=ObjectBodyParser(),
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = _("Log in, or send a personal API token: Authorization: Bearer <token>.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)


@api.exception_handler(DjangoValidationError)
def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=400)


@api.exception_handler(FormInvalid)
def form_invalid(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
    return api.create_response(request, invalid_body(exc), status=400)


@api.exception_handler(SchemaValidationError)
def schema_invalid(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    """Wrong types, missing or too long values: the same body and language as a form's refusal."""
    return api.create_response(request, schema_errors_body(exc.errors), status=422)


_NINJA_PARSE_ERROR = "Cannot parse request body"


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers a body that is not JSON with an English HttpError; say it in the user's language.
    detail = _("Enter a valid JSON.") if str(exc) == _NINJA_PARSE_ERROR else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(IntegrityError)
def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("The change conflicts with existing data.")}, status=409)


# Django reads a body lazily, so these come from wherever the endpoint (or its authentication) first reads it; the
# pages get the same answers from advisory.core.request_errors.bad_request (handler400).
@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": body_too_large_message()}, status=413)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)  # too many fields or files in a form body
def unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(BODY_NOT_READABLE)}, status=400)


def _register_routers() -> None:
    from advisory.accounts.api import router as accounts_router
    from advisory.development.api import router as development_router
    from advisory.documents.api import router as documents_router
    from advisory.evaluations.api import router as evaluations_router
    from advisory.intake.api import router as intake_router
    from advisory.notifications.api import router as notifications_router
    from advisory.organisations.api import router as organisations_router
    from advisory.programmes.api import router as programmes_router
    from advisory.requests.api import router as requests_router
    from advisory.taskforce.api import router as taskforce_router

    api.add_router("/", accounts_router)
    api.add_router("/", organisations_router)
    api.add_router("/", programmes_router)
    api.add_router("/", intake_router)
    api.add_router("/", notifications_router)
    api.add_router("/", documents_router)
    api.add_router("/", evaluations_router)
    api.add_router("/", requests_router)
    api.add_router("/", development_router)
    api.add_router("/", taskforce_router)


_register_routers()
