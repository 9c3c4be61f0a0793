"""Evaluations of joint meetings in the API: the questions, answering, and a programme's aggregates."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from advisory.core.access import get_object_for
from advisory.core.api import ERRORS, ErrorOut, validated
from advisory.evaluations import selectors, services
from advisory.evaluations.forms import EvaluationForm
from advisory.evaluations.policies import may_read_results
from advisory.evaluations.questions import QUESTIONS, SCALE, TEXT_MAX_LENGTH
from advisory.programmes.models import Activity, Programme

router = Router(tags=["evaluations"])


class QuestionOut(Schema):
    key: str
    text: str
    kind: str
    required: bool
    scale: list[int] | None = None


class EvaluationOut(Schema):
    activity_id: int
    title: str
    starts_on: str
    closes_on: str
    state: selectors.State
    message: str
    may_answer: bool
    has_answered: bool
    questions: list[QuestionOut]


class AnswerIn(Schema):
    sparring: int | None = None
    useful: int | None = None
    comment: str = Field("", max_length=TEXT_MAX_LENGTH)


class AnsweredOut(Schema):
    detail: str


class QuestionSummaryOut(Schema):
    mean: float | None
    distribution: dict[int, int]


class SummaryOut(Schema):
    invited: int
    answered: int
    sparring_met: bool
    too_few_answers: bool = Field(
        description="Fewer answers than 'relevant sparring' is judged from (EVALUATION_SPARRING_MIN_ANSWERS, 3)"
    )
    questions: dict[str, QuestionSummaryOut]
    comments: list[str]


class MeetingSummaryOut(SummaryOut):
    activity_id: int
    key: str
    title: str
    starts_on: str


class ProgrammeEvaluationsOut(Schema):
    programme_id: int
    meetings: list[MeetingSummaryOut]
    total: SummaryOut


def _summary(summary: selectors.Summary) -> dict[str, object]:
    return {
        "invited": summary.invited,
        "answered": summary.answered,
        "sparring_met": selectors.sparring_met(summary),
        "too_few_answers": summary.too_few_answers,
        "questions": {key: {"mean": q.mean, "distribution": q.distribution} for key, q in summary.questions.items()},
        "comments": summary.comments,
    }


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    return get_object_for(request.user, selectors.evaluated_activities().select_related("programme"), pk=activity_id)


@router.get("/activities/{int:activity_id}/evaluation", response={200: EvaluationOut, **ERRORS})
def get_evaluation(request: HttpRequest, activity_id: int) -> dict[str, object]:
    """The questions of a joint meeting's evaluation, and whether I may answer (or have answered)."""
    activity = _activity(request, activity_id)
    state = selectors.state_for(activity, request.user)
    return {
        "activity_id": activity.pk,
        "title": activity.title,
        "starts_on": activity.starts_on.isoformat(),
        "closes_on": selectors.closes_on(activity).isoformat(),
        "state": state,
        "message": str(selectors.STATE_MESSAGES[state]),
        "may_answer": state == selectors.State.OPEN,
        "has_answered": state == selectors.State.ANSWERED,
        "questions": [
            {
                "key": q.key,
                "text": str(q.text),
                "kind": str(q.kind),
                "required": q.required,
                "scale": list(SCALE) if q.kind == "scale" else None,
            }
            for q in QUESTIONS
        ],
    }


@router.post("/activities/{int:activity_id}/evaluation", response={201: AnsweredOut, 409: ErrorOut, **ERRORS})
def answer_evaluation(request: HttpRequest, activity_id: int, payload: AnswerIn) -> Status[dict[str, str]]:
    """Answer a joint meeting's evaluation (participants, once, from the meeting's date until 30 days after).

    The answer is stored without the person; 409 when I have already answered.
    """
    activity = _activity(request, activity_id)
    state = selectors.state_for(activity, request.user)
    if state in (selectors.State.STAFF, selectors.State.NOT_PARTICIPANT):
        raise HttpError(403, str(selectors.STATE_MESSAGES[state]))
    if state == selectors.State.ANSWERED:
        raise HttpError(409, str(services.ALREADY_ANSWERED))
    if state != selectors.State.OPEN:
        raise HttpError(403, str(selectors.STATE_MESSAGES[state]))
    data = {key: value for key, value in payload.dict().items() if value is not None}
    cleaned = validated(EvaluationForm(data=data))
    try:
        services.evaluation_answer(by=request.user, activity=activity, answers=cleaned)
    except services.AlreadyAnswered as exc:
        raise HttpError(409, str(services.ALREADY_ANSWERED)) from exc
    except services.NotOpen as exc:
        raise HttpError(403, str(exc)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return Status(201, {"detail": str(selectors.STATE_MESSAGES[selectors.State.ANSWERED])})


@router.get("/programmes/{int:programme_id}/evaluations", response={200: ProgrammeEvaluationsOut, **ERRORS})
def programme_evaluations(request: HttpRequest, programme_id: int) -> dict[str, object]:
    """Per joint meeting and for the whole programme: invited, answered, means, distributions, comments (advisors)."""
    programme = get_object_for(request.user, Programme, pk=programme_id)
    if not may_read_results(request.user, programme):
        raise PermissionDenied
    summaries = selectors.programme_summary(programme)
    activities = {a.pk: a for a in programme.activities.filter(pk__in=list(summaries))}
    meetings = [
        {
            "activity_id": pk,
            "key": activities[pk].key,
            "title": activities[pk].title,
            "starts_on": activities[pk].starts_on.isoformat(),
            **_summary(summary),
        }
        for pk, summary in summaries.items()
    ]
    return {"programme_id": programme.pk, "meetings": meetings, "total": _summary(selectors.programme_total(summaries))}
