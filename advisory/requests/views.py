"""Pages: the public forms (interest, taskforce request), the advisors' queues, decisions and the seasons, and the
page that starts a programme directly."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for, require
from advisory.core.pagination import paginate, query_without_page
from advisory.core.ratelimit import form_rate_limited
from advisory.organisations.selectors import sole_organisation, submitting_organisations
from advisory.programmes import selectors as programme_selectors
from advisory.programmes import services as programme_services
from advisory.programmes.forms import ProgrammeForm
from advisory.programmes.models import Programme
from advisory.requests import selectors, services
from advisory.requests.forms import (
    AcceptInterestForm,
    AllocateForm,
    CapacityForm,
    ExpressionOfInterestForm,
    InterestFilterForm,
    ReasonForm,
    RequestFilterForm,
    StartRequestForm,
    TaskforceRequestForm,
    WithdrawForm,
)
from advisory.requests.models import ExpressionOfInterest, InterestStatus, RequestStatus, Season, TaskforceRequest
from advisory.requests.policies import decides


def _own_and_initial(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    """Organisation people submit for their own organisations; a logged-in person's name and e-mail come first."""
    user = request.user
    own = submitting_organisations(user)
    initial: dict[str, Any] = {}
    if user.is_authenticated:
        initial = {"contact_name": user.get_full_name(), "contact_email": user.email}
        only = sole_organisation(own)
        if only is not None:
            initial["organisation"] = only.pk
    return own, initial


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Advisors land on the interest queue, taskforce members on the seasons; organisation people see their own."""
    user = request.user
    if decides(user):
        return redirect("requests:interest_list")
    if user.is_agency_staff:
        return redirect("requests:taskforce_list")
    context = {
        "interests": selectors.interest_queue(user)[:50],
        "taskforce_requests": selectors.request_queue(user)[:50],
    }
    return render(request, "requests/own.html", context)


# --- expressions of interest -----------------------------------------------------------------------------------


def interest_create(request: HttpRequest) -> HttpResponse:
    """The public form (no log-in needed); logged-in organisation people submit for their own organisation."""
    require(request.user, Action.CREATE, ExpressionOfInterest)
    own, initial = _own_and_initial(request)
    form = ExpressionOfInterestForm(request.POST or None, organisations=own, initial=initial)
    if form_rate_limited(request, form):
        return render(request, "requests/interest_form.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            interest = services.interest_create(submitted_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "requests/interest_received.html", {"interest": interest})
    return render(request, "requests/interest_form.html", {"form": form})


@login_required
def interest_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.CHANGE, ExpressionOfInterest)
    filters = InterestFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    page = paginate(request, selectors.interest_queue(request.user, status))
    context = {"page": page, "filters": filters, "status": status, "querystring": query_without_page(request)}
    return render(request, "requests/interest_list.html", context)


@login_required
def interest_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    interest = get_object_for(request.user, ExpressionOfInterest.objects.select_related("organisation"), pk=pk)
    decides = can(request.user, Action.CHANGE, interest) and interest.status == InterestStatus.NEW
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and not decides:
        require(request.user, Action.CHANGE, interest)
        messages.error(request, _("This expression of interest has already been decided."))
        return redirect("requests:interest_detail", pk=interest.pk)
    accept_form = AcceptInterestForm(
        request.POST if action == "accept" else None,
        initial={
            "start_date": timezone.localdate(),
            "title": _("Individual programme: %(organisation)s") % {"organisation": interest.organisation.name},
            "advisors": [request.user.pk] if request.user.is_authenticated and request.user.is_advisor else [],
        },
        prefix="accept",
    )
    decline_form = ReasonForm(request.POST if action == "decline" else None, prefix="decline")
    if action == "accept" and accept_form.is_valid():
        try:
            programme = services.interest_accept(by=request.user, interest=interest, **accept_form.cleaned_data)
        except ValidationError as exc:
            accept_form.add_error(None, exc)
        else:
            messages.success(request, _("The expression of interest is accepted and the individual programme created."))
            return redirect("programmes:detail", pk=programme.pk)
    elif action == "decline" and decline_form.is_valid():
        try:
            services.interest_decline(by=request.user, interest=interest, reason=decline_form.cleaned_data["reason"])
        except ValidationError as exc:
            decline_form.add_error("reason", exc)
        else:
            messages.success(request, _("The expression of interest is declined and the contact person informed."))
            return redirect("requests:interest_detail", pk=interest.pk)
    context = {"interest": interest, "decides": decides, "accept_form": accept_form, "decline_form": decline_form}
    return render(request, "requests/interest_detail.html", context)


# --- taskforce requests ----------------------------------------------------------------------------------------


def request_create(request: HttpRequest) -> HttpResponse:
    """Only municipalities; advisors may register a phoned request on the municipality's behalf."""
    require(request.user, Action.CREATE, TaskforceRequest)
    own, initial = _own_and_initial(request)
    on_behalf = decides(request.user)
    if on_behalf:
        initial = {}
    form = TaskforceRequestForm(request.POST or None, organisations=own, initial=initial, on_behalf=on_behalf)
    if form_rate_limited(request, form):
        return render(request, "requests/request_form.html", {"form": form, "on_behalf": on_behalf}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.taskforce_request_create(submitted_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("organisation" if exc.code in {"shelter", "duplicate", "not_own"} else None, exc)
        else:
            if on_behalf:
                messages.success(request, _("The request has been registered."))
                return redirect("requests:request_detail", pk=created.pk)
            return render(request, "requests/request_received.html", {"taskforce_request": created})
    return render(request, "requests/request_form.html", {"form": form, "on_behalf": on_behalf})


@login_required
def taskforce_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Season overview (capacity, allocated, waiting list) and the queue of requests."""
    require(request.user, Action.VIEW, Season)
    if request.method == "POST" and request.POST.get("action") == "seasons":
        require(request.user, Action.CREATE, Season)
        created = services.seasons_ensure(years=3)
        messages.success(request, _("%(n)s season(s) created.") % {"n": len(created)})
        return redirect("requests:taskforce_list")
    filters = RequestFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    context = {
        "seasons": selectors.season_rows(request.user),
        "page": paginate(request, selectors.request_queue(request.user, status)),
        "filters": filters,
        "status": status,
        "querystring": query_without_page(request),
        "decides": decides(request.user),
    }
    return render(request, "requests/taskforce_list.html", context)


@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    queryset = TaskforceRequest.objects.select_related("organisation", "season", "wished_season", "programme")
    taskforce_request = get_object_for(request.user, queryset, pk=pk)
    decides = can(request.user, Action.CHANGE, taskforce_request)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST":
        require(request.user, Action.CHANGE, taskforce_request)  # before the forms are judged
    season = taskforce_request.season
    allocate_form = AllocateForm(
        request.POST if action == "allocate" else None,
        initial={"season": (season or taskforce_request.wished_season or Season()).pk},
        prefix="allocate",
    )
    start_form = StartRequestForm(
        request.POST if action == "start" else None,
        initial={
            "start_date": services.season_start_day(season) if season else None,
            "title": _("Taskforce programme: %(organisation)s") % {"organisation": taskforce_request.organisation.name},
            "advisors": [request.user.pk] if request.user.is_advisor else [],
        },
        prefix="start",
    )
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None, prefix="withdraw")
    decline_form = ReasonForm(request.POST if action == "decline" else None, prefix="decline")
    forms = {"allocate": allocate_form, "start": start_form, "withdraw": withdraw_form, "decline": decline_form}
    form = forms.get(action or "")
    if form is not None and form.is_valid():
        try:
            return _request_action(request, taskforce_request, action or "", form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    context = {
        "taskforce_request": taskforce_request,
        "decides": decides and taskforce_request.is_open,
        "season_row": selectors.season_row(season) if season else None,
        **{f"{name}_form": f for name, f in forms.items()},
    }
    return render(request, "requests/request_detail.html", context)


def _request_action(
    request: AuthenticatedHttpRequest, taskforce_request: TaskforceRequest, action: str, data: dict
) -> HttpResponse:
    if action == "start":
        programme = services.request_start(by=request.user, request=taskforce_request, **data)
        messages.success(request, _("The taskforce programme has been created."))
        return redirect("programmes:detail", pk=programme.pk)
    if action == "allocate":
        updated = services.request_allocate(by=request.user, request=taskforce_request, season=data["season"])
        if updated.status == RequestStatus.WAITING:
            assert updated.season is not None  # allocated to the season just given
            position = [r.pk for r in services.waiting_list(updated.season)].index(updated.pk) + 1
            messages.warning(
                request,
                _("%(season)s is full. The request is number %(n)s on the season's waiting list.")
                % {"season": updated.season, "n": position},
            )
        else:
            messages.success(request, _("The request has a slot in %(season)s.") % {"season": updated.season})
        return redirect("requests:request_detail", pk=updated.pk)
    held_slot = taskforce_request.status == RequestStatus.ALLOCATED
    season = taskforce_request.season
    if action == "withdraw":
        services.request_withdraw(by=request.user, request=taskforce_request, reason=data["reason"])
        messages.success(request, _("The request is withdrawn."))
    else:
        services.request_decline(by=request.user, request=taskforce_request, reason=data["reason"])
        messages.success(request, _("The request is declined and the contact person informed."))
    if held_slot and season is not None and services.waiting_list(season):
        messages.info(
            request,
            _("A slot is free in %(season)s: the first on its waiting list can be moved up.") % {"season": season},
        )
        return redirect("requests:season_detail", pk=season.pk)
    return redirect("requests:request_detail", pk=taskforce_request.pk)


@login_required
def season_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    season = get_object_for(request.user, Season, pk=pk)
    decides = can(request.user, Action.CHANGE, season)
    form = CapacityForm(request.POST if request.method == "POST" else None, instance=season)
    if request.method == "POST":
        require(request.user, Action.CHANGE, season)  # before the form is judged
        if form.is_valid():
            try:
                services.season_update(by=request.user, season=season, capacity=form.cleaned_data["capacity"])
            except ValidationError as exc:
                form.add_error("capacity", exc)
            else:
                messages.success(request, _("The capacity of %(season)s is saved.") % {"season": season})
                return redirect("requests:season_detail", pk=season.pk)
        season.refresh_from_db()
    context = {"season": season, "row": selectors.season_row(season), "form": form, "decides": decides}
    return render(request, "requests/season_detail.html", context)


@login_required
def season_move_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Moving up the first on the waiting list: confirmed on its own page."""
    season = get_object_for(request.user, Season, Action.CHANGE, pk=pk)  # before the question is shown
    row = selectors.season_row(season)
    error = None
    if request.method == "POST":
        try:
            moved = services.season_move_up(by=request.user, season=season)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("%(organisation)s has moved up and has a slot in %(season)s.")
                % {"organisation": moved.organisation.name, "season": season},
            )
            return redirect("requests:season_detail", pk=season.pk)
    first = row.waiting[0] if row.waiting else None
    return render(
        request, "requests/season_move_up.html", {"season": season, "row": row, "first": first, "error": error}
    )


# --- a programme started directly ------------------------------------------------------------------------------


@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a programme on its own, not from interest or a request (programmes:create, under the programmes'
    address): the plan is previewed as the form changes; a taskforce programme takes a slot in its season."""
    require(request.user, Action.CREATE, Programme)
    form = ProgrammeForm(request.POST or None, initial={"advisors": [request.user.pk]}, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if request.POST.get("action") == "save":
            try:  # a taskforce programme takes a slot in its season
                programme = services.programme_create_direct(
                    version=version,
                    title=form.cleaned_data["title"],
                    theme=form.cleaned_data["theme"],
                    anchors=form.anchors(),
                    options=form.options(),
                    organisations=form.cleaned_data["organisations"],
                    advisors=form.cleaned_data["advisors"],
                    by=request.user,
                    season_override=form.cleaned_data.get("season_override", False),
                    override_reason=form.cleaned_data.get("override_reason", ""),
                    start_override_reason=form.start_reason(),
                )
            except ValidationError as exc:
                form.add_error(
                    "override_reason"
                    if "override_reason" in form.fields and getattr(exc, "code", None) == "override_reason"
                    else None,
                    exc,
                )
            else:
                messages.success(request, _("The programme “%(title)s” has been created.") % {"title": programme.title})
                return redirect("programmes:detail", pk=programme.pk)
        result = programme_services.plan_preview(version=version, anchors=form.anchors(), options=form.options())
        preview = {
            "plan": result.plan,
            "violations": result.violations,
            "warnings": result.warnings,
            "timeline": programme_selectors.timeline(result.plan),
        }
    context = {"form": form, "preview": preview}
    if request.htmx:
        return render(request, "programmes/create.html#preview", context)
    return render(request, "programmes/create.html", context)
