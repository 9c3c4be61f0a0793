"""Reads: which meetings are evaluated, who may answer, and the aggregates (the success criteria use them)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.access import Action, can
from advisory.evaluations.models import EvaluationAnswer, EvaluationReceipt, EvaluationResponse, EvaluationRound
from advisory.evaluations.questions import BY_KEY, SCALE, SCALE_KEYS, SPARRING, TEXT_KEYS, Question
from advisory.programmes.models import Activity, ActivityFormat, ActivityScope, MeetingParticipant, Programme

OPEN_FOR = datetime.timedelta(days=30)  # answers are taken from the meeting's date until 30 days after it
SPARRING_THRESHOLD = 4.0  # "participants experience relevant sparring and input": mean of "sparring" at least this
SPARRING_MIN_ANSWERS = 3  # ... judged only from this many answers on (settings.EVALUATION_SPARRING_MIN_ANSWERS)


def sparring_min_answers() -> int:
    return int(getattr(settings, "EVALUATION_SPARRING_MIN_ANSWERS", SPARRING_MIN_ANSWERS))


# The joint meetings of a group programme (kickoff, reflection meetings, closing meeting), and the closing
# meeting of the individual and taskforce programmes (the evaluation of Forankre / Forankring).
MEETING_FORMATS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON)
CLOSING_MEETING = "closing_meeting"
EVALUATED = Q(programme__kind="group", scope=ActivityScope.SHARED, format__in=MEETING_FORMATS) | Q(
    template_key=CLOSING_MEETING, format__in=MEETING_FORMATS
)


def evaluated_activities(queryset: QuerySet[Activity] | None = None) -> QuerySet[Activity]:
    return (queryset if queryset is not None else Activity.objects.all()).filter(EVALUATED)


def is_evaluated(activity: Activity) -> bool:
    if activity.format not in MEETING_FORMATS:
        return False
    return activity.template_key == CLOSING_MEETING or (
        activity.programme.kind == "group" and activity.scope == ActivityScope.SHARED
    )


def closes_on(activity: Activity) -> datetime.date:
    return activity.starts_on + OPEN_FOR


class State(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    NOT_YET = "not_yet"
    CLOSED = "closed"
    NOT_PARTICIPANT = "not_participant"
    STAFF = "staff"


STATE_MESSAGES: dict[State, Any] = {
    State.OPEN: _("You can answer the evaluation of this meeting."),
    State.ANSWERED: _("You have already answered the evaluation of this meeting. Thank you."),
    State.NOT_YET: _("The evaluation opens on the day of the meeting."),
    State.CLOSED: _("The evaluation of this meeting is closed."),
    State.NOT_PARTICIPANT: _("Only people booked for the meeting can answer its evaluation."),
    State.STAFF: _("Advisors do not answer the evaluation; they see the results."),
}


def participation(activity: Activity, user: Any) -> MeetingParticipant | None:
    """The person's booking for the meeting, unless they were recorded as absent."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        MeetingParticipant.objects.filter(activity=activity, user=user)
        .exclude(attended=False)
        .select_related("organisation")
        .first()
    )


def has_answered(activity: Activity, user: Any) -> bool:
    return EvaluationReceipt.objects.filter(activity=activity, user=user).exists()


def state_for(activity: Activity, user: Any, today: datetime.date | None = None) -> State:
    """Where ``user`` stands with the evaluation of ``activity`` (an evaluated meeting the user can see)."""
    today = today or timezone.localdate()
    if user.is_agency_staff:
        return State.STAFF
    if participation(activity, user) is None:
        return State.NOT_PARTICIPANT
    if has_answered(activity, user):
        return State.ANSWERED
    if activity.starts_on > today:
        return State.NOT_YET
    if today > closes_on(activity):
        return State.CLOSED
    return State.OPEN


# --- Aggregates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSummary:
    mean: float | None
    distribution: dict[int, int]  # 1..5 -> how many chose it

    @property
    def count(self) -> int:
        return sum(self.distribution.values())

    @property
    def rows(self) -> list[tuple[int, int, int]]:
        """(value, count, percent of the answers) for each value of the scale, for tables."""
        total = self.count
        return [(v, n, round(100 * n / total) if total else 0) for v, n in self.distribution.items()]


