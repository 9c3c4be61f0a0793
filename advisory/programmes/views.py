from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core import changes
from advisory.core.access import Action, can, get_object_for, scope
from advisory.core.pagination import paginate, query_without_page
from advisory.programmes import closed_periods, criteria, progress, selectors, services
from advisory.programmes.forms import (
    ActivityForm,
    CompleteForm,
    CriterionForm,
    MoveForm,
    ProgrammeFilterForm,
    SlotOfferForm,
    TrialActionForm,
)
from advisory.programmes.models import (
    Activity,
    CriterionCheck,
    MeetingParticipant,
    Programme,
    TemplateVersion,
    TrialAction,
)
from advisory.programmes.sections import new_trial_action_sections, trial_action_sections


@login_required
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    changes.request_version(request)  # first, before the data the list is kept by
    filters = ProgrammeFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    programmes = selectors.programme_list(
        request.user,
        q=criteria.get("q", ""),
        kind=criteria.get("kind", ""),
        status=criteria.get("status", ""),
        mine=bool(criteria.get("mine")),
    )
    # Read when the template first asks: the list is kept under the data version and its address ({% versioned %}).
    page = SimpleLazyObject(lambda: paginate(request, programmes, ids_first=True))  # a late page: its 25 rows' only
    context = {
        "filters": filters,
        "page": page,
        "rows": SimpleLazyObject(lambda: selectors.programme_rows(page.object_list)),
        "querystring": query_without_page(request),
        "can_create": can(request.user, Action.CREATE, Programme),
    }
    template = "programmes/list.html#results" if request.htmx else "programmes/list.html"
    return render(request, template, context)


@login_required
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The programme page. Its content is kept under the data version (``{% versioned %}``: once per person,
    language and day), so what it shows is read when the template first asks for it, and served from the cache
    nothing of it is read."""
    changes.request_version(request)  # first, before the data its content is kept by
    user = request.user
    programme = get_object_for(user, Programme.objects.select_related("template_version__template"), pk=pk)
    detail = SimpleLazyObject(lambda: selectors.programme_detail(programme, user))
    own = SimpleLazyObject(lambda: list(selectors.own_organisations(user, programme)))
    summary = SimpleLazyObject(lambda: criteria.overview(programme, own).summary())
    context = {
        "detail": detail,
        "counts": SimpleLazyObject(lambda: summary.counts),
        "roles": progress.roles(programme),
        # the activities the user may see, as the plan read them
        "next_activities": SimpleLazyObject(lambda: progress.upcoming(detail.activities)),
        "organisation_views": SimpleLazyObject(
            lambda: [] if user.is_agency_staff else [progress.organisation_view(programme, o, summary) for o in own]
        ),
        "completion_blockers": SimpleLazyObject(lambda: progress.completion_blockers(programme)),
        "soft_warnings": SimpleLazyObject(
            lambda: closed_periods.programme_warnings(programme, detail.activities, detail.plan)
        ),
        "programme": programme,
        "can_change": can(user, Action.CHANGE, programme),
        # The advisory function's own organisations are all of the programme's.
        "organisations": own if user.is_agency_staff else programme.organisations.order_by("name"),
        "advisors": programme.advisors.order_by("first_name"),
        "newer_versions": TemplateVersion.objects.filter(
            template=programme.template_version.template, number__gt=programme.template_version.number, published=True
        ),
    }
    return render(request, "programmes/detail.html", context)


@login_required
def programme_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move an anchor or an activity: first the preview (old → new per activity), then the confirmation."""
    programme = get_object_for(request.user, Programme, Action.CHANGE, pk=pk)
    form = MoveForm(request.POST or request.GET or None)
    result = None
    error = None
    if form.is_bound and form.is_valid():
        moved = {form.cleaned_data["key"]: form.cleaned_data["date"]}
        try:
            if request.method == "POST" and request.POST.get("action") == "confirm":
                services.reflow_apply(programme, moved, by=request.user)
                messages.success(request, _("The plan has been updated."))
                return redirect("programmes:detail", pk=programme.pk)
            result = services.reflow_preview(programme, moved)
        except services.PlanRefused as exc:  # e.g. a plan that would run past the engine's calendar
            error = " ".join(exc.messages)
        except (KeyError, ValueError):
            error = _("That date cannot be moved: the activity is done or does not exist.")
    key = form.data.get("key", "")
    labels = {a.key: a.title for a in programme.activities.all()}
    for name in programme.anchors:  # named as on the programme page; a kickoff anchor keeps the meeting's title
        labels.setdefault(name, _("Written acceptance") if name == "acceptance" else _("Start date"))
    context = {"programme": programme, "form": form, "result": result, "error": error, "label": labels.get(key, key)}
    template = "programmes/move.html#preview" if request.htmx else "programmes/move.html"
    return render(request, template, context)


