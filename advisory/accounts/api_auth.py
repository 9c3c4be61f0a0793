"""API authentication: the browser's session (with CSRF) or a personal bearer token.

Endpoints open to anonymous callers (expressing interest, requesting a taskforce programme) use
``PUBLIC_AUTH``: the same two, then an anonymous caller. An authenticated caller is always themselves
(their organisations, their name on the record); a token that is sent but refused is a 401, never a
fall-back to anonymous. An anonymous caller may send JSON only, so a page on another site cannot post
for a visitor (a ``text/plain`` or form body needs no CORS preflight; JSON does), and is rate-limited
per IP address (advisory.core.ratelimit).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from advisory.accounts.models import ApiToken
from advisory.accounts.security import mfa_missing
from advisory.core.audit import set_actor
from advisory.core.ratelimit import RATE_LIMITED, public_submission_limited


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is None:
            raise AuthenticationError  # a token that is sent must be valid: 401, whatever else the request has
        if mfa_missing(user):
            # Agency staff use tokens only once two-factor authentication is set up. The token is not accepted
            # as a credential, so 401 (a logged-in session without it gets 403: the person is known).
            raise HttpError(401, _("Set up two-factor authentication before using an API token."))
        request.user = user
        set_actor(user)
        return user


class ActiveSessionAuth(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any:
        # Only a logged-in session is checked for its CSRF token: an anonymous request is unauthenticated
        # (401, or the anonymous caller of a public endpoint), not a CSRF failure.
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class AnonymousSubmission:
    """The last of ``PUBLIC_AUTH``: a caller who sent no credentials, with a JSON body, within the rate limit."""

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META:
            raise AuthenticationError  # credentials of another scheme than Bearer: not anonymous either
        if request.content_type != "application/json":
            raise HttpError(415, _("Send the data as JSON (Content-Type: application/json)."))
        if public_submission_limited(request):
            raise HttpError(429, str(RATE_LIMITED))
        return request.user  # AnonymousUser: the endpoint treats the caller as anonymous


session_auth = ActiveSessionAuth(csrf=True)
token_auth = TokenAuth()
AUTH = [token_auth, session_auth]
PUBLIC_AUTH = [token_auth, session_auth, AnonymousSubmission()]
