"""The taskforce pages: the overview of a taskforce programme, its data collection, political presentations,
learning activities and status meetings (decisions and follow-up items)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, require
from advisory.core.forms import ModelForm
from advisory.core.pagination import paginate, query_without_page
from advisory.organisations.models import Membership
from advisory.programmes.models import Programme
from advisory.programmes.policies import runs_programme
from advisory.taskforce import selectors, services
from advisory.taskforce.forms import (
    DataItemForm,
    DataItemStatusForm,
    DecisionEditForm,
    DecisionForm,
    FollowUpCheckForm,
    FollowUpForm,
    FollowUpStatusForm,
    LearningActivityForm,
    PresentationForm,
)
from advisory.taskforce.models import (
    DataCollectionItem,
    FollowUpItem,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)


def _base(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    return {"programme": programme, "runs": runs_programme(request.user, programme)}


@login_required
def overview(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    data = selectors.overview(request.user, programme)
    context = {
        **_base(request, programme),
        "overview": data,
        "membership_links": [
            organisation
            for organisation in programme.organisations.order_by("name")
            if can(request.user, Action.CREATE, Membership(organisation=organisation))
        ],
    }
    return render(request, "taskforce/overview.html", context)


# --- Lists ----------------------------------------------------------------------------------------------------


def _list(
    request: HttpRequest, programme_pk: int, template: str, rows: Callable[[Any, Programme], Any]
) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    page = paginate(request, rows(request.user, programme))
    context = {**_base(request, programme), "page": page, "querystring": query_without_page(request)}
    return render(request, template, context)


@login_required
def data_items(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    return _list(request, programme_pk, "taskforce/data_items.html", selectors.data_items)


@login_required
def presentations(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    return _list(request, programme_pk, "taskforce/presentations.html", selectors.presentations)


@login_required
def learning_activities(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    return _list(request, programme_pk, "taskforce/learning_activities.html", selectors.learning_activities)


# --- Create, change and delete ---------------------------------------------------------------------------------


R = TypeVar("R", bound=Model)


def _edit(
    request: HttpRequest,
    programme: Programme,
    instance: R,
    *,
    form_class: type[ModelForm],
    save: Callable[..., Any],
    back: str,
    heading: str,
    saved: str,
    status_form_class: type[ModelForm] | None = None,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """The form page for one record: the runners get the whole form, the coordinator the status form. ``save`` is
    the record's service (which checks access again)."""
    if instance.pk is None:
        require(request.user, Action.CREATE, instance)  # before the form is shown
    full = runs_programme(request.user, programme)
    if not full and status_form_class is not None:
        form_class, form_kwargs = status_form_class, None
    form = form_class(request.POST if request.method == "POST" else None, instance=instance, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        try:
            save(by=request.user, record=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, saved)
            return redirect(back)
    context = {**_base(request, programme), "form": form, "heading": heading, "back": back, "record": instance}
    return render(request, "taskforce/form.html", context)


def _delete(
    request: AuthenticatedHttpRequest,
    programme: Programme,
    record: Model,
    *,
    back: str,
    heading: str,
    question: str,
    done: str,
) -> HttpResponse:
    if request.method == "POST":
        services.record_delete(by=request.user, record=record)
        messages.success(request, done)
        return redirect(back)
    context = {**_base(request, programme), "heading": heading, "question": question, "back": back}
    return render(request, "taskforce/delete.html", context)


def _record(
    request: HttpRequest, programme: Programme, model: type[R], pk: int | None, action: Action = Action.CHANGE
) -> R:
    """A new record of the programme (no pk), else the user's record of it (404 outside scope, 403 not allowed)."""
    if pk is None:
        return model(programme=programme)
    return selectors.record(request.user, programme, model, pk, action)


@login_required
def data_item_edit(request: AuthenticatedHttpRequest, programme_pk: int, item_pk: int | None = None) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    item = _record(request, programme, DataCollectionItem, item_pk)
    return _edit(
        request,
        programme,
        item,
        form_class=DataItemForm,
        status_form_class=DataItemStatusForm,
        save=lambda by, record: services.data_item_save(by=by, item=record),
        back=reverse("taskforce:data_items", args=[programme.pk]),
        heading=_("Register data to collect")
        if item_pk is None
        else _("Data-collection item: %(what)s") % {"what": item.what},
        saved=_("The data-collection item has been saved."),
    )


@login_required
def data_item_delete(request: AuthenticatedHttpRequest, programme_pk: int, item_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    item = _record(request, programme, DataCollectionItem, item_pk, Action.DELETE)
    return _delete(
        request,
        programme,
        item,
        back=reverse("taskforce:data_items", args=[programme.pk]),
        heading=_("Delete data-collection item"),
        question=_("Do you want to delete the data-collection item “%(what)s”?") % {"what": item.what},
        done=_("The data-collection item has been deleted."),
    )


@login_required
def presentation_edit(
    request: AuthenticatedHttpRequest, programme_pk: int, presentation_pk: int | None = None
) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    presentation = _record(request, programme, PoliticalPresentation, presentation_pk)
    return _edit(
        request,
        programme,
        presentation,
        form_class=PresentationForm,
        form_kwargs={"programme": programme},
        save=lambda by, record: services.presentation_save(by=by, presentation=record),
        back=reverse("taskforce:presentations", args=[programme.pk]),
        heading=_("Presentation to the political level"),
        saved=_("The presentation has been saved; its date is in the plan."),
    )


@login_required
def presentation_delete(request: AuthenticatedHttpRequest, programme_pk: int, presentation_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    presentation = _record(request, programme, PoliticalPresentation, presentation_pk, Action.DELETE)
    return _delete(
        request,
        programme,
        presentation,
        back=reverse("taskforce:presentations", args=[programme.pk]),
        heading=_("Delete presentation"),
        question=_("Do you want to delete the presentation to %(committee)s?") % {"committee": presentation.committee},
        done=_("The presentation has been deleted."),
    )


@login_required
def learning_activity_edit(
    request: AuthenticatedHttpRequest, programme_pk: int, learning_pk: int | None = None
) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    learning = _record(request, programme, LearningActivity, learning_pk)
    return _edit(
        request,
        programme,
        learning,
        form_class=LearningActivityForm,
        save=lambda by, record: services.learning_activity_save(by=by, learning_activity=record),
        back=reverse("taskforce:learning_activities", args=[programme.pk]),
        heading=_("Learning activity"),
        saved=_("The learning activity has been saved."),
    )


@login_required
def learning_activity_delete(request: AuthenticatedHttpRequest, programme_pk: int, learning_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    learning = _record(request, programme, LearningActivity, learning_pk, Action.DELETE)
    return _delete(
        request,
        programme,
        learning,
        back=reverse("taskforce:learning_activities", args=[programme.pk]),
        heading=_("Delete learning activity"),
        question=_("Do you want to delete the learning activity “%(title)s”?") % {"title": learning.title},
        done=_("The learning activity has been deleted."),
    )


# --- Status meetings ------------------------------------------------------------------------------------------


@login_required
def status_meeting(request: AuthenticatedHttpRequest, programme_pk: int, key: str) -> HttpResponse:
    """A status meeting: the follow-up items of earlier meetings to check, and this meeting's decisions and new
    follow-up items (forms for the runners)."""
    programme = selectors.taskforce_programme(request.user, programme_pk)
    meeting = selectors.status_meeting(programme, key)
    runs = runs_programme(request.user, programme)
    action = request.POST.get("action") if request.method == "POST" else None
    decision_form = DecisionForm(request.POST if action == "decision" else None, prefix="decision")
    follow_up_form = FollowUpForm(request.POST if action == "follow_up" else None, meeting=meeting, prefix="item")
    if request.method == "POST":
        require(request.user, Action.CREATE, StatusDecision(activity=meeting))  # before the forms are judged
        form = decision_form if action == "decision" else follow_up_form if action == "follow_up" else None
        if form is not None and form.is_valid():
            try:
                if form is decision_form:
                    services.decision_create(
                        by=request.user,
                        meeting=meeting,
                        text=form.cleaned_data["text"],
                        follow_ups=decision_form.follow_ups(),
                    )
                    done = _("The decision has been recorded.")
                else:
                    item = follow_up_form.save(commit=False)
                    item.activity = meeting
                    services.follow_up_save(by=request.user, item=item)
                    done = _("The follow-up item has been recorded.")
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, done)
                return redirect("taskforce:status_meeting", programme_pk=programme.pk, key=meeting.key)
    meetings = list(selectors.status_meetings(programme))
    position = next(i for i, m in enumerate(meetings) if m.pk == meeting.pk)
    context = {
        **_base(request, programme),
        "meeting": meeting,
        "previous": meetings[position - 1] if position > 0 else None,
        "next": meetings[position + 1] if position + 1 < len(meetings) else None,
        "to_check": selectors.items_to_check(request.user, meeting),
        "decisions": list(selectors.decisions(request.user, programme).filter(activity=meeting)),
        "loose_items": list(
            selectors.follow_ups(request.user, programme).filter(activity=meeting, decision__isnull=True)
        ),
        "decision_form": decision_form if runs else None,
        "follow_up_form": follow_up_form if runs else None,
        "check_form": FollowUpCheckForm(prefix="check") if runs else None,
    }
    return render(request, "taskforce/status_meeting.html", context)


@login_required
@require_POST
def follow_up_check(request: AuthenticatedHttpRequest, programme_pk: int, key: str, item_pk: int) -> HttpResponse:
    """Record, at this status meeting, that a follow-up item of an earlier one is done, still open or dropped."""
    programme = selectors.taskforce_programme(request.user, programme_pk)
    meeting = selectors.status_meeting(programme, key)
    item = selectors.record(request.user, programme, FollowUpItem, item_pk)
    if not runs_programme(request.user, programme):
        raise PermissionDenied  # before the form is judged; the service asks again
    form = FollowUpCheckForm(request.POST, prefix="check")
    if form.is_valid():
        try:
            services.follow_up_check(
                by=request.user,
                item=item,
                meeting=meeting,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"] or None,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The check of the follow-up item has been recorded."))
    else:
        messages.error(request, _("Choose done, still open or dropped."))
    return redirect("taskforce:status_meeting", programme_pk=programme.pk, key=meeting.key)


def _meeting_url(activity: Any) -> str:
    return reverse("taskforce:status_meeting", args=[activity.programme_id, activity.key])


@login_required
def decision_edit(request: AuthenticatedHttpRequest, programme_pk: int, decision_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    decision = selectors.record(request.user, programme, StatusDecision, decision_pk, Action.CHANGE)
    return _edit(
        request,
        programme,
        decision,
        form_class=DecisionEditForm,
        save=lambda by, record: services.decision_save(by=by, decision=record),
        back=_meeting_url(decision.activity),
        heading=_("Decision of %(meeting)s") % {"meeting": decision.activity.title},
        saved=_("The decision has been saved."),
    )


@login_required
def decision_delete(request: AuthenticatedHttpRequest, programme_pk: int, decision_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    decision = selectors.record(request.user, programme, StatusDecision, decision_pk, Action.DELETE)
    return _delete(
        request,
        programme,
        decision,
        back=_meeting_url(decision.activity),
        heading=_("Delete decision"),
        question=_("Do you want to delete the decision “%(text)s” and its follow-up items?")
        % {"text": decision.text[:80]},
        done=_("The decision has been deleted."),
    )


@login_required
def follow_up_edit(request: AuthenticatedHttpRequest, programme_pk: int, item_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    item = selectors.record(request.user, programme, FollowUpItem, item_pk, Action.CHANGE)
    return _edit(
        request,
        programme,
        item,
        form_class=FollowUpForm,
        form_kwargs={"meeting": item.activity},
        status_form_class=FollowUpStatusForm,
        save=lambda by, record: services.follow_up_save(by=by, item=record),
        back=_meeting_url(item.activity),
        heading=_("Follow-up item"),
        saved=_("The follow-up item has been saved."),
    )


@login_required
def follow_up_delete(request: AuthenticatedHttpRequest, programme_pk: int, item_pk: int) -> HttpResponse:
    programme = selectors.taskforce_programme(request.user, programme_pk)
    item = selectors.record(request.user, programme, FollowUpItem, item_pk, Action.DELETE)
    return _delete(
        request,
        programme,
        item,
        back=_meeting_url(item.activity),
        heading=_("Delete follow-up item"),
        question=_("Do you want to delete the follow-up item “%(text)s”?") % {"text": item.text[:80]},
        done=_("The follow-up item has been deleted."),
    )
