"""Fixtures for the security tests (issue #7)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """allauth keeps rate limits and used TOTP codes in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_STAFF = True


def activate_totp(user) -> str:  # type: ignore[no-untyped-def]
    """Give the user an authenticator app; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
