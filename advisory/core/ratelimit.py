"""Rate limit on anonymous submissions of the public forms and their API endpoints (django-ratelimit).

Expressing interest and requesting a taskforce programme need no log-in, and each submission mails its
contact person, so an anonymous caller may submit ``PUBLIC_SUBMISSION_RATE`` times (default 10 an hour)
per IP address; the page and the API share one count. Logged-in people and API tokens are not limited:
they are themselves and submit only for their own organisations.

django-ratelimit counts in a Django cache that every web process must share. The platform has no cache
server, so the count lives in the database (``CACHES["ratelimit"]``, a table made by
``manage.py createcachetable``), which works on SQLite and PostgreSQL and across processes. Django's
database cache increments by a read and a write apart, so two simultaneous requests could count as one
(django-ratelimit's check calls it "not atomic"); ``RateLimitCache`` makes the increment one locked
transaction. Its entries outlive the longest window (``TIMEOUT``), as every increment resets the expiry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from advisory.core.addresses import client_ip

PUBLIC_SUBMISSION_GROUP = "public-submission"
RATE_LIMITED = _("Too many submissions from your network in a short time. Wait an hour and send it again.")


class RateLimitCache(DatabaseCache):
    """Django's database cache with an increment that holds the row's lock from the read to the write."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        # On SQLite the transaction itself serialises writers (the settings begin it IMMEDIATE).
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                quote_name = connection.ops.quote_name
                with connection.cursor() as cursor:
                    # The table is the settings' LOCATION, quoted; the key goes as a parameter.
                    table = quote_name(self._table)  # type: ignore[attr-defined]  # DatabaseCache's, not in django-stubs
                    sql = f"SELECT 1 FROM {table} WHERE {quote_name('cache_key')} = %s FOR UPDATE"  # noqa: S608
                    cursor.execute(sql, [self.make_and_validate_key(key, version=version)])
            return super().incr(key, delta, version)


def client_address(request: HttpRequest) -> str:
    """The client's IP address for django-ratelimit (RATELIMIT_IP_META_KEY); none that can be read counts as one
    unknown address."""
    return client_ip(request) or "0.0.0.0"  # noqa: S104 (a key for the count, not an address to bind)


def public_submission_limited(request: HttpRequest) -> bool:
    """Count an anonymous submission; True when it is one too many. Authenticated callers are not counted."""
    if request.user.is_authenticated:
        return False
    return bool(
        is_ratelimited(
            request,
            group=PUBLIC_SUBMISSION_GROUP,
            key="ip",
            rate=settings.PUBLIC_SUBMISSION_RATE,
            method=is_ratelimited.ALL,
            increment=True,
        )
    )


def form_rate_limited(request: HttpRequest, form: Any) -> bool:
    """An anonymous POST of a public form over the rate limit: the form gets the reason as its error and keeps
    what was typed; the page answers it with status 429."""
    if request.method != "POST" or not public_submission_limited(request):
        return False
    form.add_error(None, RATE_LIMITED)
    return True
