from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, get_object_for, require
from advisory.core.dates import MAX_DATE, MIN_DATE
from advisory.core.pagination import paginate
from advisory.core.ratelimit import form_rate_limited
from advisory.core.selectors import YEAR_PLAN_SECTIONS
from advisory.intake import selectors, services
from advisory.intake.forms import GroupForm, IntakeRoundForm, RegistrationForm, YearRoundForm
from advisory.intake.models import IntakeRound, RegistrationStatus, RoundHalf
from advisory.organisations.selectors import sole_organisation, submitting_organisations


def public_rounds(request: HttpRequest) -> HttpResponse:
    """Open and announced coming rounds, for everyone (no log-in)."""
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
        elif action == "offer_next":
            try:
                offers = services.waiting_list_offer(by=request.user, round_=round_)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(n)s organisation(s) on the waiting list have been offered a place in the next round.")
                    % {"n": len(offers)},
                )
            return redirect("intake:round_detail", pk=round_.pk)
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
        "next_round": services.next_round(round_),
        "offers": selectors.round_offers(round_),
    }
    return render(request, "intake/round_detail.html", context)


@login_required
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_for(request.user, IntakeRound, Action.CHANGE, pk=pk)  # before the form is shown
    form = IntakeRoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.intake_round_update(by=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round “%(round)s” has been saved.") % {"round": round_})
            return redirect("intake:round_detail", pk=round_.pk)
    return render(request, "intake/round_form.html", {"form": form, "round": round_})


# --- the year's intake ---------------------------------------------------------------------------------------

HALF_SLUGS = {"foraar": RoundHalf.SPRING, "efteraar": RoundHalf.AUTUMN}
SLUG_OF_HALF = {half: slug for slug, half in HALF_SLUGS.items()}


def _year(year: int) -> int:
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise Http404
    return year


@login_required
def year_plan_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.CHANGE, IntakeRound)
    return redirect("intake:year_plan", year=timezone.localdate().year)


@login_required
def year_plan(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Årets optag: the year's spring and autumn group rounds (planned or to plan) and, from the apps beside this
    one, the taskforce seasons with their slots."""
    require(request.user, Action.CHANGE, IntakeRound)
    year = _year(year)
    plan = selectors.year_plan(year)
    halves = [
        {
            "half": half,
            "slug": SLUG_OF_HALF[half],
            "round": plan.rounds.get(half),
            "defaults": services.round_defaults(year, half),
        }
        for half in (RoundHalf.SPRING, RoundHalf.AUTUMN)
    ]
    sections = [section for build in YEAR_PLAN_SECTIONS if (section := build(request.user, year)) is not None]
    context = {
        "year": year,
        "halves": halves,
        "others": plan.others,
        "sections": sections,
        "previous_year": year - 1 if year > MIN_DATE.year else None,
        "next_year": year + 1 if year < MAX_DATE.year else None,
        "today": timezone.localdate(),
    }
    return render(request, "intake/year_plan.html", context)


@login_required
def year_round(request: AuthenticatedHttpRequest, year: int, half: str) -> HttpResponse:
    """Plan the year's spring or autumn round, prefilled with the usual dates; a planned one is edited instead."""
    require(request.user, Action.CREATE, IntakeRound)  # before the form is shown
    year = _year(year)
    if half not in HALF_SLUGS:
        raise Http404
    planned = IntakeRound.objects.filter(year=year, half=HALF_SLUGS[half]).first()
    if planned is not None:
        return redirect("intake:round_edit", pk=planned.pk)
    defaults = services.round_defaults(year, HALF_SLUGS[half])
    initial = {k: v for k, v in defaults.items() if k not in ("year", "half")}
    form = YearRoundForm(request.POST or None, initial=initial, year=year, half=HALF_SLUGS[half])
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.intake_round_create(
                by=request.user, year=year, half=HALF_SLUGS[half], **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round “%(round)s” has been planned.") % {"round": round_})
            return redirect("intake:year_plan", year=year)
    context = {"form": form, "year": year, "half_label": RoundHalf(HALF_SLUGS[half]).label}
    return render(request, "intake/year_round_form.html", context)


# --- a place in the next round for the waiting list ----------------------------------------------------------


def waiting_list_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the offer's mail (no log-in: it was sent to the organisation's coordinator): the offer, and a
    button that takes the place."""
    try:
        offer = services.offer_for_token(token)
    except ValidationError as exc:
        return render(request, "intake/waiting_list_confirm.html", {"error": " ".join(exc.messages)}, status=404)
    error = None
    if request.method == "POST":
        try:
            registration = services.waiting_list_offer_confirm(by=request.user, raw_token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            context = {"round": registration.round, "registration": registration, "from_waiting_list": True}
            return render(request, "intake/registered.html", context)
    expired = offer.expired() and offer.confirmed_registration_id is None
    if expired and error is None:
        error = services.OFFER_EXPIRED % {"date": f"{offer.expires_on:%d.%m.%Y}"}
    context = {"offer": offer, "error": error, "expired": expired, "today": timezone.localdate()}
    return render(request, "intake/waiting_list_confirm.html", context, status=400 if request.method == "POST" else 200)
