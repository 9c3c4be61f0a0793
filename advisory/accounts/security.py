"""Log-in throttling (django-axes) and the two-factor requirement for agency staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail address a log-in attempt names, lower-cased, whichever form sent it.

    allauth's log-in form authenticates with ``email``, the Django admin's with ``username``;
    the raw form field is ``login``. Lower-casing keeps "A@x.dk" and "a@x.dk" one account.
    """
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    for value in (
        credentials.get("email"),
        credentials.get("username"),
        credentials.get("login"),
        data.get("login"),
        data.get("username"),
        data.get("email"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return None


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_required(user: Any) -> bool:
    """Agency staff (advisors, taskforce members, administrators) must use two-factor authentication."""
    return bool(
        settings.MFA_REQUIRED_FOR_STAFF
        and user is not None
        and user.is_authenticated
        and getattr(user, "is_agency_staff", False)
    )


def mfa_missing(user: Any) -> bool:
    """Whether the user must set up two-factor authentication before doing anything else."""
    return mfa_required(user) and not has_totp(user)


# Set in the session by a log-in that proved two factors elsewhere: MitID Erhverv at NSIS assurance level
# Substantial or High (advisory.saml). Such a session counts as two-factor; the flag dies with the session.
STRONG_LOGIN_SESSION_KEY = "advisory_strong_login"


def strong_login(request: HttpRequest) -> bool:
    """Whether this session was started by a log-in that counts as two-factor authentication."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(STRONG_LOGIN_SESSION_KEY))


# Where allauth's log-out continues for a session whose log-in method has a logout of its own (MitID Erhverv's
# single logout, advisory.saml): the URL, read before the session ends (adapters.AccountAdapter).
LOGOUT_CONTINUES_SESSION_KEY = "advisory_logout_continues"