@dataclass(frozen=True)
class Summary:
    invited: int
    answered: int
    questions: dict[str, QuestionSummary]
    comments: list[str] = field(default_factory=list)  # sorted alphabetically, never in the order given

    def __getitem__(self, key: str) -> QuestionSummary:
        return self.questions[key]

    @property
    def sparring_met(self) -> bool:
        return sparring_met(self)

    @property
    def too_few_answers(self) -> bool:
        """Fewer answers than the "relevant sparring" criterion is judged from (none at all included)."""
        return self.answered < sparring_min_answers()

    @property
    def labelled(self) -> list[tuple[Question, QuestionSummary]]:
        """(question, its summary) for each scale question, for templates."""
        return [(BY_KEY[key], question) for key, question in self.questions.items() if key in BY_KEY]


def question_summary(distribution: dict[int, int]) -> QuestionSummary:
    distribution = {value: int(distribution.get(value, 0)) for value in SCALE}
    total = sum(distribution.values())
    mean = sum(value * n for value, n in distribution.items()) / total if total else None
    return QuestionSummary(mean=mean, distribution=distribution)


def _summary(invited: int, answered: int, counts: dict[str, dict[int, int]], comments: list[str]) -> Summary:
    return Summary(
        invited=invited,
        answered=answered,
        questions={key: question_summary(counts.get(key, {})) for key in SCALE_KEYS},
        comments=sorted(comments, key=lambda text: (text.casefold(), text)),
    )


def _invited_filter() -> Q:
    return ~Q(attended=False)


