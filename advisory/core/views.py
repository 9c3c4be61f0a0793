from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from advisory.core import selectors


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The start page that fits the user's role."""
    context = selectors.start_page_context(request.user)
    return render(request, context.template, {"start": context})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def not_found(request: HttpRequest) -> HttpResponse:
    """Switches off a third-party URL (e.g. allauth's self-service e-mail page)."""
    raise Http404


@csrf_exempt  # it changes nothing; a POST with a bearer token (and no CSRF cookie) gets the JSON 404 as well
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """An address under /api/ that no endpoint has (e.g. a text where an id belongs): JSON, not a page."""
    from django.utils.translation import gettext as _

    return JsonResponse({"detail": _("Not found.")}, status=404)