@login_required
@require_POST
def activity_update(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    activity = get_object_for(request.user, Activity.objects.filter(programme_id=pk), Action.CHANGE, key=key)
    action = request.POST.get("action", "")
    if action in {"done", "undone"}:
        services.activity_update(activity=activity, done=action == "done", by=request.user)
    elif action in {"pin", "unpin"}:
        services.activity_update(activity=activity, pinned=action == "pin", by=request.user)
    else:
        form = ActivityForm(request.POST)
        if not form.is_valid():
            return render(request, "programmes/activity_detail.html", _meeting_context(request, activity, form))
        services.activity_update(activity=activity, **form.cleaned_data, by=request.user)
    messages.success(request, _("“%(title)s” has been updated.") % {"title": activity.title})
    if action in {"done", "undone", "pin", "unpin"}:
        return redirect(f"{activity.programme.get_absolute_url()}#activity-{activity.key}")
    return redirect("programmes:activity", pk=pk, key=key)


def _meeting_context(
    request: HttpRequest, activity: Activity, form: ActivityForm | None, slot_form: SlotOfferForm | None = None
) -> dict[str, Any]:
    """The meeting page's context. What is read from the database is read when the template first asks for it: the
    page's content is kept under the data version (``{% versioned %}``, keyed by ``content_key``), and served from
    the cache nothing of it is read. A page shown again with a form's errors is rendered afresh (no key)."""
    user = request.user

    def criteria_rows() -> list[Any]:
        own = selectors.own_organisations(user, activity.programme)
        overview = criteria.overview(activity.programme, own, only=activity)
        return criteria.by_criterion(criteria.activity_cells(overview, activity))

    slot_form = slot_form or SlotOfferForm(prefix="slot")  # prefixed: the details form has a start time too
    return {
        "criteria_rows": SimpleLazyObject(criteria_rows),
        "page": SimpleLazyObject(lambda: selectors.meeting_page(user, activity)),
        "activity": activity,
        "programme": activity.programme,
        "form": form,
        "can_run": can(user, Action.CHANGE, activity),
        "bookable": selectors.bookable_memberships(user, activity),
        "is_past": activity.starts_on <= timezone.localdate(),
        "slots": SimpleLazyObject(lambda: selectors.slot_section(user, activity)),
        "slot_form": slot_form,
        "content_key": None if slot_form.is_bound or (form is not None and form.is_bound) else activity.pk,
    }


@login_required
def activity_detail(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """The meeting page: purpose, success criteria, who is booked (with warnings), attendance, details."""
    changes.request_version(request)  # first, before the data its content is kept by ({% versioned %})
    activity = get_object_for(
        request.user, Activity.objects.filter(programme_id=pk).select_related("programme__template_version"), key=key
    )
    form = None
    if can(request.user, Action.CHANGE, activity):
        form = ActivityForm(
            initial={
                "start_time": activity.start_time,
                "end_time": activity.end_time,
                "location": activity.location,
                "agenda": activity.agenda,
                "notes": activity.notes,
            }
        )
    context = _meeting_context(request, activity, form)
    return render(request, "programmes/activity_detail.html", context)


@login_required
@require_POST
def meeting_booking(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    activity = get_object_for(request.user, Activity.objects.filter(programme_id=pk), key=key)
    action = request.POST.get("action")
    if action == "book":
        membership_pk = request.POST.get("membership", "")
        bookable = selectors.bookable_memberships(request.user, activity)
        membership = bookable.filter(pk=membership_pk).first() if membership_pk.isdecimal() else None
        if membership is None:
            messages.error(request, _("Choose a person from the list."))
        else:
            services.meeting_book(
                activity=activity, user=membership.user, organisation=membership.organisation, by=request.user
            )
            messages.success(request, _("%(person)s is booked.") % {"person": membership.user})
    else:
        participant = get_object_for(
            request.user,
            MeetingParticipant.objects.filter(activity=activity),
            Action.CHANGE,
            pk=request.POST.get("participant") or 0,
        )
        if action == "unbook":
            services.meeting_unbook(participant=participant, by=request.user)
            messages.success(request, _("%(person)s is no longer booked.") % {"person": participant.user})
        elif action in {"attended", "absent"}:
            services.attendance_record(participant=participant, attended=action == "attended", by=request.user)
            messages.success(request, _("Attendance recorded for %(person)s.") % {"person": participant.user})
    return redirect("programmes:activity", pk=pk, key=key)


@login_required
def version_change(request: AuthenticatedHttpRequest, pk: int, version_pk: int) -> HttpResponse:
    programme = get_object_for(request.user, Programme, Action.CHANGE, pk=pk)
    version = get_object_for(
        request.user,
        scope(request.user, TemplateVersion).filter(template=programme.template_version.template),
        pk=version_pk,
    )
    if request.method == "POST":
        services.version_change_apply(programme, version, by=request.user)
        messages.success(request, _("The programme now follows version %(n)s of the template.") % {"n": version.number})
        return redirect("programmes:detail", pk=programme.pk)
    result = services.version_change_preview(programme, version)
    return render(
        request, "programmes/version_change.html", {"programme": programme, "version": version, "result": result}
    )


@login_required
def trial_actions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_for(request.user, Programme, pk=pk)
    context = {
        "programme": programme,
        "groups": selectors.trial_actions_by_organisation(request.user, programme),
        "can_add": selectors.writable_organisations(request.user, programme).exists(),
    }
    return render(request, "programmes/trial_actions.html", context)


@login_required
def trial_action_edit(request: AuthenticatedHttpRequest, pk: int, trial_pk: int | None = None) -> HttpResponse:
    programme = get_object_for(request.user, Programme, pk=pk)
    organisations = selectors.writable_organisations(request.user, programme)
    if trial_pk is None:
        instance = TrialAction(programme=programme, **selectors.trial_action_period_dates(programme))
        if not organisations.exists():
            raise PermissionDenied
    else:
        instance = get_object_for(
            request.user, TrialAction.objects.filter(programme=programme), Action.CHANGE, pk=trial_pk
        )
    form = TrialActionForm(request.POST or None, instance=instance, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.trial_action_save(trial_action=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The trial action has been saved."))
            return redirect("programmes:trial_actions", pk=programme.pk)
    # What apps above add (knowledge: the choice to share it; on a new one, what others tried under the theme).
    if instance.pk is None:
        sections = new_trial_action_sections(request.user, programme)
    else:
        sections = trial_action_sections(request.user, instance)
    context = {"programme": programme, "form": form, "sections": sections}
    return render(request, "programmes/trial_action_form.html", context)


@login_required
def criteria_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Per activity and organisation: are the success criteria met, not yet, or overdue."""
    programme = get_object_for(request.user, Programme.objects.select_related("template_version"), pk=pk)
    overview = criteria.overview(programme, selectors.own_organisations(request.user, programme))
    context = {
        "programme": programme,
        "overview": overview,
        "counts": overview.counts(),
        "can_run": can(request.user, Action.CHANGE, programme),
    }
    return render(request, "programmes/criteria.html", context)


@login_required
def criterion_assess(
    request: AuthenticatedHttpRequest, pk: int, key: str, index: int, organisation_pk: int
) -> HttpResponse:
    """An advisor ticks a success criterion the system cannot evidence, with a comment."""
    activity, organisation, criterion = criteria.assessable(request.user, pk, key, index, organisation_pk)
    check = CriterionCheck.objects.filter(
        activity=activity, organisation=organisation, criterion=criterion.text
    ).first()
    initial = {"met": "yes" if check.met else "no", "comment": check.comment} if check else {}
    form = CriterionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            criteria.criterion_assess(
                activity=activity,
                organisation=organisation,
                criterion=criterion.text,
                met=form.cleaned_data["met"] == "yes",
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The assessment for %(organisation)s is saved.") % {"organisation": organisation}
            )
            return redirect(f"{reverse('programmes:activity', args=[pk, key])}#criteria")
    context = {
        "programme": activity.programme,
        "activity": activity,
        "organisation": organisation,
        "criterion": criterion,
        "form": form,
        "check": check,
    }
    return render(request, "programmes/criterion_assess.html", context)


@login_required
def programme_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Complete the programme after its last activity (the follow-up call for a group programme)."""
    programme = get_object_for(request.user, Programme.objects.select_related("template_version"), Action.CHANGE, pk=pk)
    blockers = progress.completion_blockers(programme)
    form = CompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            progress.programme_complete(programme, by=request.user)
        except ValidationError as exc:
            blockers = exc.messages
        else:
            messages.success(request, _("“%(title)s” is completed.") % {"title": programme.title})
            return redirect("programmes:detail", pk=programme.pk)
    overview = criteria.overview(programme)
    context = {"programme": programme, "blockers": blockers, "form": form, "counts": overview.counts()}
    return render(request, "programmes/complete.html", context)


@login_required
@require_POST
def soft_period_accept(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """Accept (accepted=1) or withdraw (accepted=0) the warning that a joint meeting lies in a soft closed period."""
    activity = get_object_for(
        request.user, Activity.objects.filter(programme_id=pk).select_related("programme__template_version"), key=key
    )
    period = request.POST.get("period", "")[:40]
    accepted = request.POST.get("accepted", "1") != "0"
    try:
        closed_periods.soft_period_accept(activity=activity, period_key=period, accepted=accepted, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if accepted:
            messages.success(request, _("The date of “%(title)s” is accepted.") % {"title": activity.title})
        else:
            messages.success(request, _("The acceptance for “%(title)s” is withdrawn.") % {"title": activity.title})
    return redirect("programmes:detail", pk=pk)
