"""The rendered offer pages' content, cached (Django's cache framework, the default cache).

A key holds the page, the language, today's date (rounds open and close, seasons pass) and the fingerprint of
the texts and contact people (``selectors.content_version``: any edit, in any process, gives a new key). An edit
in this process also starts a new generation at once (``clear``), as does a change to intake rounds, taskforce
requests and seasons (signals, see apps.py); other processes see those within ``TIMEOUT``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.cache import cache as django_cache

TIMEOUT = 300  # seconds
_GENERATION = "offers:generation"


def _generation() -> int:
    value = django_cache.get(_GENERATION)
    if value is None:
        django_cache.add(_GENERATION, 1, None)
        value = django_cache.get(_GENERATION, 1)
    return int(value)


def key(name: str, language: str, today: datetime.date, version: str) -> str:
    return f"offers:{_generation()}:{name}:{language}:{today.isoformat()}:{version}"


def cached(cache_key: str, build: Callable[[], str]) -> str:
    value = django_cache.get(cache_key)
    if value is None:
        value = build()
        django_cache.set(cache_key, value, TIMEOUT)
    return str(value)


def clear(*args: Any, **kwargs: Any) -> None:
    """A new generation: every page is built again (usable as a signal receiver)."""
    try:
        django_cache.incr(_GENERATION)
    except ValueError:
        django_cache.set(_GENERATION, 2, None)
