"""Pages: the collaboration agreement (read, edit, sign, reopen, download), the ratings, the anchoring plan."""

from __future__ import annotations

import io
from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from advisory.development import agreements, anchoring, ratings
from advisory.development.forms_agreement import (
    AgreementForm,
    AnchoringPlanForm,
    RatingForm,
    ReopenForm,
    SignForm,
)
from advisory.development.models import RatingMoment
from advisory.development.policies import runs
from advisory.development.policies_agreement import may_edit_anchoring_plan
from advisory.development.prerequisites import for_kind
from advisory.development.selectors import development_programme
from advisory.programmes.models import Programme, ProgrammeKind


def programme_for(request: HttpRequest, programme_pk: int) -> Programme:
    """An individual or taskforce programme the user may see (404 otherwise, also for group programmes)."""
    return development_programme(request.user, programme_pk)


def _require_run(request: HttpRequest, programme: Programme) -> None:
    if not runs(request.user, programme):
        raise PermissionDenied


def _history(agreement: Any) -> list[Any]:
    if agreement.pk is None:
        return []
    return list(LogEntry.objects.get_for_object(agreement).select_related("actor").order_by("-timestamp")[:20])


# --- the agreement -----------------------------------------------------------------------------------------


@login_required
def agreement(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    content = agreements.agreement_content(programme)
    may_run = runs(request.user, programme)
    context = {
        "programme": programme,
        "content": content,
        "agreement": content.agreement,
        "may_run": may_run,
        "history": _history(content.agreement) if may_run else [],
        "document_name": agreements.document_filename(programme),
        "blockers": agreements.signing_blockers(programme) if may_run and not content.agreement.is_signed else [],
    }
    return render(request, "development/agreement.html", context)


@login_required
def agreement_edit(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    _require_run(request, programme)
    agreement = agreements.agreement_for(programme)
    if agreement.is_signed:
        messages.warning(request, str(agreements.SIGNED_READ_ONLY))
        return redirect("development:agreement", programme_pk=programme.pk)
    taskforce = programme.kind == ProgrammeKind.TASKFORCE
    form = AgreementForm(request.POST or None, instance=agreement, taskforce=taskforce)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.agreement_update(
                by=request.user,
                programme=programme,
                data_collection=form.cleaned_data.get("data_collection"),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect("development:agreement", programme_pk=programme.pk)
    return render(request, "development/agreement_edit.html", {"programme": programme, "form": form})


def _changes(result: Any) -> list[dict[str, Any]]:
    if result is None:
        return []
    return [
        {"title": c.title, "old": c.old_start, "new": c.new_start} for c in result.changes if c.old_start != c.new_start
    ]


@login_required
def agreement_sign(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    _require_run(request, programme)
    agreement = agreements.agreement_for(programme)
    if agreement.is_signed:
        messages.info(request, str(agreements.ALREADY_SIGNED))
        return redirect("development:agreement", programme_pk=programme.pk)
    taskforce = programme.kind == ProgrammeKind.TASKFORCE
    form = SignForm(request.POST or None, taskforce=taskforce)
    context: dict[str, Any] = {
        "programme": programme,
        "form": form,
        "taskforce": taskforce,
        "blockers": agreements.signing_blockers(programme),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for name, errors in agreements.signing_errors(programme, data["signed_on"]).items():
            for error in errors:
                form.add_error(name, error)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "confirm":
            try:
                _agreement, result = agreements.agreement_sign(
                    by=request.user,
                    programme=programme,
                    signed_on=data["signed_on"],
                    signed_by_organisation=data["signed_by_organisation"],
                    signed_by_agency=data["signed_by_agency"],
                    signed_by_appeals_agency=data.get("signed_by_appeals_agency", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                moved = len(_changes(result))
                messages.success(
                    request,
                    _("The agreement is signed (%(date)s). %(count)s dates in the plan have moved.")
                    % {"date": formats.date_format(data["signed_on"], "j. F Y"), "count": moved},
                )
                return redirect("development:agreement", programme_pk=programme.pk)
        else:
            preview = agreements.signing_preview(programme, data["signed_on"])
            start, end, _planned = agreements.agreement_period(
                programme, type(agreement)(programme=programme, status="signed", signed_on=data["signed_on"])
            )
            context |= {
                "confirming": True,
                "data": data,
                "changes": _changes(preview),
                "violations": list(preview.violations) if preview is not None else [],
                "period_start": start,
                "period_end": end,
            }
            return render(request, "development/agreement_sign.html", context)
    return render(request, "development/agreement_sign.html", context)


@login_required
def agreement_reopen(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    _require_run(request, programme)
    agreement = agreements.agreement_for(programme)
    if not agreement.is_signed:
        messages.info(request, str(agreements.NOT_SIGNED))
        return redirect("development:agreement", programme_pk=programme.pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreements.agreement_reopen(by=request.user, programme=programme)
        messages.success(request, _("The agreement is open for changes again as a new draft version."))
        return redirect("development:agreement", programme_pk=programme.pk)
    return render(
        request, "development/agreement_reopen.html", {"programme": programme, "form": form, "agreement": agreement}
    )


@login_required
def agreement_document(request: HttpRequest, programme_pk: int) -> FileResponse:
    programme = programme_for(request, programme_pk)
    content = agreements.agreement_content(programme)
    return FileResponse(
        io.BytesIO(agreements.agreement_document(content)),
        as_attachment=True,
        filename=agreements.document_filename(programme),
        content_type=agreements.document_content_type(),
    )


# --- ratings -----------------------------------------------------------------------------------------------


def _prefix(prerequisite: str, moment: str) -> str:
    return f"{prerequisite}-{moment}"


def _rating_form(row: ratings.RatingRow, moment: str, data: Any = None) -> RatingForm:
    rating = row.before if moment == RatingMoment.BEFORE else row.after
    initial = (
        {"score": rating.score, "justification": rating.justification, "rated_on": rating.rated_on} if rating else None
    )
    kwargs: dict[str, Any] = {"prefix": _prefix(row.prerequisite.value, moment)}
    if initial:
        kwargs["initial"] = initial
    return RatingForm(data, **kwargs)


@login_required
def ratings_page(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    rows = ratings.rating_rows(programme)
    may_run = runs(request.user, programme)
    forms = (
        [
            {
                "row": row,
                "moments": [
                    {
                        "moment": moment,
                        "label": moment.label,
                        "form": _rating_form(row, moment),
                        "action": reverse(
                            "development:rating_edit",
                            kwargs={
                                "programme_pk": programme.pk,
                                "prerequisite": row.prerequisite.value,
                                "moment": moment,
                            },
                        ),
                    }
                    for moment in RatingMoment
                ],
            }
            for row in rows
        ]
        if may_run
        else []
    )
    context = {"programme": programme, "rows": rows, "may_run": may_run, "forms": forms}
    return render(request, "development/ratings.html", context)


@login_required
def rating_edit(request: HttpRequest, programme_pk: int, prerequisite: str, moment: str) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    row = next((r for r in ratings.rating_rows(programme) if r.prerequisite.value == prerequisite), None)
    if row is None or moment not in RatingMoment.values:
        raise Http404
    _require_run(request, programme)
    form = _rating_form(row, moment, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratings.rating_save(
                by=request.user,
                programme=programme,
                prerequisite=prerequisite,
                moment=moment,
                score=form.cleaned_data["score"],
                justification=form.cleaned_data["justification"],
                rated_on=form.cleaned_data["rated_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The rating has been saved."))
            return redirect(reverse("development:ratings", kwargs={"programme_pk": programme.pk}) + f"#{prerequisite}")
    context = {
        "programme": programme,
        "row": row,
        "moment_label": RatingMoment(moment).label,
        "form": form,
    }
    return render(request, "development/rating_form.html", context)


# --- the anchoring plan ------------------------------------------------------------------------------------


@login_required
def anchoring_page(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = programme_for(request, programme_pk)
    plan = anchoring.anchoring_plan_for(programme)
    may_edit = may_edit_anchoring_plan(request.user, programme)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = AnchoringPlanForm(request.POST or None, instance=plan) if may_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            anchoring.anchoring_plan_save(by=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The anchoring plan has been saved."))
            return redirect("development:anchoring", programme_pk=programme.pk)
    context = {
        "programme": programme,
        "plan": plan,
        "form": form,
        "empty": anchoring.is_empty(plan),
        "themes": [str(p.label) for p in for_kind(programme.kind)],
    }
    return render(request, "development/anchoring.html", context)
