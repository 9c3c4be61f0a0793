from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for, require
from advisory.core.audit import log_read
from advisory.core.changes import kept_for_request, request_version
from advisory.core.pagination import paginate, query_without_page
from advisory.organisations import selectors, services
from advisory.organisations.forms import (
    InvitationSignupForm,
    MembershipForm,
    MunicipalityForm,
    OrganisationFilterForm,
    ShelterForm,
)
from advisory.organisations.models import Membership, MembershipInvitation, Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Messages the tests import.
CANNOT_ADD_PERSON = gettext_lazy("You may not add this person to an organisation.")
INVITATION_LINK_INVALID = gettext_lazy(
    "The link is not valid. Check that the whole address from the e-mail was copied, or ask for a new invitation."
)
NEW_ADDRESS_WHILE_LOGGED_IN = gettext_lazy(
    "The invitation was sent to %(email)s, which has no account yet. Log out, then open the link again to "
    "create the account and accept the invitation."
)


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    request_version(request)  # read before the data (advisory/core/changes.py)
    filters = OrganisationFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}

    def results() -> str:
        organisations = selectors.organisation_list(
            request.user, q=criteria.get("q", ""), kind=criteria.get("kind", ""), region=criteria.get("region")
        )
        context = {"page": paginate(request, organisations), "querystring": query_without_page(request)}
        return render_to_string("organisations/list.html#results", context, request)

    # The results follow from the organisations the person may see, the filters and the page: kept under the data
    # version, so a change anywhere shows at the next request.
    html = kept_for_request(request, "organisations:list", results)
    html = mark_safe(html)
    # htmx swaps in only the results; restoring a page from htmx's history needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(html)
    else:
        context = {"filters": filters, "results": html, "can_create": can(request.user, Action.CREATE, Organisation)}
        response = render(request, "organisations/list.html", context)
    # The same URL answers with the page or the fragment: caches (and the back button) must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_for(request.user, Organisation, pk=pk)
    log_read(organisation)
    context = selectors.organisation_detail(request.user, organisation)
    context["can_change"] = can(request.user, Action.CHANGE, organisation)
    context["can_manage_people"] = can(request.user, Action.CHANGE, Membership(organisation=organisation))
    if can(request.user, Action.CREATE, MembershipInvitation(organisation=organisation)):
        context["invitations"] = selectors.pending_invitations(request.user, organisation)
    return render(request, "organisations/detail.html", context)


