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
from advisory.core.access import Action, get_object_for, require
from advisory.core.pagination import paginate
from advisory.core.ratelimit import form_rate_limited
from advisory.intake import selectors, services
from advisory.intake.forms import GroupForm, IntakeRoundForm, RegistrationForm
from advisory.intake.models import IntakeRound, RegistrationStatus
from advisory.organisations.selectors import sole_organisation, submitting_organisations


def public_rounds(request: HttpRequest) -> HttpResponse:
    """Open and coming rounds, for everyone (no log-in)."""
    return render(request, "intake/public_list.html", {"rounds": selectors.public_rounds()})


def register(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_for(request.user, IntakeRound, pk=pk)
    own = submitting_organisations(request.user)
    initial: dict[str, Any] = {}
    if request.user.is_authenticated:
        initial = {"coordinator_name": request.user.get_full_name(), "coordinator_email": request.user.email}
        only = sole_organisation(own)
        if only is not None:
            initial["organisation"] = only.pk
    form = RegistrationForm(request.POST or None, organisations=own, initial=initial)
    is_open = round_.is_open()
    if form_rate_limited(request, form):
        return render(request, "intake/register.html", {"round": round_, "form": form, "is_open": is_open}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(round_=round_, submitted_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "intake/registered.html", {"round": round_, "registration": registration})
    return render(request, "intake/register.html", {"round": round_, "form": form, "is_open": is_open})


@login_required
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.CHANGE, IntakeRound)
    rounds = selectors.round_list()
    return render(request, "intake/round_list.html", {"page": paginate(request, rounds), "today": timezone.localdate()})


@login_required
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.CREATE, IntakeRound)  # before the form is shown
    form = IntakeRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.intake_round_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round “%(round)s” has been opened.") % {"round": round_})
            return redirect("intake:round_detail", pk=round_.pk)
    return render(request, "intake/round_form.html", {"form": form})


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_for(request.user, IntakeRound, Action.CHANGE, pk=pk)  # before the page is shown
    group_form = GroupForm(
        request.POST if request.POST.get("action") == "form_group" else None,
        round_=round_,
        initial={"title": f"{round_.season}: {round_.theme}", "acceptance_date": timezone.localdate()},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "form_group" and group_form.is_valid():
            try:
                programme = services.group_form(
                    by=request.user,
                    round_=round_,
                    registrations=list(group_form.cleaned_data["registrations"]),
                    acceptance_date=group_form.cleaned_data["acceptance_date"],
                    title=group_form.cleaned_data["title"],
                )
            except ValidationError as exc:
                group_form.add_error("registrations", exc)
            else:
                messages.success(request, _("The group has been formed and the written acceptance has been sent."))
                return redirect("programmes:detail", pk=programme.pk)
        elif action == "waitlist":
            ids = [value for value in request.POST.getlist("registration") if value.isdigit()]
            chosen = services.registrations_waitlist(by=request.user, round_=round_, ids=ids)
            count = sum(r.status == RegistrationStatus.WAITING for r in chosen)
            messages.success(request, _("%(n)s registration(s) put on the waiting list.") % {"n": count})
            return redirect("intake:round_detail", pk=round_.pk)
    context = {
        "round": round_,
        "registrations": selectors.round_registrations(round_),
        "group_form": group_form,
    }
    return render(request, "intake/round_detail.html", context)