def _summaries(activity_ids: list[int]) -> dict[int, Summary]:
    """The summaries of the given meetings in four queries, whatever their number."""
    invited = dict(
        MeetingParticipant.objects.filter(_invited_filter(), activity_id__in=activity_ids)
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    answered = dict(
        EvaluationResponse.objects.filter(activity_id__in=activity_ids)
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    counts: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for activity_id, question, score, n in (
        EvaluationAnswer.objects.filter(
            response__activity_id__in=activity_ids, question__in=SCALE_KEYS, score__isnull=False
        )
        .values("response__activity_id", "question", "score")
        .annotate(n=Count("pk"))
        .values_list("response__activity_id", "question", "score", "n")
    ):
        assert score is not None  # score__isnull=False above
        counts[activity_id][question][score] = n
    comments: dict[int, list[str]] = defaultdict(list)
    for activity_id, text in (
        EvaluationAnswer.objects.filter(response__activity_id__in=activity_ids, question__in=TEXT_KEYS)
        .exclude(text="")
        .values_list("response__activity_id", "text")
    ):
        comments[activity_id].append(text)
    return {
        pk: _summary(invited.get(pk, 0), answered.get(pk, 0), counts.get(pk, {}), comments.get(pk, []))
        for pk in activity_ids
    }


def meeting_summary(activity: Activity) -> Summary:
    """Invited (booked and not absent), answered, and per scale question the mean and the distribution."""
    return _summaries([activity.pk])[activity.pk]


def programme_summary(programme: Programme) -> dict[int, Summary]:
    """Each evaluated meeting of the programme (by activity id, in plan order) -> its summary; five queries."""
    ids = list(evaluated_activities(Activity.objects.filter(programme=programme)).values_list("pk", flat=True))
    return _summaries(ids) if ids else {}


def programme_total(summaries: dict[int, Summary] | list[Summary]) -> Summary:
    """All meetings together: every answer counts once (a mean over answers, not a mean of means)."""
    items = list(summaries.values()) if isinstance(summaries, dict) else list(summaries)
    counts: dict[str, dict[int, int]] = {key: dict.fromkeys(SCALE, 0) for key in SCALE_KEYS}
    for summary in items:
        for key, question in summary.questions.items():
            for value, n in question.distribution.items():
                counts[key][value] += n
    return _summary(
        sum(s.invited for s in items),
        sum(s.answered for s in items),
        counts,
        [comment for s in items for comment in s.comments],
    )


def sparring_met(summary: Summary) -> bool:
    """The success criterion "relevant sparring and input": at least ``sparring_min_answers()`` answers (3 by
    default: one or two answers say too little) and a mean of "sparring" of at least 4.0."""
    question = summary.questions.get(SPARRING)
    return (
        summary.answered >= max(sparring_min_answers(), 1)
        and question is not None
        and question.mean is not None
        and question.mean >= SPARRING_THRESHOLD
    )


def answered_organisations(activity: Activity) -> set[int]:
    """Ids of the organisations with at least one person who answered the meeting's evaluation."""
    return set(EvaluationReceipt.objects.filter(activity=activity).values_list("organisation_id", flat=True))


def answered_organisations_by_activity(programme: Programme) -> dict[int, set[int]]:
    """``answered_organisations`` for every meeting of a programme, in one query."""
    answered: dict[int, set[int]] = {}
    for activity_id, organisation_id in (
        EvaluationReceipt.objects.filter(activity__programme=programme)
        .values_list("activity_id", "organisation_id")
        .order_by()
    ):
        answered.setdefault(activity_id, set()).add(organisation_id)
    return answered


def organisation_progress(activity_ids: list[int], organisation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """For organisation people: per meeting, (own people booked and not absent, own people who answered)."""
    booked = dict(
        MeetingParticipant.objects.filter(
            _invited_filter(), activity_id__in=activity_ids, organisation_id__in=organisation_ids
        )
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    answered = dict(
        EvaluationReceipt.objects.filter(activity_id__in=activity_ids, organisation_id__in=organisation_ids)
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    return {pk: (booked.get(pk, 0), answered.get(pk, 0)) for pk in activity_ids}


def invitation_due(today: datetime.date) -> QuerySet[Activity]:
    """Evaluated meetings held yesterday or earlier, still open, whose participants have not been invited."""
    yesterday = today - datetime.timedelta(days=1)
    invited = EvaluationRound.objects.filter(invited_at__isnull=False).values("activity_id")
    return (
        evaluated_activities()
        .filter(starts_on__lte=yesterday, starts_on__gte=today - OPEN_FOR)
        .exclude(pk__in=invited)
        .select_related("programme")
        .order_by("starts_on", "pk")
    )


# --- The meeting page's panel ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPanel:
    activity: Activity
    state: State
    message: Any
    closes_on: datetime.date
    summary: Summary | None  # for those who run the programme

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN


def activity_panel(activity: Activity, user: Any, today: datetime.date | None = None) -> ActivityPanel | None:
    """What the meeting page shows about the evaluation: the link for a participant, the aggregate for advisors.

    None when the activity is not an evaluated meeting or the person is neither a participant nor a runner.
    """
    if not getattr(user, "is_authenticated", False) or not is_evaluated(activity):
        return None
    state = state_for(activity, user, today)
    runner = user.is_agency_staff and can(user, Action.CHANGE, activity.programme)
    if state == State.NOT_PARTICIPANT or (state == State.STAFF and not runner):
        return None
    summary = meeting_summary(activity) if runner else None
    return ActivityPanel(
        activity=activity, state=state, message=STATE_MESSAGES[state], closes_on=closes_on(activity), summary=summary
    )


# --- The start page --------------------------------------------------------------------------------------------


def open_for(user: Any, today: datetime.date | None = None, limit: int = 15) -> list[Activity]:
    """The evaluated meetings the person was booked for (and not absent from), open now and not yet answered."""
    today = today or timezone.localdate()
    booked = MeetingParticipant.objects.filter(user=user).exclude(attended=False).values("activity_id")
    answered = EvaluationReceipt.objects.filter(user=user).values("activity_id")
    return list(
        evaluated_activities()
        .filter(pk__in=booked, starts_on__lte=today, starts_on__gte=today - OPEN_FOR)
        .exclude(pk__in=answered)
        .select_related("programme")
        .order_by("starts_on")[:limit]
    )


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    """ "Evaluations to answer" on the start page of a person booked for meetings (staff never answer)."""
    if user.is_agency_staff:
        return None
    activities = open_for(user)
    if not activities:
        return None
    return "evaluations/_start_section.html", {"activities": activities}
