"""Pages: answering a meeting's evaluation (participants), and the results of a programme's evaluations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for
from advisory.evaluations import charts, selectors, services
from advisory.evaluations.forms import EvaluationForm
from advisory.evaluations.policies import may_read_results
from advisory.evaluations.questions import QUESTIONS, SCALE, Kind
from advisory.programmes.models import Programme
from advisory.programmes.selectors import own_organisations

_STATUS = {selectors.State.STAFF: 403, selectors.State.NOT_PARTICIPANT: 403}


@login_required
def answer(request: AuthenticatedHttpRequest, activity_pk: int) -> HttpResponse:
    activity = get_object_for(
        request.user, selectors.evaluated_activities().select_related("programme"), pk=activity_pk
    )
    state = selectors.state_for(activity, request.user)
    context = {
        "activity": activity,
        "programme": activity.programme,
        "state": state,
        "message": selectors.STATE_MESSAGES[state],
        "closes_on": selectors.closes_on(activity),
    }
    if state != selectors.State.OPEN:
        return render(request, "evaluations/answer.html", context, status=_STATUS.get(state, 200))
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_answer(by=request.user, activity=activity, answers=form.cleaned_data)
        except services.AlreadyAnswered:
            state = selectors.State.ANSWERED
            context |= {"state": state, "message": selectors.STATE_MESSAGES[state]}
            return render(request, "evaluations/answer.html", context, status=409)
        except services.NotOpen as exc:
            context |= {"state": exc.state, "message": selectors.STATE_MESSAGES[exc.state]}
            return render(request, "evaluations/answer.html", context)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("evaluations:answer", activity_pk=activity.pk)
    return render(request, "evaluations/answer.html", context | {"form": form})


@login_required
def results(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_object_for(request.user, Programme, pk=programme_pk)
    activities = list(selectors.evaluated_activities(programme.activities.all()))
    context: dict[str, object] = {"programme": programme, "activities": activities}
    if may_read_results(request.user, programme):
        summaries = selectors.programme_summary(programme)
        rows = [(activity, summaries[activity.pk]) for activity in activities]
        total = selectors.programme_total(summaries)
        context |= {
            "full": True,
            "rows": [(activity, summary, charts.distribution_bars(summary)) for activity, summary in rows],
            "total": total,
            "total_bars": charts.distribution_bars(total),
            "means": charts.means_chart([(a.title, a.starts_on, summary) for a, summary in rows]),
            "scale": SCALE,
            "minimum": selectors.sparring_min_answers(),
            "has_text_question": any(q.kind == Kind.TEXT for q in QUESTIONS),
        }
        return render(request, "evaluations/results.html", context)
    if request.user.is_agency_staff:
        return render(request, "evaluations/results.html", context, status=403)
    own = list(own_organisations(request.user, programme).values_list("pk", flat=True))
    progress = selectors.organisation_progress([a.pk for a in activities], own)
    context |= {"full": False, "progress_rows": [(activity, *progress[activity.pk]) for activity in activities]}
    return render(request, "evaluations/results.html", context)
