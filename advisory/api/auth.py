"""API authentication: the browser's session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from advisory.accounts.models import ApiToken
from advisory.accounts.security import mfa_missing
from advisory.core.audit import set_actor


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is None or mfa_missing(user):
            return None  # agency staff use tokens only once two-factor authentication is set up
        request.user = user
        set_actor(user)
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


session_auth = ActiveSessionAuth(csrf=True)
token_auth = TokenAuth()
AUTH = [token_auth, session_auth]
