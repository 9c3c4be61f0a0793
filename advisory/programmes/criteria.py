"""Success criteria: for every activity and organisation, met / not yet / overdue.

The template gives each activity its criteria (``Criterion(text, evidence)``). A criterion with an
evidence key is judged from what is in the system; the rest are ticked by an advisor with a comment
(``CriterionCheck``). Evidence keys:

- ``participants_booked``: the organisation has people booked for every joint meeting (at least the
  template's minimum per organisation where it has one);
- ``trial_actions_completed:N``: the organisation has completed N trial actions by the end of the
  programme, spread over the trial-action periods (period n of m needs ceil(N·n/m));
- ``goal_progress``: the organisation has set its goal, and its status against the goal at the first joint
  meeting after the activity began shows progress (judged by advisory/programmes/group_records.py, which
  the app registers like the others);
- ``presentation_uploaded``: the organisation's presentation for the meeting the activity prepares
  (or for the meeting itself) is uploaded (judged by advisory/documents/evidence.py);
- ``evaluation_answered``: the organisation's participants answered the meeting's evaluation and the
  "relevant sparring" answers average at least the threshold (judged by advisory/evaluations/evidence.py).

The last two are evidence the apps above programmes hold: each registers its judge here
(``evidence_register``) in its ``AppConfig.ready()``, so programmes imports neither. A key nobody judges is
shown as unknown evidence.

A criterion not met is overdue when the activity's last day (or, for evaluations, the evaluation's
closing) is more than ``GRACE_DAYS`` behind us.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory.core.access import Action, get_object_for, require
from advisory.organisations.models import Organisation
from advisory.programmes.models import (
    Activity,
    ActivityScope,
    CriterionCheck,
    MeetingParticipant,
    Programme,
    TrialAction,
    TrialActionStatus,
)
from advisory.programmes.scheduling import Criterion

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

GRACE_DAYS = 7

MET = "met"
NOT_YET = "not_yet"
OVERDUE = "overdue"
STATE_LABELS = {MET: gettext_lazy("Met"), NOT_YET: gettext_lazy("Not yet"), OVERDUE: gettext_lazy("Overdue")}
EVIDENCE_LABELS: dict[str, StrPromise] = {  # the apps that judge evidence add theirs (evidence_register)
    "participants_booked": gettext_lazy("Shown by the bookings"),
    "trial_actions_completed": gettext_lazy("Shown by the trial actions"),
}
COMPLETED_TRIAL_STATUSES = (TrialActionStatus.COMPLETED, TrialActionStatus.ADJUSTED)


@dataclass(frozen=True)
class CriterionResult:
    index: int
    text: str
    evidence: str  # the evidence key without its argument; "" when an advisor judges it
    state: str
    explanation: str
    check: CriterionCheck | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def judged_by_advisor(self) -> bool:
        return not self.evidence

    @property
    def evidence_label(self) -> str:
        return str(EVIDENCE_LABELS.get(self.evidence, ""))


@dataclass(frozen=True)
class Cell:
    activity: Activity
    organisation: Organisation
    results: tuple[CriterionResult, ...]

    @property
    def state(self) -> str:
        states = {r.state for r in self.results}
        if OVERDUE in states:
            return OVERDUE
        return MET if states == {MET} else NOT_YET

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.state == MET)


@dataclass(frozen=True)
class CellState:
    """A cell's state alone (what the programme page shows of it)."""

    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class Summary:
    """What the programme page shows of the overview: the counts, and each row's cells as states by organisation
    id. Ids and strings only, so it is small to keep in the cache (``advisory.core.changes.kept``)."""

    counts: Counter[str]
    rows: tuple[tuple[int, tuple[tuple[int, str], ...]], ...]  # (activity id, ((organisation id, state), ...))

    def column(self, organisation_id: int) -> list[tuple[int, CellState | None]]:
        """Each row's activity id with the organisation's cell (None: not the organisation's activity)."""
        column = []
        for activity_id, states in self.rows:
            state = next((s for o, s in states if o == organisation_id), None)
            column.append((activity_id, CellState(state) if state is not None else None))
        return column


@dataclass
class Overview:
    programme: Programme
    organisations: list[Organisation]
    rows: list[tuple[Activity, list[Cell | None]]] = field(default_factory=list)

    def cells(self) -> Iterable[Cell]:
        return (cell for _activity, cells in self.rows for cell in cells if cell is not None)

    def counts(self) -> Counter[str]:
        return Counter(cell.state for cell in self.cells())

    def summary(self) -> Summary:
        rows = tuple(
            (activity.pk, tuple((c.organisation.pk, c.state) for c in cells if c is not None))
            for activity, cells in self.rows
        )
        return Summary(self.counts(), rows)

    def cell(self, activity_key: str, organisation_id: int) -> Cell | None:
        for activity, cells in self.rows:
            if activity.key == activity_key:
                return next((c for c in cells if c is not None and c.organisation.pk == organisation_id), None)
        return None


