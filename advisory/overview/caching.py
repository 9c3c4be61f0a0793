"""The overview's pages and answers kept in Django's cache until anything they could show changes.

What a page of the overview shows follows from the domain data, the person's access (who they are: their role
and what they run or take part in are domain data too), the page's filters and page number, the language, and
today's date (the today line, the load's 26 weeks, "taking part now"). The cache key holds all of these, the
data by ``advisory.core.changes.data_version()``: a number the database raises on any write of a domain table.
So a kept copy is served only while nothing has been written since it was computed, and a change anywhere
shows at the next request; nothing has to be invalidated. The version is read before the data (as
``advisory/core/changes.py`` asks), so a write that lands while a page is computed leaves that copy under the old
number, which no later request asks for.

One query (the version) instead of a page's dozen and its rendering: the bench's pages at scale answer within
its targets (README, the overview's speed table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from advisory.core.changes import data_version

CACHE_SECONDS = 60 * 60  # an upper bound on memory kept, not on freshness (the key changes with the data)

T = TypeVar("T")
_MISSING = object()


def cache_key(user: Any, what: str, params: Iterable[tuple[str, Any]]) -> str:
    """The key of ``what`` (a page or an answer) for this person, these parameters, language and day, at the
    current data version."""
    version = data_version()
    language = translation.get_language() or ""
    today = timezone.localdate().isoformat()
    digest = hashlib.sha256(repr(sorted((str(k), repr(v)) for k, v in params)).encode()).hexdigest()[:32]
    return f"overview:{what}:{version}:{user.pk}:{language}:{today}:{digest}"


def cached(user: Any, what: str, params: Iterable[tuple[str, Any]], compute: Callable[[], T]) -> T:
    """The kept result of ``compute()`` for this key, computed and kept when missing."""
    key = cache_key(user, what, params)
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found
