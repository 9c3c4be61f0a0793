"""The JSON API: one NinjaAPI, a router per app, the same access helper as the views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from advisory.api.auth import AUTH
from advisory.api.common import FormInvalid, invalid_body

api = NinjaAPI(
    title="Rådgivningsfunktionen på hjemløshedsområdet – API",
    version="1",
    description=(
        "Everything the web interface does, as JSON. Authenticate with your browser session "
        "(send the CSRF token) or with a personal token from your profile page: "
        "`Authorization: Bearer <token>`. Access is the same as in the web interface."
    ),
    auth=AUTH,
    urls_namespace="api",
)


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


@api.exception_handler(IntegrityError)
def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("The change conflicts with existing data.")}, status=409)


def _register_routers() -> None:
    from advisory.accounts.api import router as accounts_router
    from advisory.organisations.api import router as organisations_router

    api.add_router("/", accounts_router)
    api.add_router("/", organisations_router)


_register_routers()
