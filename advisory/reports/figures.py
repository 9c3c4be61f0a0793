"""The year's figures for the annual report to the ministry, counted in the database.

Every figure is one aggregate query (counts and averages with filters, never a loop over rows in Python), so the
page, the XLSX, the PDF and the API cost the same number of queries whatever the number of programmes.

What each figure counts (the year is the calendar year, Copenhagen dates):

- **programmes started**: not cancelled, and the plan's first activity lies in the year;
- **programmes completed**: completed, and the plan's last activity (its end date for a period) lies in the year
  (a programme is completed after its last activity; the platform keeps no completion date of its own);
- **programmes running**: not cancelled, with at least one activity in the year;
- **organisations taking part**: distinct organisations of the programmes running in the year, by kind;
- **people taking part**: distinct people booked for an activity in the year, and those recorded as present;
- **meetings held**: meetings and calls (virtual, in person, phone) dated in the year and marked done; their
  bookings and attendance (present, absent, not recorded);
- **trial actions**: completed (or adjusted and tried again) with the period's end in the year; started in the
  year; shared with the group;
- **success criteria**: the criteria advisors assessed for activities in the year (met of assessed), and the
  organisations of the group programmes completed in the year that completed the template's number of trial
  actions (the criterion judged from the trial actions; the other evidence is judged live on the programme
  pages and is not summed here);
- **evaluations**: the meetings' anonymous answers in the year, the average per scale question;
- **before and after**: per prerequisite, the programmes whose "after" rating was given in the year and that have
  a "before" rating: the average before, after and change.

Who sees what: advisors and administrators every kind, taskforce members the taskforce part (the figures of all
taskforce programmes: aggregates, no records). ``kinds_for(user)`` decides it; the page, the exports and the API
all ask it.

The figures are kept in Django's default cache for ``CACHE_TIMEOUT`` (``cached_year_figures``), per year, scope (the
kinds) and language, with the time they were counted (``counted_text``: shown on the page and in the files, which
all read the same kept figures). Counting a year costs about 18 aggregates over the year's rows (some 650 ms of CPU
at 5,000 programmes); agency staff can count again at once (the page's ``?opdater=1``), at most once per
``RECOUNT_INTERVAL`` per year, scope and language.

Exemplary shared trial actions (the knowledge bank, advisory.knowledge, a floor below this app) belong in
``_extra_tables``: add a function there that returns its ``Table``; the page, the XLSX, the PDF and the API show
every table of ``YearFigures.tables`` without further changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advisory.core.access import AnyUser, is_authenticated
from advisory.development.models import PrerequisiteRating, RatingMoment
from advisory.development.prerequisites import Prerequisite, for_kind
from advisory.evaluations.models import EvaluationAnswer, EvaluationResponse
from advisory.evaluations.questions import BY_KEY, SCALE_KEYS
from advisory.knowledge.selectors import bank_counts
from advisory.organisations.models import OrganisationKind
from advisory.programmes.criteria import COMPLETED_TRIAL_STATUSES, trial_action_criterion
from advisory.programmes.models import (
    Activity,
    ActivityFormat,
    CriterionCheck,
    MeetingParticipant,
    Programme,
    ProgrammeKind,
    ProgrammeOrganisation,
    ProgrammeStatus,
    ProgrammeTemplate,
    TrialAction,
)

FIRST_YEAR = 2020
LAST_YEAR = 2100
MEETING_FORMATS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON, ActivityFormat.PHONE)
LONGEST_PERIOD = datetime.timedelta(days=2 * 366)  # the longest dated period of a plan (an agreement: 18 months)
DEFAULT_TRIAL_ACTIONS = 3  # the group template's criterion (seed 003: at least three trial actions completed)
CACHE_TIMEOUT = 10 * 60  # seconds the counted figures are kept
RECOUNT_INTERVAL = 10  # seconds: at most one recount on demand per year, scope and language in this time

Number = int | float | None
NONE: dict[str, Any] = {}  # a missing group of an aggregate


def year_in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def year_out_of_range_message() -> str:
    return _("There are figures for the years %(first)s to %(last)s only.") % {"first": FIRST_YEAR, "last": LAST_YEAR}


def kinds_for(user: AnyUser) -> tuple[str, ...]:
    """The programme kinds whose figures ``user`` sees: none for anybody outside the agency."""
    if not is_authenticated(user) or not user.is_agency_staff:
        return ()
    if user.is_administrator or user.is_advisor:
        return tuple(ProgrammeKind.values)
    return (ProgrammeKind.TASKFORCE,)


def may_read(user: AnyUser) -> bool:
    return bool(kinds_for(user))


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Number, ...]
    key: str = ""  # a stable key for the API and the tests (a kind, a question, a prerequisite …)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]  # the value columns' headings (the label column is headed by ``label_heading``)
    rows: tuple[Row, ...]
    label_heading: str = ""
    note: str = ""
    chart_columns: tuple[int, ...] = ()  # the columns drawn as bars (on a common scale) above the table
    chart_max: float | None = None  # the scale's end, e.g. 5 for ratings; None: the largest value

    def value(self, row_key: str, column: int) -> Number:
        for row in self.rows:
            if row.key == row_key:
                return row.values[column]
        raise KeyError(row_key)


@dataclass(frozen=True)
class YearFigures:
    year: int
    kinds: tuple[str, ...]
    tables: tuple[Table, ...] = field(default_factory=tuple)
    counted_at: datetime.datetime = field(default_factory=timezone.now)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def trial_actions_completed(self) -> int:
        return int(self.table("trial_actions").value("completed", 0) or 0)


def _bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _in_year(prefix: str, year: int) -> Q:
    first, last = _bounds(year)
    return Q(**{f"{prefix}__gte": first, f"{prefix}__lte": last})


def _programmes(kinds: Sequence[str]) -> QuerySet[Programme]:
    return Programme.objects.filter(kind__in=kinds)


def _running(year: int, kinds: Sequence[str]) -> QuerySet[Programme]:
    """Programmes not cancelled with an activity in the year (a period counts when it overlaps the year)."""
    first, last = _bounds(year)
    # The lower bound keeps the search to a range of the date index: no period of a plan is longer than that.
    overlapping = Activity.objects.filter(
        Q(starts_on__gte=first - LONGEST_PERIOD, starts_on__lte=last)
        & (Q(starts_on__gte=first) | Q(ends_on__gte=first))
    ).values("programme_id")
    return _programmes(kinds).exclude(status=ProgrammeStatus.CANCELLED).filter(pk__in=overlapping)


def _kind_labels(kinds: Sequence[str]) -> list[tuple[str, str]]:
    return [(kind, str(label)) for kind, label in ProgrammeKind.choices if kind in kinds]


def programmes_table(year: int, kinds: Sequence[str]) -> Table:
    first_day = Activity.objects.filter(programme=OuterRef("pk")).order_by("starts_on").values("starts_on")[:1]
    last_day = (
        Activity.objects.filter(programme=OuterRef("pk"))
        .annotate(last=Coalesce("ends_on", "starts_on"))
        .order_by("-last")
        .values("last")[:1]
    )
    first, last = _bounds(year)
    rows = (
        _running(year, kinds)  # a programme that starts or ends in the year has an activity in it
        .annotate(first_day=Subquery(first_day), last_day=Subquery(last_day))
        .values("kind")
        .annotate(
            started=Count(
                "pk",
                filter=~Q(status=ProgrammeStatus.CANCELLED) & Q(first_day__gte=first, first_day__lte=last),
            ),
            completed=Count("pk", filter=Q(status=ProgrammeStatus.COMPLETED, last_day__gte=first, last_day__lte=last)),
        )
        .order_by()
    )
    counted: dict[str, dict[str, Any]] = {row["kind"]: dict(row) for row in rows}
    running = dict(_running(year, kinds).values("kind").annotate(n=Count("pk")).values_list("kind", "n").order_by())
    table_rows = [
        Row(
            label,
            (
                counted.get(kind, NONE).get("started", 0),
                counted.get(kind, NONE).get("completed", 0),
                running.get(kind, 0),
            ),
            kind,
        )
        for kind, label in _kind_labels(kinds)
    ]
    totals = tuple(sum(int(r.values[i] or 0) for r in table_rows) for i in range(3))
    return Table(
        key="programmes",
        title=_("Programmes by kind"),
        label_heading=_("Kind"),
        columns=(_("Started"), _("Completed"), _("Running in the year")),
        rows=(*table_rows, Row(_("In all"), totals, "total")),
        chart_columns=(0, 1, 2),
    )


def organisations_table(year: int, kinds: Sequence[str]) -> Table:
    counts = dict(
        ProgrammeOrganisation.objects.filter(programme__in=_running(year, kinds))
        .values("organisation__kind")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("organisation__kind", "n")
        .order_by()
    )
    rows = [Row(str(label), (counts.get(kind, 0),), kind) for kind, label in OrganisationKind.choices]
    total = sum(int(r.values[0] or 0) for r in rows)
    return Table(
        key="organisations",
        title=_("Organisations taking part"),
        label_heading=_("Kind of organisation"),
        columns=(_("Organisations"),),
        rows=(*rows, Row(_("In all"), (total,), "total")),
        note=_("Organisations in the programmes running in the year."),
    )


def people_and_meetings_table(year: int, kinds: Sequence[str]) -> Table:
    in_year = _in_year("activity__starts_on", year)
    people = MeetingParticipant.objects.filter(in_year, activity__programme__kind__in=kinds).aggregate(
        booked=Count("user", distinct=True),
        present=Count("user", distinct=True, filter=Q(attended=True)),
    )
    meetings = (
        Activity.objects.filter(_in_year("starts_on", year), programme__kind__in=kinds, format__in=MEETING_FORMATS)
        .exclude(programme__status=ProgrammeStatus.CANCELLED)
        .aggregate(
            held=Count("pk", filter=Q(done_at__isnull=False)),
            joint=Count("pk", filter=Q(done_at__isnull=False, format__in=(ActivityFormat.VIRTUAL, "in_person"))),
            calls=Count("pk", filter=Q(done_at__isnull=False, format=ActivityFormat.PHONE)),
        )
    )
    held = MeetingParticipant.objects.filter(
        in_year,
        activity__programme__kind__in=kinds,
        activity__format__in=MEETING_FORMATS,
        activity__done_at__isnull=False,
    ).aggregate(
        bookings=Count("pk"),
        present=Count("pk", filter=Q(attended=True)),
        absent=Count("pk", filter=Q(attended=False)),
        unrecorded=Count("pk", filter=Q(attended__isnull=True)),
    )
    recorded = held["present"] + held["absent"]
    rate = round(100 * held["present"] / recorded, 1) if recorded else None
    rows = (
        Row(_("People booked for an activity"), (people["booked"],), "people_booked"),
        Row(_("People recorded as present"), (people["present"],), "people_present"),
        Row(_("Meetings and calls held"), (meetings["held"],), "meetings_held"),
        Row(_("of which joint or virtual meetings"), (meetings["joint"],), "meetings_joint"),
        Row(_("of which calls"), (meetings["calls"],), "meetings_calls"),
        Row(_("Bookings for the meetings held"), (held["bookings"],), "bookings"),
        Row(_("Present"), (held["present"],), "present"),
        Row(_("Absent"), (held["absent"],), "absent"),
        Row(_("Attendance not recorded"), (held["unrecorded"],), "unrecorded"),
        Row(_("Attendance (per cent of those recorded)"), (rate,), "attendance_percent"),
    )
    return Table(
        key="meetings",
        title=_("People, meetings and attendance"),
        label_heading=_("Figure"),
        columns=(_("Number"),),
        rows=rows,
        note=_("Meetings and calls dated in the year and marked as done."),
    )


def trial_actions_table(year: int, kinds: Sequence[str]) -> Table:
    counts = TrialAction.objects.filter(programme__kind__in=kinds).aggregate(
        completed=Count("pk", filter=_in_year("ends_on", year) & Q(status__in=COMPLETED_TRIAL_STATUSES)),
        started=Count("pk", filter=_in_year("starts_on", year)),
        shared=Count(
            "pk",
            filter=_in_year("ends_on", year) & Q(status__in=COMPLETED_TRIAL_STATUSES, shared_with_group=True),
        ),
    )
    return Table(
        key="trial_actions",
        title=_("Trial actions"),
        label_heading=_("Figure"),
        columns=(_("Number"),),
        rows=(
            Row(_("Trial actions completed"), (counts["completed"],), "completed"),
            Row(_("of which shared with the group"), (counts["shared"],), "shared"),
            Row(_("Trial actions started"), (counts["started"],), "started"),
        ),
        note=_("Completed: completed, or adjusted and tried again, with the period ending in the year."),
    )


def _trial_actions_needed() -> int:
    template = ProgrammeTemplate.objects.filter(kind=ProgrammeKind.GROUP).first()
    version = template.current_version() if template else None
    if version is None:
        return DEFAULT_TRIAL_ACTIONS
    return trial_action_criterion(version.engine_template())[1] or DEFAULT_TRIAL_ACTIONS


def criteria_table(year: int, kinds: Sequence[str]) -> Table:
    checks = CriterionCheck.objects.filter(
        _in_year("activity__starts_on", year), activity__programme__kind__in=kinds
    ).aggregate(assessed=Count("pk"), met=Count("pk", filter=Q(met=True)))
    rows = [
        Row(_("Criteria assessed by the advisors"), (checks["assessed"],), "assessed"),
        Row(_("of which met"), (checks["met"],), "assessed_met"),
    ]
    if ProgrammeKind.GROUP in kinds:
        needed = _trial_actions_needed()
        last_day = (
            Activity.objects.filter(programme=OuterRef("programme_id"))
            .annotate(last=Coalesce("ends_on", "starts_on"))
            .order_by("-last")
            .values("last")[:1]
        )
        completed = (
            TrialAction.objects.filter(
                programme=OuterRef("programme_id"),
                organisation=OuterRef("organisation_id"),
                status__in=COMPLETED_TRIAL_STATUSES,
            )
            .order_by()
            .values("programme")
            .annotate(n=Count("pk"))
            .values("n")
        )
        first, last = _bounds(year)
        organisations = (
            ProgrammeOrganisation.objects.filter(
                programme__in=_running(year, (ProgrammeKind.GROUP,)), programme__status=ProgrammeStatus.COMPLETED
            )
            .annotate(
                last_day=Subquery(last_day),
                completed=Coalesce(Subquery(completed, output_field=IntegerField()), 0),
            )
            .filter(last_day__gte=first, last_day__lte=last)
            .aggregate(all=Count("pk"), met=Count("pk", filter=Q(completed__gte=needed)))
        )
        rows += [
            Row(_("Organisations in group programmes completed in the year"), (organisations["all"],), "organisations"),
            Row(
                _("of which completed at least %(n)s trial actions") % {"n": needed},
                (organisations["met"],),
                "trial_actions_met",
            ),
        ]
    return Table(
        key="criteria",
        title=_("Success criteria"),
        label_heading=_("Figure"),
        columns=(_("Number"),),
        rows=tuple(rows),
        note=_(
            "The criteria shown by bookings, presentations, goals and evaluations are judged on each programme's "
            "page and are not summed here."
        ),
    )


def evaluations_table(year: int, kinds: Sequence[str]) -> Table:
    responses = EvaluationResponse.objects.filter(
        _in_year("activity__starts_on", year), activity__programme__kind__in=kinds
    )
    answers = {
        question: (mean, n)
        for question, mean, n in EvaluationAnswer.objects.filter(
            response__in=responses, question__in=SCALE_KEYS, score__isnull=False
        )
        .values("question")
        .annotate(mean=Avg("score"), n=Count("pk"))
        .values_list("question", "mean", "n")
        .order_by()
    }
    rows = tuple(
        Row(
            str(BY_KEY[key].text),
            (_round(answers.get(key, (None, 0))[0]), answers.get(key, (None, 0))[1]),
            key,
        )
        for key in SCALE_KEYS
    )
    return Table(
        key="evaluations",
        title=_("Evaluations of the meetings"),
        label_heading=_("Question"),
        columns=(_("Average (1–5)"), _("Answers")),
        rows=rows,
        note=_("The anonymous answers to the evaluations of the meetings held in the year."),
        chart_columns=(0,),
        chart_max=5,
    )


def ratings_table(year: int, kinds: Sequence[str]) -> Table:
    before = PrerequisiteRating.objects.filter(
        programme=OuterRef("programme_id"), prerequisite=OuterRef("prerequisite"), moment=RatingMoment.BEFORE
    ).values("score")[:1]
    rows_qs = (
        PrerequisiteRating.objects.filter(
            _in_year("rated_on", year), moment=RatingMoment.AFTER, programme__kind__in=kinds
        )
        .annotate(before=Subquery(before, output_field=IntegerField()))
        .filter(before__isnull=False)
        .values("prerequisite")
        .annotate(
            mean_before=Avg("before"),
            mean_after=Avg("score"),
            change=Avg(F("score") - F("before")),
            n=Count("pk"),
        )
        .order_by()
    )
    found: dict[str, dict[str, Any]] = {row["prerequisite"]: dict(row) for row in rows_qs}
    themes: list[Prerequisite] = []
    for kind in kinds:
        themes += [p for p in for_kind(kind) if p not in themes]
    themes.sort(key=list(Prerequisite).index)
    rows = tuple(
        Row(
            str(p.label),
            (
                _round(found.get(p.value, NONE).get("mean_before")),
                _round(found.get(p.value, NONE).get("mean_after")),
                _round(found.get(p.value, NONE).get("change")),
                found.get(p.value, NONE).get("n", 0),
            ),
            p.value,
        )
        for p in themes
    )
    return Table(
        key="ratings",
        title=_("Prerequisites before and after"),
        label_heading=_("Prerequisite"),
        columns=(_("Before (average)"), _("After (average)"), _("Change (average)"), _("Programmes")),
        rows=rows,
        note=_("Programmes rated at the end in the year that were rated at the start too (scale 1–5)."),
        chart_columns=(0, 1),
        chart_max=5,
    )


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def knowledge_bank_table(year: int, kinds: Sequence[str]) -> Table:
    counts = bank_counts(year, kinds)
    return Table(
        key="knowledge_bank",
        title=_("The knowledge bank"),
        label_heading=_("Figure"),
        columns=(_("Number"),),
        rows=(
            Row(_("Completed trial actions shared in the knowledge bank"), (counts["shared"],), "shared"),
            Row(_("of which marked exemplary by the advisors"), (counts["exemplary"],), "exemplary"),
        ),
        note=_("Trial actions whose period ended in the year and that their coordinator shares in the knowledge bank."),
    )


def _extra_tables(year: int, kinds: Sequence[str]) -> list[Table]:
    """Tables of the apps below this one, in the order shown: the knowledge bank's shared and exemplary trial
    actions (advisory.knowledge)."""
    return [knowledge_bank_table(year, kinds)]


BUILDERS: tuple[Callable[[int, Sequence[str]], Table], ...] = (
    programmes_table,
    organisations_table,
    people_and_meetings_table,
    trial_actions_table,
    criteria_table,
    evaluations_table,
    ratings_table,
)


def year_figures(year: int, kinds: Sequence[str]) -> YearFigures:
    """The year's figures for the programmes of ``kinds`` (``kinds_for(user)``)."""
    tables = [build(year, kinds) for build in BUILDERS]
    if ProgrammeKind.GROUP not in kinds:
        tables = [t for t in tables if t.key != "evaluations"]  # only group programmes' meetings are evaluated
    tables += _extra_tables(year, kinds)
    return YearFigures(year=year, kinds=tuple(kinds), tables=tuple(tables))


def _cache_key(year: int, kinds: Sequence[str]) -> str:
    return f"reports:figures:{year}:{'+'.join(kinds)}:{get_language() or ''}"


def cached_year_figures(year: int, kinds: Sequence[str], *, recount: bool = False) -> YearFigures:
    """The year's figures as kept in the cache (counted when missing or older than ``CACHE_TIMEOUT``).

    ``recount``: count them again now and keep those, unless they were counted again on demand within the last
    ``RECOUNT_INTERVAL`` seconds (a bound on the work that clicks can cause)."""
    key = _cache_key(year, kinds)
    fresh = recount and cache.add(f"{key}:recount", True, RECOUNT_INTERVAL)
    found = None if fresh else cache.get(key)
    if isinstance(found, YearFigures):
        return found
    counted = year_figures(year, kinds)
    cache.set(key, counted, CACHE_TIMEOUT)
    return counted


def counted_text(year_figures: YearFigures) -> str:
    """When the figures were counted, in Copenhagen time: "Counted 3 December 2026 at 16:05"."""
    when = timezone.localtime(year_figures.counted_at)
    return _("Counted %(day)s at %(time)s") % {"day": date_format(when, "j. F Y"), "time": date_format(when, "H:i")}
