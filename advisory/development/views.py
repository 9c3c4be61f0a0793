"""Pages of the development work: one overview per programme, the development plan (taskforce), and the forms.

Access: ``get_object_for`` (404 outside the user's scope, 403 when visible but not allowed); group programmes
have no development work (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.core.access import Action, get_object_for, require
from advisory.core.dates import short_date
from advisory.development import prerequisites, selectors, services
from advisory.development.forms import (
    DevelopmentActionForm,
    DevelopmentPointForm,
    GoalForm,
    GoalStatusForm,
    MappingForm,
    ProgressNoteCommentForm,
    ProgressNoteForm,
    RecommendationForm,
)
from advisory.development.models import (
    DevelopmentAction,
    DevelopmentPoint,
    Goal,
    PracticeMapping,
    ProgressNote,
    Recommendation,
)
from advisory.development.policies import coordinates, may_edit_goal_fully, runs, takes_part
from advisory.development.selectors import development_programme
from advisory.programmes.models import Programme, ProgrammeKind


def overview_url(programme: Programme, anchor: str = "") -> str:
    return reverse("development:programme", args=[programme.pk]) + (f"#{anchor}" if anchor else "")


def _save_form(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any]) -> bool:
    """Validate and save; a service's ValidationError comes back on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def _form_page(
    request: HttpRequest, programme: Programme, form: Any, *, title: str, back: str, intro: str = "", **extra: Any
) -> HttpResponse:
    context = {"programme": programme, "form": form, "title": title, "back": back, "intro": intro, **extra}
    return render(request, "development/form.html", context)


def _edit(
    request: HttpRequest,
    programme: Programme,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Any],
    message: str,
    done: str,
    title: str,
    back: str,
    intro: str = "",
    **extra: Any,
) -> HttpResponse:
    """The form page of one record: saved -> message and redirect to ``done``; else the form (again)."""
    if _save_form(request, form, save):
        messages.success(request, message)
        return redirect(done)
    return _form_page(request, programme, form, title=title, back=back, intro=intro, **extra)


def _delete(
    request: HttpRequest,
    programme: Programme,
    *,
    delete: Callable[[], Any],
    message: str,
    done: str,
    title: str,
    question: str,
    back: str,
) -> HttpResponse:
    """The confirm-delete page of one record; POST deletes, says so and redirects to ``done``."""
    if request.method == "POST":
        delete()
        messages.success(request, message)
        return redirect(done)
    context = {"programme": programme, "title": title, "question": question, "back": back}
    return render(request, "development/confirm_delete.html", context)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
