"""The test machinery (conftest.py): what one test leaves in the database does not reach the next."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches

pytestmark = pytest.mark.xdist_group("isolation")  # both on one worker, in this order

KEY = "isolation-probe"


def test_a_test_with_a_live_server_counts_a_public_submission(transactional_db):  # type: ignore[no-untyped-def]
    """As a browser journey or the API fuzzer does: the public forms' rate limit is a table in the database."""
    counts = caches[settings.RATELIMIT_USE_CACHE]
    counts.set(KEY, 10)
    assert counts.get(KEY) == 10


def test_the_next_test_starts_without_that_count(transactional_db):  # type: ignore[no-untyped-def]
    """(With a really written database too: pytest-django runs the tests that roll back before those that do not.)"""
    assert caches[settings.RATELIMIT_USE_CACHE].get(KEY) is None
