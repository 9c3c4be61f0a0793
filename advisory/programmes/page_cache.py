"""What the programme pages compute from many rows, kept in Django's cache under the data version.

The success-criteria overview (advisory/programmes/criteria.py) reads a dozen tables and judges every criterion of
every activity for every organisation: about half of the programme page's and the meeting page's server time at
scale, for a result that changes only when someone writes. ``advisory.core.changes.data_version()`` is a number
the database raises on every write to a domain table; a result kept under a key holding it is what a fresh
computation would give for as long as the number stays, and after any write the key changes and the next reader
computes afresh: nothing has to be invalidated, and a change shows at once.

The key also holds everything else the result depends on: the person (their access: which organisations and
activities they see), the language (the texts), and today's date (met / not yet / overdue and what is next).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import timezone, translation

from advisory.core.changes import data_version

T = TypeVar("T")

CACHE_SECONDS = 60 * 60
_MISSING = object()


def request_version(request: Any) -> int:
    """The data version of this request, read once: a view reads it first, before the data its page shows
    (advisory/core/changes.py: a write that commits in between is then kept under the old number, which no later
    reader asks for), and everything the page keeps uses the same number."""
    version: int | None = getattr(request, "_data_version", None)
    if version is None:
        version = data_version()
        request._data_version = version
    return version


def versioned(name: str, parts: tuple[Any, ...], compute: Callable[[], T], *, version: int | None = None) -> T:
    """``compute()``, or what it gave before under the same data version, language, day and ``parts``.
    ``version``: the request's (``request_version``), else read now, before ``compute`` reads the data."""
    if version is None:
        version = data_version()
    language = translation.get_language() or ""
    key = ":".join(
        ["programmes", name, str(version), language, timezone.localdate().isoformat(), *(str(p) for p in parts)]
    )
    value: Any = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    result: T = value
    return result