T = TypeVar("T")


class Evidence:
    """Everything the evidence needs, read once for the whole programme (a fixed number of queries)."""

    def __init__(self, programme: Programme, activities: list[Activity], template: Any) -> None:
        self.programme = programme
        self.activities = {a.key: a for a in activities}
        self.template = template
        completed = (
            TrialAction.objects.filter(programme=programme, status__in=COMPLETED_TRIAL_STATUSES)
            .values_list("organisation_id", "ends_on")
            .order_by()
        )
        self.completed_trials: dict[int, list[datetime.date]] = {}
        for organisation_id, ends_on in completed:
            self.completed_trials.setdefault(organisation_id, []).append(ends_on)
        bookings = (
            MeetingParticipant.objects.filter(activity__programme=programme)
            .values_list("activity_id", "organisation_id")
            .order_by()
        )
        self.bookings = Counter(bookings)
        period_key, _count = trial_action_criterion(template)
        self.periods = sorted((a for a in activities if a.template_key == period_key), key=lambda a: a.starts_on)
        self._read: dict[Callable[[Programme], Any], Any] = {}

    def once(self, read: Callable[[Programme], T]) -> T:
        """What ``read`` gives for the programme, read the first time a judge asks and kept for the rest (a
        registered judge reads its app's evidence for the whole programme through this)."""
        if read not in self._read:
            self._read[read] = read(self.programme)
        result: T = self._read[read]
        return result

    def joint_meetings(self) -> list[Activity]:
        return [a for a in self.activities.values() if a.scope == ActivityScope.SHARED and a.format != "milestone"]

    def prepared_meeting(self, activity: Activity) -> Activity | None:
        """The meeting a preparation activity prepares ("reflection_preparation-2" → "reflection_meeting-2")."""
        if activity.scope == ActivityScope.SHARED:
            return activity
        spec = self.template.activity(activity.template_key)
        target = spec.placement.target or spec.placement.ref
        if not target:
            return None
        return self.activities.get(f"{target}-{activity.occurrence}") or self.activities.get(target)


def trial_action_criterion(template: Any) -> tuple[str, int]:
    """The activity (its template key) whose criterion counts completed trial actions, and how many
    ("trial_actions_completed:3"); ("", 0) when the template has none."""
    for spec in template.activities:
        for criterion in spec.success_criteria:
            name, _sep, argument = criterion.evidence.partition(":")
            if name == "trial_actions_completed":
                return spec.key, int(argument or 1)
    return "", 0


def last_day(activity: Activity) -> datetime.date:
    return activity.ends_on or activity.starts_on


class EvidenceJudge(Protocol):
    """Judges one evidence key (its argument: the part after ":") for an activity and an organisation."""

    def __call__(
        self, argument: str, activity: Activity, organisation: Organisation, facts: Evidence
    ) -> tuple[bool, str, datetime.date]:
        """(met, explanation, deadline)."""
        ...


EVIDENCE_JUDGES: dict[str, EvidenceJudge] = {}


def evidence_register(name: str, judge: EvidenceJudge, label: StrPromise) -> None:
    """Judge the evidence key ``name`` with ``judge`` (from an AppConfig.ready(); again with the same: no change)."""
    if EVIDENCE_JUDGES.get(name, judge) is not judge:
        raise RuntimeError(f"The evidence “{name}” is already judged elsewhere.")
    EVIDENCE_JUDGES[name] = judge
    EVIDENCE_LABELS[name] = label


def _judge(
    evidence_key: str,
    activity: Activity,
    organisation: Organisation,
    facts: Evidence,
) -> tuple[bool, str, datetime.date]:
    """(met, explanation, deadline) for a criterion evidenced by the system."""
    name, _sep, argument = evidence_key.partition(":")
    if name == "participants_booked":
        meetings = facts.joint_meetings()
        missing = []
        for meeting in meetings:
            minimum = facts.template.activity(meeting.template_key).people_per_organisation[0] or 1
            if facts.bookings[(meeting.pk, organisation.pk)] < minimum:
                missing.append(meeting.title)
        if missing:
            explanation = _("Not enough people booked for: %(meetings)s.") % {"meetings": ", ".join(missing)}
        else:
            explanation = _("People are booked for all %(count)d joint meetings.") % {"count": len(meetings)}
        return not missing, explanation, last_day(activity)
    if name == "trial_actions_completed":
        total = int(argument or 1)
        periods = facts.periods or [activity]
        position = next((i for i, p in enumerate(periods, 1) if p.pk == activity.pk), len(periods))
        required = math.ceil(total * position / len(periods))
        done = len(facts.completed_trials.get(organisation.pk, []))
        explanation = _("%(done)d of %(required)d trial actions completed by this period (%(total)d in all).") % {
            "done": done,
            "required": required,
            "total": total,
        }
        return done >= required, explanation, last_day(activity)
    if name in EVIDENCE_JUDGES:
        return EVIDENCE_JUDGES[name](argument, activity, organisation, facts)
    return False, _("Unknown evidence “%(key)s” in the template.") % {"key": evidence_key}, last_day(activity)


