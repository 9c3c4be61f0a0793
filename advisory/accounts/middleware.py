"""Agency staff without an authenticator app are sent to set one up before anything else.

A session started with MitID Erhverv at assurance level Substantial or High counts as two-factor
(``security.strong_login``, set by advisory.saml) and is let through.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from advisory.accounts.security import mfa_missing, strong_login

# What such a person may still reach: setting up two-factor authentication (allauth's mfa_*
# pages), confirming their password for it, logging out, choosing a language, public pages.
ALLOWED_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_login",
        "set_language",
        "core:healthz",
        "core:accessibility",
    }
)


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Static files first; then whether the person must set up two-factor authentication at all, before which page
        # they asked for: most people need not, and resolving the address again is a fortieth of a request's time.
        if (
            not request.path_info.startswith((settings.STATIC_URL, "/favicon"))
            and mfa_missing(request.user)
            and not self._allowed(request)
            and not strong_login(request)
        ):
            if request.path.startswith("/api/"):
                message = _("Set up two-factor authentication before using the platform.")
                return JsonResponse({"detail": message}, status=403)
            messages.info(
                request,
                _(
                    "Advisors, taskforce members and administrators log in with two-factor authentication. "
                    "Set up an authenticator app to continue."
                ),
            )
            if request.headers.get("HX-Request"):
                return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 page reveals nothing
        name = match.view_name
        return name.startswith("mfa_") or name in ALLOWED_URL_NAMES