def programme_overview(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The development work of a programme: mapping or analysis, recommendations, points and goals, notes."""
    programme = development_programme(request.user, programme_pk)
    user = request.user
    points = list(selectors.development_points_for_programme(user, programme))
    context = {
        "programme": programme,
        "is_taskforce": programme.kind == ProgrammeKind.TASKFORCE,
        "mappings": selectors.mappings_for_programme(user, programme),
        "recommendations": list(selectors.recommendations_for_programme(user, programme)),
        "points": points,
        "may_write": runs(user, programme),
        "may_note": takes_part(user, programme),
        "may_set_status": runs(user, programme) or coordinates(user, programme),
        "user_pk": user.pk,
        "today": timezone.localdate(),
    }
    return render(request, "development/programme.html", context)


# --- Mapping -----------------------------------------------------------------------------------------------


@login_required
def mapping_edit(request: HttpRequest, programme_pk: int, prerequisite: str) -> HttpResponse:
    programme = development_programme(request.user, programme_pk)
    if prerequisite not in [p.value for p in prerequisites.for_kind(programme.kind)]:
        raise Http404
    mapping = PracticeMapping.objects.filter(programme=programme, prerequisite=prerequisite).first()
    require(request.user, Action.CHANGE, mapping or PracticeMapping(programme=programme, prerequisite=prerequisite))
    form = MappingForm(_data(request), instance=mapping, programme=programme)

    def save(data: dict[str, Any]) -> None:
        services.mapping_save(
            by=request.user,
            programme=programme,
            prerequisite=prerequisite,
            current_practice=data["current_practice"],
            strengths=data["strengths"],
            challenges=data["challenges"],
            source_material=data["source_material"],
            documents=data.get("documents", []),
        )

    label = prerequisites.Prerequisite(prerequisite).label
    return _edit(
        request,
        programme,
        form,
        save=save,
        message=_("The mapping has been saved."),
        done=overview_url(programme, "mapping"),
        title=_("Mapping: %(prerequisite)s") % {"prerequisite": label},
        back=overview_url(programme, "mapping"),
        intro=_(
            "Describe the current practice for this prerequisite, its strengths and challenges, and the source "
            "material the mapping builds on."
        ),
    )


# --- Recommendations ---------------------------------------------------------------------------------------


@login_required
def recommendation_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = development_programme(request.user, programme_pk)
    require(request.user, Action.CREATE, Recommendation(programme=programme))
    return _edit(
        request,
        programme,
        RecommendationForm(_data(request), programme=programme),
        save=lambda data: services.recommendation_create(by=request.user, programme=programme, **data),
        message=_("The recommendation has been added."),
        done=overview_url(programme, "recommendations"),
        title=_("Add a recommendation"),
        back=overview_url(programme, "recommendations"),
    )


@login_required
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_for(request.user, Recommendation, Action.CHANGE, pk=pk)
    programme = recommendation.programme
    return _edit(
        request,
        programme,
        RecommendationForm(_data(request), instance=recommendation, programme=programme),
        save=lambda data: services.recommendation_update(by=request.user, recommendation=recommendation, **data),
        message=_("The recommendation has been saved."),
        done=overview_url(programme, "recommendations"),
        title=_("Edit the recommendation"),
        back=overview_url(programme, "recommendations"),
    )


@login_required
def recommendation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_for(request.user, Recommendation, Action.DELETE, pk=pk)
    programme = recommendation.programme
    return _delete(
        request,
        programme,
        delete=lambda: services.recommendation_delete(by=request.user, recommendation=recommendation),
        message=_("The recommendation has been deleted."),
        done=overview_url(programme, "recommendations"),
        title=_("Delete the recommendation"),
        question=_("Do you want to delete the recommendation “%(text)s”? Development points made from it are kept.")
        % {"text": recommendation.text[:200]},
        back=overview_url(programme, "recommendations"),
    )


@login_required
@require_POST
def recommendation_move(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_for(request.user, Recommendation, pk=pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.recommendation_move(by=request.user, recommendation=recommendation, direction=direction)
    messages.success(request, _("The order of the recommendations has been changed."))
    return redirect(overview_url(recommendation.programme, f"recommendation-{recommendation.pk}"))


# --- Development points and goals --------------------------------------------------------------------------


@login_required
def point_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = development_programme(request.user, programme_pk)
    require(request.user, Action.CREATE, DevelopmentPoint(programme=programme))
    initial: dict[str, Any] = {}
    source = (
        programme.recommendations.filter(pk=request.GET.get("recommendation") or 0).first()
        if (request.GET.get("recommendation", "").isdigit())
        else None
    )
    if source is not None:
        initial = {"recommendation": source.pk, "prerequisite": source.prerequisite, "title": source.text[:300]}
    form = DevelopmentPointForm(_data(request), initial=initial, programme=programme)
    created: list[DevelopmentPoint] = []

    def save(data: dict[str, Any]) -> None:
        created.append(services.development_point_create(by=request.user, programme=programme, **data))

    # Not _edit: the page after saving is the new point's goal form, known only once it is saved.
    if _save_form(request, form, save):
        messages.success(request, _("The development point has been added. Now add its goals."))
        return redirect(reverse("development:goal_create", args=[created[0].pk]))
    return _form_page(
        request,
        programme,
        form,
        title=_("Add a development point"),
        back=overview_url(programme, "points"),
        intro=_("A development point is chosen together with the organisation, usually from a recommendation."),
    )


@login_required
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_for(request.user, DevelopmentPoint, Action.CHANGE, pk=pk)
    programme = point.programme
    return _edit(
        request,
        programme,
        DevelopmentPointForm(_data(request), instance=point, programme=programme),
        save=lambda data: services.development_point_update(by=request.user, point=point, **data),
        message=_("The development point has been saved."),
        done=overview_url(programme, f"point-{point.pk}"),
        title=_("Edit the development point"),
        back=overview_url(programme, "points"),
    )


@login_required
def point_delete(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_for(request.user, DevelopmentPoint, Action.DELETE, pk=pk)
    programme = point.programme
    return _delete(
        request,
        programme,
        delete=lambda: services.development_point_delete(by=request.user, point=point),
        message=_("The development point has been deleted."),
        done=overview_url(programme, "points"),
        title=_("Delete the development point"),
        question=_(
            "Do you want to delete the development point “%(title)s”? Its goals, progress notes and actions are "
            "deleted too."
        )
        % {"title": point.title},
        back=overview_url(programme, "points"),
    )


def _goal(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Goal:
    return get_object_for(request.user, Goal.objects.select_related("development_point__programme"), action, pk=pk)


@login_required
def goal_create(request: HttpRequest, point_pk: int) -> HttpResponse:
    point = get_object_for(request.user, DevelopmentPoint, pk=point_pk)
    programme = point.programme
    require(request.user, Action.CREATE, Goal(development_point=point))
    return _edit(
        request,
        programme,
        GoalForm(_data(request)),
        save=lambda data: services.goal_create(by=request.user, point=point, **data),
        message=_("The goal has been added."),
        done=overview_url(programme, f"point-{point.pk}"),
        title=_("Add a goal"),
        back=overview_url(programme, f"point-{point.pk}"),
        intro=_("Development point: %(title)s. Say what will be different, and by when.") % {"title": point.title},
    )


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, Action.CHANGE)
    programme = goal.development_point.programme
    form_class = GoalForm if may_edit_goal_fully(request.user, goal) else GoalStatusForm
    return _edit(
        request,
        programme,
        form_class(_data(request), instance=goal),
        save=lambda data: services.goal_update(by=request.user, goal=goal, **data),
        message=_("The goal has been saved."),
        done=overview_url(programme, f"goal-{goal.pk}"),
        title=_("Edit the goal"),
        back=overview_url(programme, f"goal-{goal.pk}"),
        intro=goal.text,
    )


@login_required
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk, Action.DELETE)
    programme = goal.development_point.programme
    return _delete(
        request,
        programme,
        delete=lambda: services.goal_delete(by=request.user, goal=goal),
        message=_("The goal has been deleted."),
        done=overview_url(programme, "points"),
        title=_("Delete the goal"),
        question=_("Do you want to delete the goal “%(text)s”? Its progress notes are deleted too.")
        % {"text": goal.text[:200]},
        back=overview_url(programme, f"goal-{goal.pk}"),
    )


# --- Progress notes ----------------------------------------------------------------------------------------


def _note(request: HttpRequest, pk: int) -> ProgressNote:
    return get_object_for(
        request.user, ProgressNote.objects.select_related("goal__development_point__programme"), pk=pk
    )


@login_required
def note_create(request: HttpRequest, goal_pk: int) -> HttpResponse:
    goal = _goal(request, goal_pk)
    programme = goal.development_point.programme
    require(request.user, Action.CREATE, ProgressNote(goal=goal))
    return _edit(
        request,
        programme,
        ProgressNoteForm(_data(request), initial={"written_on": timezone.localdate()}),
        save=lambda data: services.progress_note_create(by=request.user, goal=goal, **data),
        message=_("The progress note has been saved."),
        done=overview_url(programme, f"goal-{goal.pk}"),
        title=_("Write a progress note"),
        back=overview_url(programme, f"goal-{goal.pk}"),
        intro=_("Goal: %(text)s") % {"text": goal.text},
    )


@login_required
def note_comment(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(request, pk)
    programme = note.goal.development_point.programme
    if not runs(request.user, programme):
        raise PermissionDenied
    return _edit(
        request,
        programme,
        ProgressNoteCommentForm(_data(request), instance=note),
        save=lambda data: services.progress_note_comment(by=request.user, note=note, comment=data["comment"]),
        message=_("The comment has been saved."),
        done=overview_url(programme, f"goal-{note.goal_id}"),
        title=_("Comment on the progress note"),
        back=overview_url(programme, f"goal-{note.goal_id}"),
        intro=note.text,
    )


@login_required
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(request, pk)
    programme = note.goal.development_point.programme
    require(request.user, Action.DELETE, note)
    return _delete(
        request,
        programme,
        delete=lambda: services.progress_note_delete(by=request.user, note=note),
        message=_("The progress note has been deleted."),
        done=overview_url(programme, f"goal-{note.goal_id}"),
        title=_("Delete the progress note"),
        question=_("Do you want to delete your progress note of %(date)s?") % {"date": short_date(note.written_on)},
        back=overview_url(programme, f"goal-{note.goal_id}"),
    )


# --- The development plan (taskforce) ----------------------------------------------------------------------


def _taskforce(programme: Programme) -> None:
    if programme.kind != ProgrammeKind.TASKFORCE:
        raise Http404


@login_required
def plan(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = development_programme(request.user, programme_pk)
    _taskforce(programme)
    context = {
        "programme": programme,
        "plan": selectors.development_plan(request.user, programme),
        "may_write": runs(request.user, programme),
    }
    return render(request, "development/plan.html", context)


def plan_url(programme: Programme, anchor: str = "") -> str:
    return reverse("development:plan", args=[programme.pk]) + (f"#{anchor}" if anchor else "")


def _action(request: HttpRequest, pk: int, action: Action) -> DevelopmentAction:
    """The action of a taskforce programme (else 404) the user may change or delete."""
    record = get_object_for(
        request.user, DevelopmentAction.objects.select_related("development_point__programme"), action, pk=pk
    )
    _taskforce(record.development_point.programme)
    return record


@login_required
def action_create(request: HttpRequest, point_pk: int) -> HttpResponse:
    point = get_object_for(request.user, DevelopmentPoint, pk=point_pk)
    programme = point.programme
    _taskforce(programme)
    require(request.user, Action.CREATE, DevelopmentAction(development_point=point))
    return _edit(
        request,
        programme,
        DevelopmentActionForm(_data(request)),
        save=lambda data: services.action_create(by=request.user, point=point, **data),
        message=_("The action has been added to the development plan."),
        done=plan_url(programme, f"point-{point.pk}"),
        title=_("Add an action"),
        back=plan_url(programme, f"point-{point.pk}"),
        intro=_("Development point: %(title)s") % {"title": point.title},
        plan_page=True,
    )


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, Action.CHANGE)
    programme = action.development_point.programme
    return _edit(
        request,
        programme,
        DevelopmentActionForm(_data(request), instance=action),
        save=lambda data: services.action_update(by=request.user, action=action, **data),
        message=_("The action has been saved."),
        done=plan_url(programme, f"point-{action.development_point_id}"),
        title=_("Edit the action"),
        back=plan_url(programme, f"point-{action.development_point_id}"),
        plan_page=True,
    )


@login_required
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, Action.DELETE)
    programme = action.development_point.programme
    return _delete(
        request,
        programme,
        delete=lambda: services.action_delete(by=request.user, action=action),
        message=_("The action has been deleted."),
        done=plan_url(programme, f"point-{action.development_point_id}"),
        title=_("Delete the action"),
        question=_("Do you want to delete the action “%(text)s”?") % {"text": action.text[:200]},
        back=plan_url(programme, f"point-{action.development_point_id}"),
    )
