"""The request as the platform's middleware leaves it, for type checking.

django-htmx's middleware puts ``request.htmx`` on every request; Django's ``HttpRequest`` does not declare it.
Views that read it take an ``HtmxHttpRequest``. (Views behind log-in take ``accounts.http.AuthenticatedHttpRequest``,
which is one too.)
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