def _state(met: bool, deadline: datetime.date, today: datetime.date) -> str:
    if met:
        return MET
    return OVERDUE if today > deadline + datetime.timedelta(days=GRACE_DAYS) else NOT_YET


def overview(
    programme: Programme,
    organisations: Iterable[Organisation] | None = None,
    today: datetime.date | None = None,
    only: Activity | None = None,
) -> Overview:
    """Every activity with success criteria (or ``only`` one) by the given organisations (default: all in the
    programme)."""
    today = today or timezone.localdate()
    template = programme.template_version.engine_template()
    activities = list(programme.activities.order_by("starts_on", "position"))
    organisations = list(organisations if organisations is not None else programme.organisations.order_by("name"))
    checks = {
        (c.activity_id, c.organisation_id, c.criterion): c
        for c in CriterionCheck.objects.filter(activity__programme=programme).select_related("checked_by")
    }
    facts = Evidence(programme, activities, template)
    specs = {spec.key: spec for spec in template.activities}
    result = Overview(programme, organisations)
    for activity in activities:
        if only is not None and activity.pk != only.pk:
            continue  # the evidence still sees the whole plan; only this activity is judged
        spec = specs.get(activity.template_key)
        if spec is None or not spec.success_criteria:
            continue
        cells: list[Cell | None] = []
        for organisation in organisations:
            if activity.organisation_id is not None and activity.organisation_id != organisation.pk:
                cells.append(None)  # another organisation's own call or preparation
                continue
            results = []
            for index, criterion in enumerate(spec.success_criteria):
                if criterion.evidence:
                    met, explanation, deadline = _judge(criterion.evidence, activity, organisation, facts)
                    check = None
                else:
                    check = checks.get((activity.pk, organisation.pk, criterion.text))
                    met = bool(check and check.met)
                    explanation = check.comment if check else ""
                    deadline = last_day(activity)
                results.append(
                    CriterionResult(
                        index=index,
                        text=criterion.text,
                        evidence=criterion.evidence.partition(":")[0],
                        state=_state(met, deadline, today),
                        explanation=explanation,
                        check=check,
                    )
                )
            cells.append(Cell(activity, organisation, tuple(results)))
        result.rows.append((activity, cells))
    return result


def activity_cells(overview_: Overview, activity: Activity) -> list[Cell]:
    return next((cells for a, cells in overview_.rows if a.pk == activity.pk), [])  # type: ignore[misc]


def assessable(
    user: Any, programme_id: int, key: str, index: int, organisation_id: int
) -> tuple[Activity, Organisation, Criterion]:
    """The activity the user runs, its programme's organisation and the criterion at ``index`` of the activity's
    template: one an advisor assesses. 404 for no such criterion, or one the system judges itself."""
    activity = get_object_for(
        user,
        Activity.objects.filter(programme_id=programme_id).select_related("programme__template_version"),
        Action.CHANGE,
        key=key,
    )
    organisation = get_object_or_404(activity.programme.organisations, pk=organisation_id)
    specs = activity.programme.template_version.engine_template().activity(activity.template_key).success_criteria
    if index >= len(specs) or specs[index].evidence:
        raise Http404
    return activity, organisation, specs[index]


@transaction.atomic
def criterion_assess(
    *,
    activity: Activity,
    organisation: Organisation,
    criterion: str,
    met: bool,
    comment: str,
    by: Any,
) -> CriterionCheck:
    """An advisor's judgement of a criterion the system cannot evidence (one per activity and organisation): those
    who run the activity's programme judge."""
    require(by, Action.CHANGE, activity)
    check, _created = CriterionCheck.objects.get_or_create(
        activity=activity, organisation=organisation, criterion=criterion
    )
    check.met = met
    check.comment = comment
    check.checked_by = by
    check.full_clean()
    check.save()
    return check


def by_criterion(cells: list[Cell]) -> list[tuple[CriterionResult, list[tuple[Organisation, CriterionResult]]]]:
    """An activity's cells turned around: each criterion with every organisation's result."""
    cells = [cell for cell in cells if cell is not None]  # an organisation's own call: its organisation's only
    if not cells:
        return []
    return [(first, [(cell.organisation, cell.results[first.index]) for cell in cells]) for first in cells[0].results]
