"""Request bodies Django cannot or will not read: too large (413) or broken (400), answered in Danish.

Django reads a body lazily, when a view, a form or the CSRF check first touches ``request.POST`` or
``request.body``. A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` then raises ``RequestDataTooBig``; a broken
multipart body ``MultiPartParserError``; too many fields ``TooManyFieldsSent``. Django turns each into a call of
``handler400``, which is ``bad_request`` here: 413 for a body too large, 400 otherwise, as JSON under /api/ and as
a page elsewhere. The API's own exception handlers (advisory.core.api.AdvisoryApi) answer the same for its endpoints.

Uploaded files do not count towards ``DATA_UPLOAD_MAX_MEMORY_SIZE``: a document has its own limit
(``DOCUMENT_MAX_BYTES``, advisory.documents.forms).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from advisory.core.sizes import size_text

BODY_TOO_LARGE = _("The request is too large: at most %(size)s can be sent at a time.")
BODY_NOT_READABLE = _("The content of the request could not be read.")


def body_too_large_message() -> str:
    return str(BODY_TOO_LARGE) % {"size": size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a body too large is a 413, anything else a 400; JSON under /api/, a page elsewhere."""
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    if request.path.startswith("/api/"):
        detail = body_too_large_message() if too_large else str(BODY_NOT_READABLE)
        return JsonResponse({"detail": detail}, status=status)
    context = {"size": size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    return render(request, "413.html" if too_large else "400.html", context, status=status)
