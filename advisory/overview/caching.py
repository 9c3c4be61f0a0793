"""The overview's pages and answers kept in Django's cache until anything they could show changes.

What a page of the overview shows follows from the domain data, the person's access (who they are: their role
and what they run or take part in are domain data too), the page's filters and page number, the language, and
today's date (the today line, the load's 26 weeks, "taking part now"). ``advisory.core.changes.kept`` keys what
it keeps by the data version (a number the database raises on any write of a domain table), the language and the
day; here the person (their id) and the query's parameters are added. So a kept copy is served only while nothing
has been written since it was computed, and a change anywhere shows at the next request; nothing has to be
invalidated. The version is the request's, read before the data (``request_version``), so a write that lands
while a page is computed leaves that copy under the old number, which no later request asks for.

One query (the version) instead of a page's dozen and its rendering: the bench's pages at scale answer within
its targets (README, the overview's speed table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from advisory.core.changes import kept, request_version

T = TypeVar("T")


def parts(user: Any, params: Iterable[tuple[str, Any]]) -> list[str]:
    """What the key holds beyond the version, the language and the day: the person and the parameters (digested:
    in any order, of any length)."""
    digest = hashlib.sha256(repr(sorted((str(k), repr(v)) for k, v in params)).encode()).hexdigest()[:32]
    return [str(user.pk), digest]


def cached(request: Any, what: str, params: Iterable[tuple[str, Any]], compute: Callable[[], T]) -> T:
    """The kept result of ``compute()`` for this person and these parameters, computed and kept when missing."""
    return kept(f"overview-{what}", parts(request.user, params), compute, version=request_version(request))
