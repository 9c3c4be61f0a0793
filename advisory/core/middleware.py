"""Security headers Django does not set itself (CSP comes from django-csp, the rest from SecurityMiddleware), and
``Cache-Control: private, no-store`` on every answer to an authenticated request; the audit log's client address."""

from __future__ import annotations

from collections.abc import Callable

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from advisory.core.addresses import client_ip


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy (from settings.PERMISSIONS_POLICY) and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PrivateCacheMiddleware:
    """Answers to a logged-in person or an API token (pages, htmx fragments, API answers, downloads) are
    ``Cache-Control: private, no-store``: they show what this person may see, so neither a shared proxy nor the
    browser keeps them (a shared computer, the back button after logging out). Directives a view set stay.

    Not touched: static files (WhiteNoise answers before this middleware is reached) and anonymous answers; the
    calendar feeds, addressed by a secret token and fetched without a session, set ``private, no-store``
    themselves. A request without a session cookie or an Authorization header is not authenticated, and its
    session is not read for nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._authenticated(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _authenticated(request: HttpRequest) -> bool:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META:
            return False
        user = getattr(request, "user", None)  # an API token's person is set on the request by its authentication
        return bool(user is not None and user.is_authenticated)


class ClientAddressAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware takes the first X-Forwarded-For value as the address, whatever a client wrote
    there (on PostgreSQL a value that is no address failed the log entry's inet column: a 500). The address is the
    one ``advisory.core.addresses.client_ip`` gives, as for the log-in throttling and the rate limit."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)
