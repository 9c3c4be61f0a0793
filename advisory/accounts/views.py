from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.accounts import services
from advisory.accounts.forms import ApiTokenForm
from advisory.accounts.models import ApiToken
from advisory.core.access import Action, get_object_for, scope
from advisory.organisations.models import Membership


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            messages.success(request, _("The token has been created. Copy it now: it is shown only once."))
            form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    tokens = scope(request.user, ApiToken).order_by("-created_at")
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "memberships": memberships},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_for(request.user, ApiToken, Action.DELETE, pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:profile")
