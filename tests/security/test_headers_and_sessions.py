"""Content-Security-Policy, security headers, inline-free templates, sessions and production settings."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.security.conftest import production_env, production_settings

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/tilgaengelighed/", "/api/docs", "/api/openapi.json", "/healthz"]
)
def test_every_answer_carries_a_strict_content_security_policy(client, path):  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["img-src"] == {"'self'", "data:"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert not any("unsafe" in value for values in policy.values() for value in values)


@pytest.mark.django_db
def test_security_headers(client):  # type: ignore[no-untyped-def]
    response = client.get("/accounts/login/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


@pytest.mark.django_db
def test_the_api_documentation_is_served_from_our_own_static_files(client):  # type: ignore[no-untyped-def]
    html = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(source.startswith("/") for source in sources), sources
    assert "<script>" not in html


def _templates() -> list[Path]:
    return sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_templates_have_no_inline_scripts_styles_or_handlers(template):  # type: ignore[no-untyped-def]
    """The CSP forbids them, so they would silently not work in the browser."""
    text = template.read_text(encoding="utf-8")
    inline_scripts = [
        tag for tag in re.findall(r"<script\b[^>]*>", text) if "src=" not in tag and "application/json" not in tag
    ]
    assert inline_scripts == []
    assert re.search(r"<style\b", text) is None
    assert re.search(r"\sstyle\s*=", text) is None
    assert re.search(r"\son[a-z]+\s*=", text) is None
    assert "javascript:" not in text


# --- Sessions ------------------------------------------------------------------------------------


def test_sessions_end_after_thirty_minutes_of_inactivity_by_default():  # type: ignore[no-untyped-def]
    if "SESSION_COOKIE_AGE" not in os.environ:
        assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_the_session_slides_with_activity_and_ends_after_inactivity(coordinator, settings):  # type: ignore[no-untyped-def]
    settings.SESSION_COOKIE_AGE = 30 * 60
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client = Client()
        client.force_login(coordinator)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=25), tick=False):
        assert client.get("/").status_code == 200  # active: renews the session
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        assert client.get("/").status_code == 200  # 25 minutes since the last request
    with time_machine.travel(start + datetime.timedelta(minutes=81), tick=False):
        response = client.get(reverse("accounts:profile"))  # ("/" shows the offers to the anonymous)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_production_settings_are_secure_and_pass_the_deploy_check():  # type: ignore[no-untyped-def]
    shown = production_settings(
        "s.SESSION_COOKIE_SECURE",
        "s.CSRF_COOKIE_SECURE",
        "s.SECURE_SSL_REDIRECT",
        "s.SECURE_HSTS_SECONDS > 0",
        "s.SESSION_COOKIE_AGE",
    )
    assert shown == ["True", "True", "True", "True", "1800"]
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr + check.stdout
