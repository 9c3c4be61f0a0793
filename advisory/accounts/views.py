from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.accounts import services
from advisory.accounts.forms import ApiTokenForm
from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.accounts.models import ApiToken
from advisory.accounts.security import has_totp, mfa_required
from advisory.core.access import Action, get_object_for, scope


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer once a username has failed too often from one address (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)


_NEW_TOKEN_SESSION_KEY = "accounts:new-api-token"  # noqa: S105 - a session key, not a secret


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The new token travels once through the session, so that reloading the page after creating it
    # neither shows it again nor creates a second one (post, redirect, get).
    new_token = request.session.pop(_NEW_TOKEN_SESSION_KEY, None)
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            request.session[_NEW_TOKEN_SESSION_KEY] = raw
            messages.success(request, _("The token has been created. Copy it now: it is shown only once."))
            return redirect("accounts:profile")
    else:
        form = ApiTokenForm()
    tokens = scope(request.user, ApiToken).order_by("-created_at")
    memberships = request.user.memberships.select_related("organisation")
    context = {
        "form": form,
        "tokens": tokens,
        "new_token": new_token,
        "memberships": memberships,
        "has_totp": has_totp(request.user),
        "mfa_required": mfa_required(request.user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_for(request.user, ApiToken, Action.DELETE, pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:profile")
