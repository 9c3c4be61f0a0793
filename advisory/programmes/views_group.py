"""Pages of a group programme's records around its joint meetings: the goals, the status against the goal at a
meeting, the wishes and needs before a meeting, the kickoff's participants booked for the closing meeting, and
feedback on a trial action. Each calls its write function in advisory/programmes/group_records.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for
from advisory.programmes import group_records
from advisory.programmes.forms_group import FeedbackForm, GoalForm, GoalStatusForm, WishForm
from advisory.programmes.models import (
    Activity,
    GoalStatus,
    MeetingWish,
    OrganisationGoal,
    Programme,
    TrialAction,
    TrialActionFeedback,
)
from advisory.programmes.sections import trial_action_sections


def refused(form: BaseForm, exc: ValidationError) -> None:
    """A write function's refusal on the form: on the field it names when the form has it, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _group_programme(request: AuthenticatedHttpRequest, pk: int) -> Programme:
    return group_records.group_programme_for(request.user, pk)


def _meeting(request: AuthenticatedHttpRequest, pk: int, key: str) -> Activity:
    return group_records.group_meeting_for(request.user, pk, key)


def _meeting_url(activity: Activity, anchor: str) -> str:
    return reverse("programmes:activity", args=[activity.programme_id, activity.key]) + f"#{anchor}"


@login_required
def goals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every organisation's goal, and how far it got at each reflection meeting and the closing meeting."""
    programme = _group_programme(request, pk)
    kickoff = group_records.kickoff_of(programme)
    context = {
        "programme": programme,
        "rows": group_records.goal_rows(request.user, programme),
        "meetings": group_records.goal_meetings(programme),
        "kickoff": kickoff,
        "kickoff_held": group_records.kickoff_held(kickoff),
    }
    return render(request, "programmes/goals.html", context)


@login_required
def goal_edit(request: AuthenticatedHttpRequest, pk: int, organisation_pk: int) -> HttpResponse:
    programme = _group_programme(request, pk)
    organisation = get_object_or_404(programme.organisations, pk=organisation_pk)
    goal = OrganisationGoal.objects.filter(programme=programme, organisation=organisation).first()
    if not can(request.user, Action.CHANGE, goal or OrganisationGoal(programme=programme, organisation=organisation)):
        raise PermissionDenied
    initial = {"text": goal.text, "due_on": goal.due_on} if goal else {}
    form = GoalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group_records.goal_set(programme=programme, organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refused(form, exc)
        else:
            messages.success(request, _("The goal of %(organisation)s is saved.") % {"organisation": organisation})
            return redirect("programmes:goals", pk=programme.pk)
    kickoff = group_records.kickoff_of(programme)
    context = {
        "programme": programme,
        "organisation": organisation,
        "form": form,
        "goal": goal,
        "kickoff": kickoff,
        "kickoff_held": group_records.kickoff_held(kickoff),
    }
    return render(request, "programmes/goal_form.html", context)


@login_required
def goal_status_edit(request: AuthenticatedHttpRequest, pk: int, key: str, organisation_pk: int) -> HttpResponse:
    activity = _meeting(request, pk, key)
    if not group_records.is_goal_meeting(activity):
        raise Http404
    organisation = get_object_or_404(activity.programme.organisations, pk=organisation_pk)
    record = GoalStatus.objects.filter(activity=activity, organisation=organisation).first()
    if not can(request.user, Action.CHANGE, record or GoalStatus(activity=activity, organisation=organisation)):
        raise PermissionDenied
    initial = {"progress": record.progress, "status": record.status} if record else {}
    form = GoalStatusForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group_records.goal_status_record(
                activity=activity, organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            refused(form, exc)
        else:
            messages.success(request, _("The status of %(organisation)s is saved.") % {"organisation": organisation})
            return redirect(_meeting_url(activity, "goals"))
    goal = OrganisationGoal.objects.filter(programme=activity.programme, organisation=organisation).first()
    context = {
        "programme": activity.programme,
        "activity": activity,
        "organisation": organisation,
        "goal": goal,
        "form": form,
    }
    return render(request, "programmes/goal_status_form.html", context)


@login_required
def wish_edit(request: AuthenticatedHttpRequest, pk: int, key: str, organisation_pk: int) -> HttpResponse:
    activity = _meeting(request, pk, key)
    if not group_records.is_joint_meeting(activity):
        raise Http404
    organisation = get_object_or_404(activity.programme.organisations, pk=organisation_pk)
    wish = MeetingWish.objects.filter(activity=activity, organisation=organisation).first()
    if not can(request.user, Action.CHANGE, wish or MeetingWish(activity=activity, organisation=organisation)):
        raise PermissionDenied
    form = WishForm(request.POST if request.method == "POST" else None, initial={"text": wish.text} if wish else {})
    if request.method == "POST" and form.is_valid():
        try:
            group_records.meeting_wish_answer(
                activity=activity, organisation=organisation, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as exc:
            refused(form, exc)
        else:
            messages.success(request, _("Thank you. The wishes and needs are saved."))
            return redirect(_meeting_url(activity, "wishes"))
    context: dict[str, Any] = {
        "programme": activity.programme,
        "activity": activity,
        "organisation": organisation,
        "form": form,
        "open": activity.starts_on > timezone.localdate(),
    }
    return render(request, "programmes/wish_form.html", context)


@login_required
@require_POST
def kickoff_participants_book(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """The closing meeting: book the kickoff's participants not yet booked (each is invited)."""
    activity = _meeting(request, pk, key)
    try:
        booked = group_records.kickoff_participants_book(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d person from the kickoff meeting is booked and invited.",
                "%(count)d people from the kickoff meeting are booked and invited.",
                len(booked),
            )
            % {"count": len(booked)},
        )
    return redirect("programmes:activity", pk=activity.programme_id, key=activity.key)


@login_required
def trial_action_detail(request: AuthenticatedHttpRequest, pk: int, trial_pk: int) -> HttpResponse:
    """A trial action as the group sees it, with the feedback and sparring on it (and the form to add some)."""
    programme = get_object_for(request.user, Programme, pk=pk)
    trial_action = get_object_for(
        request.user, TrialAction.objects.filter(programme=programme).select_related("organisation"), pk=trial_pk
    )
    may_add = can(request.user, Action.CREATE, TrialActionFeedback(trial_action=trial_action))
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                group_records.trial_action_feedback_add(
                    trial_action=trial_action, text=form.cleaned_data["text"], by=request.user
                )
            except ValidationError as exc:
                refused(form, exc)
            else:
                messages.success(request, _("Your feedback is saved."))
                return redirect(
                    reverse("programmes:trial_action_detail", args=[programme.pk, trial_action.pk]) + "#feedback"
                )
    context = {
        "programme": programme,
        "trial_action": trial_action,
        "feedback": group_records.trial_action_feedback(request.user, trial_action),
        "form": form if may_add else None,
        "can_change": can(request.user, Action.CHANGE, trial_action),
        "sections": trial_action_sections(request.user, trial_action),  # knowledge: shared in the knowledge bank
    }
    return render(request, "programmes/trial_action_detail.html", context)
