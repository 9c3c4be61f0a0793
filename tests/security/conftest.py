"""Fixtures for the security tests (issue #7)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

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
def _fresh_cache():
    """allauth keeps rate limits and used TOTP codes in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def activate_totp(user) -> str:
    """Give the user an authenticator app; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


ROOT = Path(__file__).resolve().parents[2]


def production_env() -> dict[str, str]:
    """The environment of a production process: DEBUG off, a secret key, a host name; nothing the tests set."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "raadgivning.example.dk",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    for name in ("SESSION_COOKIE_AGE", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter is the browser tests'
        env.pop(name, None)
    return env


def production_settings(*expressions: str) -> list[str]:
    """Each expression over the settings (``s``) as a production process computes it, as text."""
    probe = f"from django.conf import settings as s; print(*({', '.join(expressions)},))"
    shown = subprocess.run(  # noqa: S603 (our own interpreter and a fixed probe)
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return shown.stdout.split()[-len(expressions) :]