@login_required
def shelter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.CREATE, Organisation)  # before the form is shown
    form = ShelterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shelter = services.shelter_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The shelter “%(name)s” has been created.") % {"name": shelter.name})
            return redirect("organisations:detail", pk=shelter.pk)
    return render(request, "organisations/form.html", {"form": form, "title": _("Create a § 110 shelter")})


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_for(request.user, Organisation, Action.CHANGE, pk=pk)  # before the form is shown
    form_class = ShelterForm if organisation.is_shelter else MunicipalityForm
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(by=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    title = _("Edit %(name)s") % {"name": organisation.name}
    return render(request, "organisations/form.html", {"form": form, "title": title, "organisation": organisation})


@login_required
def membership_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a person: advisors and administrators attach them at once; a coordinator invites the address.

    A coordinator's answer is the same whether or not the address has an account (nothing is looked up).
    """
    organisation = get_object_for(request.user, Organisation, pk=pk)
    direct = services.may_add_directly(request.user)
    if not can(
        request.user, Action.CREATE, (Membership if direct else MembershipInvitation)(organisation=organisation)
    ):
        raise PermissionDenied
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if direct:
                membership = services.membership_add(by=request.user, organisation=organisation, **form.cleaned_data)
                text = _("%(person)s has been added as %(function)s.") % {
                    "person": membership.user,
                    "function": membership.get_function_display().lower(),
                }
            else:
                invitation, _token = services.membership_invite(
                    by=request.user, organisation=organisation, **form.cleaned_data
                )
                text = _(
                    "An invitation has been sent to %(email)s. The person joins %(organisation)s when they accept it."
                ) % {"email": invitation.email, "organisation": organisation.name}
        except PermissionDenied:
            form.add_error("email", CANNOT_ADD_PERSON)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, text)
            return redirect("organisations:detail", pk=organisation.pk)
    if direct:
        title = _("Add a person to %(name)s") % {"name": organisation.name}
        intro, submit = "", ""
    else:
        title = _("Invite a person to %(name)s") % {"name": organisation.name}
        intro = _(
            "The person gets an e-mail with a link. They join the organisation when they accept the invitation: "
            "logged in with their own account, or by choosing a password if the address has no account yet. "
            "The link works for 14 days."
        )
        submit = _("Send the invitation")
    context = {"form": form, "title": title, "organisation": organisation, "intro": intro, "submit_label": submit}
    return render(request, "organisations/form.html", context)


@login_required
@require_POST
def membership_remove(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_for(request.user, Membership.objects.filter(organisation_id=pk), pk=membership_pk)
    services.membership_remove(by=request.user, membership=membership)
    messages.success(request, _("%(person)s has been removed.") % {"person": membership.user})
    return redirect("organisations:detail", pk=pk)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = get_object_for(request.user, MembershipInvitation.objects.filter(organisation_id=pk), pk=invitation_pk)
    try:
        services.invitation_revoke(by=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("organisations:detail", pk=pk)


# --- Answering an invitation (the link in the mail; no log-in needed to open it) ---------------------------


def invitation_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's page: set a password (an address without an account) or accept, logged in as the
    invited account. Anyone else is told why, and nothing is attached."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _invitation_unavailable(request, INVITATION_LINK_INVALID, status=404)
    if not invitation.is_pending:
        return _invitation_unavailable(request, services.INVITATION_UNAVAILABLE[invitation.status], status=410)
    account = services.invitation_account(invitation)
    context: dict[str, Any] = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "function": invitation.get_function_display().lower(),
    }
    if account is None:
        return _answer_without_account(request, invitation, context)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        context["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "organisations/invitation.html", {**context, "state": "log_in"})
    try:
        services.check_may_accept(invitation, request.user)
    except PermissionDenied as refusal:
        status = 403 if request.method == "POST" else 200
        return render(
            request,
            "organisations/invitation.html",
            {**context, "state": "refused", "reason": str(refusal)},
            status=status,
        )
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            return _invitation_unavailable(request, " ".join(error.messages), status=410)
        return _joined(request, invitation)
    return render(request, "organisations/invitation.html", {**context, "state": "accept"})


def _answer_without_account(
    request: HttpRequest, invitation: MembershipInvitation, context: dict[str, Any]
) -> HttpResponse:
    if request.user.is_authenticated:
        status = 403 if request.method == "POST" else 200
        return render(
            request,
            "organisations/invitation.html",
            {**context, "state": "refused", "reason": NEW_ADDRESS_WHILE_LOGGED_IN % {"email": invitation.email}},
            status=status,
        )
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = InvitationSignupForm(request.POST or None, email=invitation.email, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept_new(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            return _invitation_unavailable(request, " ".join(error.messages), status=410)
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        return _joined(request, invitation)
    return render(request, "organisations/invitation.html", {**context, "state": "sign_up", "form": form})


def _joined(request: HttpRequest, invitation: MembershipInvitation) -> HttpResponse:
    messages.success(
        request,
        _("You are now part of %(organisation)s as %(function)s.")
        % {"organisation": invitation.organisation.name, "function": invitation.get_function_display().lower()},
    )
    return redirect("organisations:detail", pk=invitation.organisation_id)


def _invitation_unavailable(request: HttpRequest, message: StrOrPromise, status: int) -> HttpResponse:
    return render(request, "organisations/invitation_unavailable.html", {"message": message}, status=status)
