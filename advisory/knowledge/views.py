"""The knowledge bank's pages: the bank with its search and filters, one shared trial action (with the advisors'
exemplary mark), and the coordinator's page for sharing a trial action or withdrawing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for, require
from advisory.core.changes import kept_for_request, request_version
from advisory.core.pagination import paginate, query_without_page
from advisory.knowledge import selectors, services
from advisory.knowledge.forms import BankFilterForm, ExemplaryForm, ShareForm
from advisory.knowledge.models import SharedTrialAction
from advisory.knowledge.policies import may_mark_exemplary, may_read_bank
from advisory.programmes.models import TrialAction


@login_required
def bank(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_read_bank(request.user):
        raise PermissionDenied
    request_version(request)  # read before the data (advisory/core/changes.py)
    filters = BankFilterForm(request.GET or None, user=request.user)
    valid = not filters.is_bound or filters.is_valid()

    def results() -> str:
        if not valid:
            found = SharedTrialAction.objects.none()
        else:
            criteria = filters.cleaned_data if filters.is_bound else {}
            found = selectors.bank_search(
                request.user,
                q=criteria.get("q", ""),
                theme=criteria.get("theme", ""),
                prerequisite=criteria.get("prerequisite", ""),
                organisation_kind=criteria.get("organisation_kind", ""),
                region=criteria.get("region"),
                exemplary=bool(criteria.get("exemplary")),
            )
        context = {
            "filters": filters,  # its errors, if any (they follow from the query string, which is in the key)
            "page": paginate(request, found, per_page=selectors.PAGE_SIZE),
            "querystring": query_without_page(request),
        }
        return render_to_string("knowledge/bank.html#results", context, request)

    # The results follow from what the person may read, the search and the page: kept under the data version, so
    # a trial action shared or withdrawn shows at the next request.
    html = kept_for_request(request, "knowledge:bank", results)
    html = mark_safe(html)
    status = 200 if valid else 400
    if request.htmx:
        return HttpResponse(html, status=status)
    return render(request, "knowledge/bank.html", {"filters": filters, "results": html}, status=status)


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shared = get_object_for(
        request.user, SharedTrialAction.objects.select_related("region", "trial_action__programme"), pk=pk
    )
    trial_action = shared.trial_action
    context = {
        "shared": shared,
        "original": trial_action if can(request.user, Action.VIEW, trial_action) else None,
        "exemplary_form": ExemplaryForm(initial={"exemplary": shared.exemplary})
        if may_mark_exemplary(request.user)
        else None,
    }
    return render(request, "knowledge/detail.html", context)


@login_required
@require_POST
def exemplary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    shared = get_object_for(request.user, SharedTrialAction, Action.CHANGE, pk=pk)
    form = ExemplaryForm(request.POST)
    form.is_valid()  # a checkbox: absent or anything unrecognised is "no"
    services.exemplary_mark(shared=shared, exemplary=bool(form.cleaned_data.get("exemplary")), by=request.user)
    if shared.exemplary:
        messages.success(request, _("The trial action is marked exemplary."))
    else:
        messages.success(request, _("The trial action is no longer marked exemplary."))
    return redirect("knowledge:detail", pk=shared.pk)


def _own_trial_action(request: AuthenticatedHttpRequest, trial_pk: int, action: Action) -> TrialAction:
    """The trial action (404 outside the user's scope), if the user may share or withdraw it (else 403)."""
    trial_action = get_object_for(
        request.user, TrialAction.objects.select_related("programme", "organisation"), pk=trial_pk
    )
    require(request.user, action, SharedTrialAction(trial_action=trial_action))
    return trial_action


def _trial_action_page(trial_action: TrialAction) -> str:
    return reverse("programmes:trial_action_detail", args=[trial_action.programme_id, trial_action.pk])


@login_required
def share(request: AuthenticatedHttpRequest, trial_pk: int) -> HttpResponse:
    """The coordinator's choice: a preview of what others will read, the prerequisite, and share (again)."""
    trial_action = _own_trial_action(request, trial_pk, Action.CREATE)
    shared = selectors.share_of(trial_action)
    initial = {"prerequisite": shared.prerequisite} if shared else {}
    form = ShareForm(
        request.POST if request.method == "POST" else None, initial=initial, programme_kind=trial_action.programme.kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.trial_action_share(
                trial_action=trial_action, prerequisite=form.cleaned_data["prerequisite"], by=request.user
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The trial action is shared in the knowledge bank."))
            return redirect(_trial_action_page(trial_action))
    context = {
        "trial_action": trial_action,
        "shared": shared,
        "preview": services.share_preview(trial_action),
        "form": form,
        "completed": selectors.is_completed(trial_action),
        "trial_action_page": _trial_action_page(trial_action),
    }
    return render(request, "knowledge/share.html", context)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, trial_pk: int) -> HttpResponse:
    trial_action = _own_trial_action(request, trial_pk, Action.DELETE)
    services.trial_action_withdraw(trial_action=trial_action, by=request.user)
    messages.success(request, _("The trial action is withdrawn from the knowledge bank."))
    return redirect(_trial_action_page(trial_action))
