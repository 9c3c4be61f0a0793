"""The planning engine: from a template and anchor dates to a dated plan, checked and reflowed.

Pure: dataclasses in, dataclasses out, no ORM. Views, the API, management
commands and the demo data all reach it through ``advisory.programmes.services``.

A template (``TemplateSpec``) lists phases and activities. Each activity has one
*placement* saying where the generator puts it, and *rules* the validator checks:

placements
    ``offset``      ref + amount unit, snapped to a working day within a tolerance
    ``spread``      ``count`` occurrences evenly between two references
    ``periods``     local-work periods between consecutive meetings of a series
    ``before_each`` one occurrence a fixed distance before each occurrence of another activity
rules
    ``offset``      the date lies within the tolerance of ref + amount unit
    ``deadline``    no later than ref + amount unit
    ``min_count``   at least N occurrences
    ``min_gap``     consecutive occurrences (and their bounds) at least N days apart

References name an anchor (``acceptance``, ``start``) or another activity's key; an
anchor with the same name as an activity (``kickoff``) fixes that activity's date.
Meetings and calls must fall on working days (see ``workdays``).

Whatever it is given, the engine answers with a plan or a ``PlanError`` (a ``ValueError``):
options outside the template's bounds, a plan of more than ``MAX_ACTIVITIES`` (refused before any
is placed), or a date outside the calendar it plans in (``EARLIEST`` – ``LATEST``, wide enough for
any plan from the dates people may type; it keeps date arithmetic from overflowing and working-day
counts bounded). The caller says it in the user's language from ``code`` and ``params``.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dateutil.relativedelta import relativedelta

from advisory.programmes.workdays import (
    YearCalendar,
    is_working_day,
    last_open_day,
    nearest_open_day,
    nearest_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
    year_calendar,
)

DATED_FORMATS = frozenset({"virtual", "in_person", "phone", "milestone"})  # must fall on working days
PERIOD_FORMAT = "local_work"

MAX_ACTIVITIES = 500  # the most one plan may hold: the largest template at its largest options has about 60
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2199, 12, 31)


# --- errors -----------------------------------------------------------------------------------


class PlanError(ValueError):
    """A plan the engine will not make. ``code`` and ``params`` let the caller word it; the text is for logs."""

    code = "plan"

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.params = params


class MissingAnchor(PlanError):
    code = "missing_anchor"  # params: names


class DateOutOfRange(PlanError):
    code = "date_out_of_range"  # params: earliest, latest


class OptionOutOfRange(PlanError):
    code = "option_out_of_range"  # params: name, label, minimum, maximum, value


class UnknownOption(PlanError):
    code = "unknown_option"  # params: name, known


class TooManyActivities(PlanError):
    code = "too_many_activities"  # params: count, maximum


def _outside(day: datetime.date) -> DateOutOfRange:
    return DateOutOfRange(f"{day} is outside {EARLIEST} – {LATEST}.", earliest=EARLIEST, latest=LATEST)


def within_calendar(day: datetime.date) -> datetime.date:
    """The day itself, or DateOutOfRange when it lies outside the calendar the engine plans in."""
    if not EARLIEST <= day <= LATEST:
        raise _outside(day)
    return day


def shift(day: datetime.date, days: int) -> datetime.date:
    """``day`` + ``days`` within the engine's calendar (DateOutOfRange, never OverflowError)."""
    try:
        return within_calendar(day + datetime.timedelta(days=days))
    except OverflowError as exc:
        raise _outside(day) from exc


# --- templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # days, weeks, months

    def apply(self, day: datetime.date) -> datetime.date:
        """``day`` moved by the offset; DateOutOfRange when that leaves the engine's calendar."""
        if self.unit not in {"days", "weeks", "months"}:
            raise ValueError(f"unknown unit {self.unit!r}")
        try:
            if self.unit == "months":
                moved = day + relativedelta(months=self.amount)
            else:
                moved = day + datetime.timedelta(**{self.unit: self.amount})
        except (OverflowError, ValueError) as exc:  # "date value out of range", "year 10000 is out of range"
            raise _outside(day) from exc
        return within_calendar(moved)

    def describe(self) -> str:
        """Danish, e.g. "6 måneder"."""
        amount = abs(self.amount)
        names = {"days": ("dag", "dage"), "weeks": ("uge", "uger"), "months": ("måned", "måneder")}[self.unit]
        return f"{amount} {names[0] if amount == 1 else names[1]}"


@dataclass(frozen=True)
class Placement:
    type: str
    ref: str = ""
    offset: Offset = Offset(0, "days")
    tolerance: int = 0  # working days
    after: str = ""  # spread: lower bound reference
    before: str = ""  # spread: upper bound reference
    count_option: str = ""  # spread: the plan option naming the count
    default_count: int = 1
    series: tuple[str, ...] = ()  # periods: activity template keys in order
    target: str = ""  # before_each: template key of the activity each occurrence prepares
    until: str = ""  # offset: a period that lasts until the day before this reference
    # offset: True for an end that must lie inside a period (an agreement's 18 months, the programme's two years):
    # the last working day before ref + amount, never the nearest one after it.
    last_day_before: bool = False


@dataclass(frozen=True)
class Rule:
    type: str  # offset, deadline, min_count, min_gap
    label: str  # Danish: the rule as people say it, e.g. "senest 6 måneder efter opstartsmødet"
    ref: str = ""
    offset: Offset = Offset(0, "days")
    tolerance: int = 0
    minimum: int = 0


@dataclass(frozen=True)
class Participant:
    role: str
    min_people: int | None = None
    max_people: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Criterion:
    text: str
    evidence: str = ""  # "", trial_actions_completed, presentation_uploaded, participants_booked, evaluation_answered


@dataclass(frozen=True)
class ActivitySpec:
    key: str
    title: str
    phase: str
    format: str
    placement: Placement
    scope: str = "shared"
    duration_minutes: int | None = None
    participants: tuple[Participant, ...] = ()
    purpose: tuple[str, ...] = ()
    success_criteria: tuple[Criterion, ...] = ()
    rules: tuple[Rule, ...] = ()
    reminder_days: tuple[int, ...] = (14, 2)
    # A full-day meeting ("1 hel dag (4-6 timer)"): its default start and end time; None for anything else.
    full_day: tuple[datetime.time, datetime.time] | None = None
    # Each occurrence is labelled with the phase that holds most of its days (``phase_by_date``), not ``phase``.
    phase_by_date: bool = False
    people_per_organisation: tuple[int | None, int | None] = (None, None)  # (min, max) booked per organisation
    required_functions: tuple[str, ...] = ()  # each organisation books someone of each (e.g. leaders and staff)
    # Not in the programme's description (the seed) but the advisory function's own addition; the plan says so.
    advisory_addition: bool = False


@dataclass(frozen=True)
class OptionSpec:
    """A count a person chooses for a plan (e.g. the number of reflection meetings), within the template's bounds."""

    minimum: int
    maximum: int
    label: str = ""  # Danish, plural: "refleksionsmøder"
    default: int | None = None  # the count a plan gets unless a person chooses another (None: the placement's)


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    title: str
    nominal: str  # e.g. "ca. 1 måned"
    starts_at: str  # reference (anchor or activity key)
    start_offset_days: int = 0
    # The phase starts this far from ``starts_at`` (e.g. a month before the closing meeting); a start moved by it
    # that is not a working day becomes the next working day.
    start_offset: Offset = Offset(0, "days")
    focus: str = ""  # what the phase is about, in the seed's words


@dataclass(frozen=True)
class StartSeason:
    """A part of every year in which programmes of a kind start (taskforce: spring and autumn, seed 004), from
    ``first`` to ``last`` (month, day), both included."""

    key: str
    label: str  # Danish, as a message names it: "forårssæsonen"
    first: tuple[int, int]
    last: tuple[int, int]

    def contains(self, day: datetime.date) -> bool:
        return self.first <= (day.month, day.day) <= self.last


def start_season_of(template: TemplateSpec, day: datetime.date) -> StartSeason | None:
    """The template's season ``day`` lies in; None when it has seasons and ``day`` is in none of them (and when it
    has none: a kind that starts any time of the year)."""
    return next((season for season in template.start_seasons if season.contains(day)), None)


def outside_start_seasons(template: TemplateSpec, day: datetime.date) -> bool:
    """True when the template's kind starts in seasons only and ``day`` lies in none of them."""
    return bool(template.start_seasons) and start_season_of(template, day) is None


@dataclass(frozen=True)
class TemplateSpec:
    kind: str
    name: str
    anchors: tuple[str, ...]  # required anchor names, the first is the plan's start
    optional_anchors: tuple[str, ...]
    phases: tuple[PhaseSpec, ...]
    activities: tuple[ActivitySpec, ...]
    ends_with: str  # the reference whose date ends the last phase
    options: Mapping[str, OptionSpec] = field(default_factory=dict)
    min_organisations: int = 1
    max_organisations: int = 1
    organisation_kinds: tuple[str, ...] = ("municipality", "shelter")
    start_seasons: tuple[StartSeason, ...] = ()  # when programmes of the kind start (none: any time of the year)

    def activity(self, key: str) -> ActivitySpec:
        for spec in self.activities:
            if spec.key == key:
                return spec
        raise KeyError(key)


# --- plans ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedActivity:
    key: str
    template_key: str
    occurrence: int
    title: str
    phase: str
    format: str
    scope: str
    start: datetime.date
    end: datetime.date | None = None
    duration_minutes: int | None = None
    done: bool = False
    pinned: bool = False
    full_day: bool = False  # a full-day meeting (the template's ``full_day``: a start and an end time)
    organisation: str = ""  # an organisation's own row of a per-organisation activity (see per_organisation_rows)
    slot: int = 0  # the how-manieth of the organisations' calls on its day (0: the first), for a staggered time


@dataclass(frozen=True)
class PlannedPhase:
    key: str
    title: str
    start: datetime.date
    end: datetime.date
    focus: str = ""


@dataclass(frozen=True)
class Plan:
    kind: str
    anchors: Mapping[str, datetime.date]
    options: Mapping[str, int]
    phases: tuple[PlannedPhase, ...]
    activities: tuple[PlannedActivity, ...]
    organisations: tuple[str, ...] = ()  # who gets their own row of each per-organisation activity

    def by_key(self) -> dict[str, PlannedActivity]:
        return {activity.key: activity for activity in self.activities}

    def occurrences(self, template_key: str) -> list[PlannedActivity]:
        # Per-organisation rows share an occurrence: the first is then the earliest, the last the latest.
        return sorted(
            (a for a in self.activities if a.template_key == template_key), key=lambda a: (a.occurrence, a.start)
        )

    @property
    def start(self) -> datetime.date:
        return min(phase.start for phase in self.phases)

    @property
    def end(self) -> datetime.date:
        return max(phase.end for phase in self.phases)


ViolationParam = str | int | datetime.date


@dataclass(frozen=True)
class Violation:
    """A rule the plan breaks, as a code and what the message needs; the caller words it in the user's language
    (``advisory.programmes.wording``). ``params`` per code (``title`` is the activity's, ``rule`` the rule's label):

    ``non_working_day`` title, day
    ``non_working_end`` title, day (a period that ends on a day that is not a working day)
    ``deadline``        title, rule, days_late, deadline
    ``offset``          title, rule, working_days, direction ("late" or "early"), target
    ``min_count``       title, rule, count, minimum
    ``min_gap``         title, rule, gap_days, minimum
    """

    activity_key: str
    code: str  # offset, deadline, min_count, min_gap, non_working_day
    days: int  # by how much (days), or how many are missing for min_count
    params: Mapping[str, ViolationParam] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    key: str
    title: str
    old_start: datetime.date | None
    new_start: datetime.date | None
    old_end: datetime.date | None = None
    new_end: datetime.date | None = None


@dataclass(frozen=True)
class ReflowResult:
    plan: Plan
    changes: tuple[Change, ...]
    violations: tuple[Violation, ...]
    warnings: tuple[Violation, ...] = ()  # joint meetings in a soft closed period (``soft_period_warnings``)


@dataclass(frozen=True)
class Fixed:
    """A date that generation must keep: an anchor given by the user, a done or pinned activity."""

    start: datetime.date
    end: datetime.date | None = None
    done: bool = False
    pinned: bool = False


# --- generation -------------------------------------------------------------------------------


def occurrence_key(template_key: str, occurrence: int, repeated: bool) -> str:
    return f"{template_key}-{occurrence}" if repeated else template_key


def _count_for(
    spec: ActivitySpec, options: Mapping[str, int], template: TemplateSpec, visiting: frozenset[str] = frozenset()
) -> int:
    if spec.key in visiting:
        raise ValueError(f"The template's references go round in a circle at {spec.key!r}.")
    visiting = visiting | {spec.key}
    if spec.placement.type == "spread":
        default = default_options(template).get(spec.placement.count_option, spec.placement.default_count)
        return max(0, int(options.get(spec.placement.count_option, default)))
    if spec.placement.type == "periods":
        series = (_count_for(template.activity(key), options, template, visiting) for key in spec.placement.series)
        return max(0, sum(series) - 1)
    if spec.placement.type == "before_each":
        return _count_for(template.activity(spec.placement.target), options, template, visiting)
    return 1


def planned_count(template: TemplateSpec, options: Mapping[str, int]) -> int:
    """How many activities the plan will have, counted without placing any."""
    return sum(_count_for(spec, options, template) for spec in template.activities)


def _is_repeated(spec: ActivitySpec) -> bool:
    return spec.placement.type in {"spread", "periods", "before_each"}


class _Generator:
    def __init__(
        self,
        template: TemplateSpec,
        anchors: Mapping[str, datetime.date],
        options: Mapping[str, int],
        fixed: Mapping[str, Fixed],
        organisations: tuple[str, ...] = (),
        direction: str = "nearest",
    ) -> None:
        self.template = template
        self.organisations = organisations  # per-organisation rows follow (``per_organisation_rows``)
        # Where a joint meeting goes out of a soft closed period: "nearest", "later", "earlier" open day, or "stay".
        self.direction = direction
        self.moved = False  # whether one did
        self.anchors = dict(anchors)
        self.options = options
        self.fixed = fixed
        self.year = year_calendar()
        self.placed: dict[str, list[PlannedActivity]] = {}
        self.visiting: set[str] = set()

    def date_of(self, ref: str, *, last: bool = False) -> datetime.date:
        activity_keys = {spec.key for spec in self.template.activities}
        if ref in self.anchors and ref not in activity_keys:
            return self.anchors[ref]
        phase = next((p for p in self.template.phases if p.key == ref), None)
        if phase is not None and ref not in activity_keys:  # a phase's key: the day it starts
            return self.phase_start(phase)
        occurrences = self.place(ref)
        chosen = occurrences[-1] if last else occurrences[0]
        return chosen.start

    def _snap(self, spec: ActivitySpec, nominal: datetime.date, tolerance: int) -> datetime.date:
        # Every dated activity starts on a working day: meetings and calls, and local work (a preparation) too.
        return nearest_working_day(nominal, tolerance)

    def _make(
        self, spec: ActivitySpec, occurrence: int, start: datetime.date, end: datetime.date | None = None
    ) -> PlannedActivity:
        key = occurrence_key(spec.key, occurrence, _is_repeated(spec))
        fixed = self.fixed.get(key)
        if fixed is not None:
            start, end = fixed.start, fixed.end if fixed.end is not None else end
        within_calendar(start)
        if end is not None:
            within_calendar(end)
        return PlannedActivity(
            key=key,
            template_key=spec.key,
            occurrence=occurrence,
            title=spec.title if not _is_repeated(spec) else f"{spec.title} {occurrence}",
            phase=spec.phase,
            format=spec.format,
            scope=spec.scope,
            start=start,
            end=end,
            duration_minutes=spec.duration_minutes,
            done=bool(fixed and fixed.done),
            pinned=bool(fixed and fixed.pinned),
            full_day=spec.full_day is not None,
        )

    def place(self, key: str) -> list[PlannedActivity]:
        if key in self.placed:
            return self.placed[key]
        if key in self.visiting:
            raise ValueError(f"The template's references go round in a circle at {key!r}.")
        self.visiting.add(key)
        spec = self.template.activity(key)
        placement = spec.placement
        if key in self.anchors:  # e.g. a kickoff date already agreed
            result = [self._make(spec, 1, self.anchors[key])]
        elif placement.type == "offset":
            nominal = placement.offset.apply(self.date_of(placement.ref, last=placement.offset.amount > 0))
            if placement.last_day_before and spec.format in DATED_FORMATS:
                start = previous_working_day(shift(nominal, -1))
            else:
                start = self._snap(spec, nominal, placement.tolerance)
                start = self._open_day(spec, nominal, start, placement.tolerance)
            end = previous_working_day(shift(self.date_of(placement.until), -1)) if placement.until else None
            result = [self._make(spec, 1, start, max(start, end) if end else None)]
        elif placement.type == "spread":
            low = self.date_of(placement.after, last=True)
            high = self.date_of(placement.before)
            count = _count_for(spec, self.options, self.template)
            step = (high - low) / (count + 1)
            snapped = [self._snap(spec, low + step * n, max(1, step.days // 4)) for n in range(1, count + 1)]
            starts = self._open_series(spec, [low + step * n for n in range(1, count + 1)], snapped, low, high)
            result = [self._make(spec, n, start) for n, start in enumerate(starts, start=1)]
        elif placement.type == "periods":
            meetings = sorted(
                (a for series_key in placement.series for a in self.place(series_key)), key=lambda a: a.start
            )
            result = [
                self._make(spec, n, *_working_period(shift(first.start, 1), shift(second.start, -1)))
                for n, (first, second) in enumerate(itertools.pairwise(meetings), start=1)
            ]
        elif placement.type == "before_each":
            result = [
                self._make(spec, target.occurrence, self._snap(spec, placement.offset.apply(target.start), 2))
                for target in self.place(placement.target)
            ]
        else:
            raise ValueError(f"Unknown placement {placement.type!r} for {key!r}.")
        self.visiting.discard(key)
        self.placed[key] = result
        return result

    # The Danish year: joint meetings avoid the soft closed periods where the rules allow (see the section below).

    def _rule_targets(self, spec: ActivitySpec) -> list[tuple[Rule, datetime.date]] | None:
        """The activity's own offset and deadline rules with their ref + amount (None when it has none)."""
        dated = [rule for rule in spec.rules if rule.type in {"offset", "deadline"}]
        if not dated or any(rule.ref in self.visiting for rule in dated):
            return None
        return [(rule, rule.offset.apply(self.date_of(rule.ref, last=rule.offset.amount > 0))) for rule in dated]

    def _open_day(
        self, spec: ActivitySpec, nominal: datetime.date, snapped: datetime.date, tolerance: int
    ) -> datetime.date:
        """For a joint meeting whose day lies in a soft closed period: the nearest day outside every one that is
        within the placement's tolerance or that the meeting's own rules allow; else ``snapped`` (then warned)."""
        if not is_joint_meeting(self.template, spec) or self.year.soft_period_on(snapped) is None:
            return snapped
        if self.direction == "stay" or spec.key in self.fixed:
            return snapped
        targets = self._rule_targets(spec)

        def allowed(day: datetime.date) -> bool:
            if (self.direction == "later" and day < nominal) or (self.direction == "earlier" and day > nominal):
                return False
            if targets is not None and all(rule_holds(rule, target, day) for rule, target in targets):
                return True
            return working_days_between(nominal, day) <= tolerance

        found = nearest_open_day(self.year, nominal, allowed)
        if found is None:
            return snapped
        self.moved = True
        return found

    def _open_series(
        self,
        spec: ActivitySpec,
        nominals: list[datetime.date],
        snapped: list[datetime.date],
        after: datetime.date,
        before: datetime.date,
    ) -> list[datetime.date]:
        """A spread series of joint meetings (the reflection meetings), each on the day nearest to its even share of
        the span, keeping the series' ``min_gap`` between the meetings and to both bounds (the lower one the last
        of the organisations' own rows of ``after``, a call each), and outside the soft closed periods.

        The latest day each may take is found from the last backwards, so the earlier ones leave room for the
        rest: on open days (working days outside the soft closed periods) when a whole series of them fits, else
        on working days, where each still takes an open day when its window has one (the rest are warned).
        ``snapped`` as it is when not even working days fit (the validator then reports the gaps)."""
        if not is_joint_meeting(self.template, spec) or not snapped or self.direction == "stay":
            return snapped
        gap = datetime.timedelta(max((rule.minimum for rule in spec.rules if rule.type == "min_gap"), default=0))
        after = max(after, self._last_row_day(spec.placement.after))
        for year in (self.year, YearCalendar()):
            latest = _latest_days(year, before, gap, len(snapped))
            if latest is None or latest[0] < after + gap:
                continue
            chosen: list[datetime.date] = []
            previous = after
            for n, (nominal, day, last) in enumerate(zip(nominals, snapped, latest, strict=True), start=1):
                kept = self.fixed.get(occurrence_key(spec.key, n, True))
                if kept is not None:
                    found: datetime.date | None = kept.start
                elif previous + gap <= day <= last and self.year.soft_period_on(day) is None:
                    found = day
                else:
                    found = _nearest_in(self.year, nominal, previous + gap, last) or _nearest_in(
                        YearCalendar(), nominal, previous + gap, last
                    )
                if found is None:
                    break
                chosen.append(found)
                previous = found
            else:
                self.moved = self.moved or chosen != snapped
                return chosen
        return snapped

    def _last_row_day(self, ref: str) -> datetime.date:
        """The last day of the organisations' own rows of the activity ``ref`` (``per_organisation_rows`` spreads
        them over its tolerance), or ``ref``'s own day when it has none."""
        day = self.date_of(ref, last=True)
        if not self.organisations or ref not in {spec.key for spec in self.template.activities}:
            return day
        spec = self.template.activity(ref)
        if not splits_per_organisation(spec):
            return day
        placed = self.place(ref) + (self.place(spec.placement.ref) if spec.placement.ref in self.placed else [])
        rows = per_organisation_rows(self.template, placed, self.organisations, self.fixed, self.anchors)
        return max([day, *(row.start for row in rows if row.template_key == ref)])

    def phase_start(self, phase: PhaseSpec) -> datetime.date:
        if phase.key in self.visiting:
            raise ValueError(f"The template's references go round in a circle at {phase.key!r}.")
        self.visiting.add(phase.key)
        start = shift(self.date_of(phase.starts_at), phase.start_offset_days)
        if phase.start_offset.amount:
            start = phase.start_offset.apply(start)
            while not is_working_day(start):
                start = shift(start, 1)
        self.visiting.discard(phase.key)
        return start

    def phases(self) -> tuple[PlannedPhase, ...]:
        starts = [self.phase_start(phase) for phase in self.template.phases]
        final = self.date_of(self.template.ends_with, last=True)
        ends = [shift(later, -1) for later in starts[1:]] + [final]
        return tuple(
            PlannedPhase(key=phase.key, title=phase.title, start=start, end=max(start, end), focus=phase.focus)
            for phase, start, end in zip(self.template.phases, starts, ends, strict=True)
        )


def phase_by_date(activity: PlannedActivity, phases: Iterable[PlannedPhase]) -> str:
    """The phase that holds most of the activity's days (the earlier one of two that hold as many); the
    activity's own phase when none holds any."""
    first, last = activity.start, activity.end or activity.start
    best, most = activity.phase, 0
    for phase in phases:
        days = (min(last, phase.end) - max(first, phase.start)).days + 1
        if days > most:
            best, most = phase.key, days
    return best


def _labelled_by_date(
    template: TemplateSpec, activities: Iterable[PlannedActivity], phases: tuple[PlannedPhase, ...]
) -> list[PlannedActivity]:
    """The activities, those whose template says ``phase_by_date`` labelled with the phase they lie in."""
    by_date = {spec.key for spec in template.activities if spec.phase_by_date}
    return [replace(a, phase=phase_by_date(a, phases)) if a.template_key in by_date else a for a in activities]


def _latest_days(
    year: YearCalendar, before: datetime.date, gap: datetime.timedelta, count: int
) -> list[datetime.date] | None:
    """The latest open day each of ``count`` meetings ``gap`` apart (and ``gap`` before ``before``) may take."""
    latest: list[datetime.date] = []
    bound = before
    for _ in range(count):
        found = last_open_day(year, bound - gap)
        if found is None:
            return None
        latest.insert(0, found)
        bound = found
    return latest


def _nearest_in(
    year: YearCalendar, nominal: datetime.date, earliest: datetime.date, latest: datetime.date
) -> datetime.date | None:
    """The open day between ``earliest`` and ``latest`` nearest to ``nominal``."""
    if latest < earliest:
        return None
    search = (latest - earliest).days + abs((nominal - earliest).days)
    return nearest_open_day(year, nominal, lambda day: earliest <= day <= latest, search_days=search)


def _working_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A local-work period from its first working day to its last (never ending before it starts)."""
    first, last = next_working_day(start), previous_working_day(end)
    return first, max(first, last)


def check_options(template: TemplateSpec, options: Mapping[str, int]) -> None:
    """Each option is one the template knows, within its bounds; the plan stays within MAX_ACTIVITIES.

    The one check of the counts a person chooses: the programme form, the API's plan preview,
    programme creation and reflow all reach it through ``generate_plan``.
    """
    known = set(template.options) | set(default_options(template))
    for name, value in options.items():
        if name not in known:
            raise UnknownOption(f"The template has no option {name!r}.", name=name, known=sorted(known))
        bounds = template.options.get(name)
        if bounds is not None and not bounds.minimum <= int(value) <= bounds.maximum:
            raise OptionOutOfRange(
                f"{name} must be between {bounds.minimum} and {bounds.maximum}.",
                name=name,
                label=bounds.label or name,
                minimum=bounds.minimum,
                maximum=bounds.maximum,
                value=int(value),
            )
    count = planned_count(template, options)
    if count > MAX_ACTIVITIES:
        raise TooManyActivities(
            f"The plan would have {count} activities; at most {MAX_ACTIVITIES}.", count=count, maximum=MAX_ACTIVITIES
        )


def _check_inputs(
    template: TemplateSpec,
    anchors: Mapping[str, datetime.date],
    options: Mapping[str, int],
    fixed: Mapping[str, Fixed],
) -> None:
    missing = [name for name in template.anchors if name not in anchors]
    if missing:
        raise MissingAnchor(f"der mangler en dato for {', '.join(missing)}.", names=missing)
    for day in anchors.values():
        within_calendar(day)
    for kept in fixed.values():
        within_calendar(kept.start)
        if kept.end is not None:
            within_calendar(kept.end)
    check_options(template, options)


def default_options(template: TemplateSpec) -> dict[str, int]:
    """The count of each option a plan gets unless a person chooses another: the option's own default in the
    template's options; a template (version) whose options have none takes the placement's ``default_count``."""
    defaults = {}
    for spec in template.activities:
        if spec.placement.type == "spread":
            option = template.options.get(spec.placement.count_option)
            chosen = option.default if option is not None and option.default is not None else None
            defaults[spec.placement.count_option] = spec.placement.default_count if chosen is None else chosen
    return defaults


def generate_plan(
    template: TemplateSpec,
    anchors: Mapping[str, datetime.date],
    options: Mapping[str, int] | None = None,
    fixed: Mapping[str, Fixed] | None = None,
    organisations: Iterable[str] = (),
) -> Plan:
    """A dated plan for the template; ``fixed`` dates (done, pinned, moved by hand) are kept. With
    ``organisations`` each per-organisation activity is one row per organisation (``per_organisation_rows``).

    Joint meetings leave the year's soft closed periods where their rules allow, to the nearest open day; when
    that makes the plan break a rule (a closing meeting moved before the summer holiday can leave too little
    time for the reflection meetings), the other direction is tried, and then the plan without such moves: the
    first that breaks the fewest rules is the plan (the meetings left in a soft period are warned)."""
    merged = {**default_options(template), **(options or {})}
    _check_inputs(template, anchors, merged, fixed or {})
    organisations = tuple(organisations)
    plan, moved = _generate(template, anchors, merged, fixed or {}, organisations, "nearest")
    if not moved:
        return plan
    best, fewest = plan, len(validate_plan(template, plan))
    for direction in ("later", "earlier", "stay"):
        if not fewest:
            break
        candidate, _moved = _generate(template, anchors, merged, fixed or {}, organisations, direction)
        broken = len(validate_plan(template, candidate))
        if broken < fewest:
            best, fewest = candidate, broken
    return best


def _generate(
    template: TemplateSpec,
    anchors: Mapping[str, datetime.date],
    merged: Mapping[str, int],
    fixed: Mapping[str, Fixed],
    organisations: tuple[str, ...],
    direction: str,
) -> tuple[Plan, bool]:
    """The plan, and whether a joint meeting left a soft closed period (``direction``: see ``_Generator``)."""
    generator = _Generator(template, anchors, merged, fixed, organisations, direction)
    for spec in template.activities:
        generator.place(spec.key)
    activities = sorted(
        (a for spec in template.activities for a in generator.placed[spec.key]),
        key=lambda a: (a.start, a.end or a.start, a.key),
    )
    phases = generator.phases()
    activities = _labelled_by_date(template, activities, phases)
    organisations = tuple(organisations)
    if organisations:
        activities = per_organisation_rows(template, activities, organisations, fixed or {}, anchors)
    plan = Plan(
        kind=template.kind,
        anchors=dict(anchors),
        options=merged,
        phases=phases,
        activities=tuple(activities),
        organisations=organisations,
    )
    return plan, generator.moved


# --- validation -------------------------------------------------------------------------------


def _ref_date(plan: Plan, template: TemplateSpec, ref: str, *, last: bool) -> datetime.date | None:
    occurrences = plan.occurrences(ref)
    if occurrences:
        return (occurrences[-1] if last else occurrences[0]).start
    if ref not in plan.anchors:  # a phase's key: the day it starts
        phase = next((p for p in plan.phases if p.key == ref), None)
        if phase is not None:
            return phase.start
    return plan.anchors.get(ref)


def validate_plan(template: TemplateSpec, plan: Plan) -> list[Violation]:
    """Every rule the plan breaks, with what a message needs to name the activity, the rule and by how much."""
    violations: list[Violation] = []
    for spec in template.activities:
        occurrences = plan.occurrences(spec.key)
        for activity in occurrences:
            # Every dated activity, local-work periods and preparations included, starts and ends on a working day.
            if not is_working_day(activity.start):
                violations.append(
                    Violation(activity.key, "non_working_day", 0, {"title": activity.title, "day": activity.start})
                )
            if activity.end is not None and activity.end != activity.start and not is_working_day(activity.end):
                violations.append(
                    Violation(activity.key, "non_working_end", 0, {"title": activity.title, "day": activity.end})
                )
        for rule in spec.rules:
            if rule.type in {"offset", "deadline"}:
                for activity in occurrences:
                    base = _ref_date(plan, template, rule.ref, last=rule.offset.amount > 0)
                    if base is None:
                        continue
                    target = rule.offset.apply(base)
                    if rule.type == "deadline" and activity.start > target:
                        late = (activity.start - target).days
                        violations.append(
                            Violation(
                                activity.key,
                                "deadline",
                                late,
                                {"title": activity.title, "rule": rule.label, "days_late": late, "deadline": target},
                            )
                        )
                    elif rule.type == "offset":
                        distance = working_days_between(target, activity.start)
                        if distance > rule.tolerance:
                            violations.append(
                                Violation(
                                    activity.key,
                                    "offset",
                                    abs((activity.start - target).days),
                                    {
                                        "title": activity.title,
                                        "rule": rule.label,
                                        "working_days": distance - rule.tolerance,
                                        "direction": "late" if activity.start > target else "early",
                                        "target": target,
                                    },
                                )
                            )
            elif rule.type == "min_count" and len({a.occurrence for a in occurrences}) < rule.minimum:
                count = len({a.occurrence for a in occurrences})  # per-organisation rows count once
                missing = rule.minimum - count
                violations.append(
                    Violation(
                        spec.key,
                        "min_count",
                        missing,
                        {"title": spec.title, "rule": rule.label, "count": count, "minimum": rule.minimum},
                    )
                )
            elif rule.type == "min_gap":
                bounds = [_ref_date(plan, template, spec.placement.after, last=True)] if spec.placement.after else []
                dates = [d for d in bounds if d is not None] + [a.start for a in occurrences]
                if spec.placement.before:
                    upper = _ref_date(plan, template, spec.placement.before, last=False)
                    if upper is not None:
                        dates.append(upper)
                dates.sort()
                for earlier, later in itertools.pairwise(dates):
                    gap = (later - earlier).days
                    if gap < rule.minimum:
                        culprit = next((a for a in occurrences if a.start in {earlier, later}), occurrences[0])
                        violations.append(
                            Violation(
                                culprit.key,
                                "min_gap",
                                rule.minimum - gap,
                                {"title": culprit.title, "rule": rule.label, "gap_days": gap, "minimum": rule.minimum},
                            )
                        )
    return violations


# --- the Danish year --------------------------------------------------------------------------
#
# Soft closed periods (``workdays.YearCalendar``: the summer holiday, the winter and autumn school holidays,
# Grundlovsdag, the Friday after Ascension; data in data/year/) are working days but poor ones for a joint
# meeting. The generator moves a joint meeting out of them where the tolerances and its rules allow
# (``_Generator._open_day``); where they do not, it stays and ``soft_period_warnings`` names the period with a
# suggested day. A warning is not a broken rule: an advisor may accept it for the activity.

JOINT_MEETING_FORMATS = frozenset({"virtual", "in_person"})


def is_joint_meeting(template: TemplateSpec, spec: ActivitySpec) -> bool:
    """A meeting of all the organisations together (a group programme's kickoff, reflection and closing meetings)."""
    return template.max_organisations > 1 and spec.scope == "shared" and spec.format in JOINT_MEETING_FORMATS


def rule_holds(rule: Rule, target: datetime.date, day: datetime.date) -> bool:
    """An offset or deadline rule whose ref + amount is ``target`` holds for an activity on ``day``."""
    if rule.type == "deadline":
        return day <= target
    return working_days_between(target, day) <= rule.tolerance


def _suggested_day(
    template: TemplateSpec, plan: Plan, spec: ActivitySpec, activity: PlannedActivity, year: YearCalendar
) -> tuple[datetime.date | None, bool]:
    """The day to suggest for a joint meeting in a soft closed period, and whether the rules allow it: the nearest
    open day that keeps its own rules and the series' minimum gap; else the nearest open day at all."""
    targets = []
    for rule in spec.rules:
        if rule.type in {"offset", "deadline"}:
            base = _ref_date(plan, template, rule.ref, last=rule.offset.amount > 0)
            if base is not None:
                targets.append((rule, rule.offset.apply(base)))
    gap = max((rule.minimum for rule in spec.rules if rule.type == "min_gap"), default=0)
    others = [a.start for a in plan.occurrences(spec.key) if a.key != activity.key]
    low = _ref_date(plan, template, spec.placement.after, last=True) if spec.placement.after else None
    high = _ref_date(plan, template, spec.placement.before, last=False) if spec.placement.before else None

    def allowed(day: datetime.date) -> bool:
        if (low is not None and (day - low).days < gap) or (high is not None and (high - day).days < gap):
            return False  # a spread meeting stays between its bounds, ``gap`` from each
        return all(rule_holds(rule, target, day) for rule, target in targets) and all(
            abs((day - other).days) >= gap for other in others
        )

    within = nearest_open_day(year, activity.start, allowed, search_days=60)
    if within is not None:
        return within, True
    return nearest_open_day(year, activity.start, lambda day: True, search_days=60), False


def soft_period_warnings(
    template: TemplateSpec,
    plan: Plan,
    accepted: Mapping[str, str] | None = None,
    year: YearCalendar | None = None,
) -> list[Violation]:
    """A warning (code ``soft_closed_period``) for each joint meeting, not yet done, that lies in a soft closed
    period. ``accepted`` maps activity keys to the period an advisor accepted for it (params ``accepted`` 1).

    params: title, day, period (its Danish name), period_key, suggested (a day or absent), within_rules (1 or 0),
    accepted (1 or 0).
    """
    year = year or year_calendar()
    accepted = accepted or {}
    specs = {spec.key: spec for spec in template.activities}
    warnings: list[Violation] = []
    for activity in plan.activities:
        spec = specs.get(activity.template_key)
        if spec is None or activity.done or not is_joint_meeting(template, spec):
            continue
        period = year.soft_period_on(activity.start)
        if period is None:
            continue
        suggested, within_rules = _suggested_day(template, plan, spec, activity, year)
        params: dict[str, ViolationParam] = {
            "title": activity.title,
            "day": activity.start,
            "period": period.name,
            "period_key": period.key,
            "within_rules": int(within_rules),
            "accepted": int(accepted.get(activity.key) == period.key),
        }
        if suggested is not None:
            params["suggested"] = suggested
        warnings.append(Violation(activity.key, "soft_closed_period", 0, params))
    return warnings


# --- reflow -----------------------------------------------------------------------------------


def fixed_from_plan(plan: Plan) -> dict[str, Fixed]:
    """The dates a reflow must keep: done and pinned activities."""
    return {
        a.key: Fixed(start=a.start, end=a.end, done=a.done, pinned=a.pinned)
        for a in plan.activities
        if a.done or a.pinned
    }


def reflow(
    template: TemplateSpec,
    plan: Plan,
    moved: Mapping[str, datetime.date],
    accepted: Mapping[str, str] | None = None,
) -> ReflowResult:
    """Move anchors or activities and let every dependent, neither done nor pinned, follow.

    Done activities never move. Pinned ones stay and are reported if they now break
    a rule. A moved activity becomes pinned at its new date. Pure: ``plan`` is unchanged.
    """
    anchors = dict(plan.anchors)
    fixed = fixed_from_plan(plan)
    activity_keys = {a.key for a in plan.activities}
    for key, day in moved.items():
        within_calendar(day)
        if key in activity_keys:
            current = fixed.get(key)
            if current is not None and current.done:
                raise ValueError(f"{key} is done and cannot move.")
            old = plan.by_key()[key]
            end = shift(old.end, (day - old.start).days) if old.end is not None else None
            fixed[key] = Fixed(start=day, end=end, pinned=True)
        elif key in template.anchors or key in template.optional_anchors:
            anchors[key] = day
        else:
            raise KeyError(key)
    new_plan = generate_plan(template, anchors, plan.options, fixed, plan.organisations)
    old_by_key = plan.by_key()
    changes = tuple(
        Change(a.key, a.title, old_by_key[a.key].start, a.start, old_by_key[a.key].end, a.end)
        for a in new_plan.activities
        if a.key in old_by_key and (old_by_key[a.key].start != a.start or old_by_key[a.key].end != a.end)
    )
    return ReflowResult(
        plan=new_plan,
        changes=changes,
        violations=tuple(validate_plan(template, new_plan)),
        warnings=tuple(soft_period_warnings(template, new_plan, accepted)),
    )


# --- phase ------------------------------------------------------------------------------------


def current_phase(plan: Plan, today: datetime.date, *, all_done: bool = False) -> str:
    """The phase key for ``today``; "not_started" before the plan, "completed" after it or when all is done."""
    if all_done:
        return "completed"
    if today < plan.start:
        return "not_started"
    for phase in plan.phases:
        if phase.start <= today <= phase.end:
            return phase.key
    return "completed"


def plan_with_updates(plan: Plan, updates: Iterable[PlannedActivity]) -> Plan:
    """The plan with some activities replaced (by key), re-sorted."""
    by_key = plan.by_key()
    for activity in updates:
        by_key[activity.key] = activity
    return replace(plan, activities=tuple(sorted(by_key.values(), key=lambda a: (a.start, a.end or a.start, a.key))))


def as_jsonable(value: Any) -> Any:
    """Dates as ISO strings, for the API and for storing anchors."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: as_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_jsonable(v) for v in value]
    return value


# --- per organisation -------------------------------------------------------------------------
#
# In a group programme each organisation has its own expectations call, follow-up calls and preparations
# (scope ``per_organisation``): one row per organisation, keyed ``<key>-org<organisation>``, so that dates,
# done, pinning, reminders and calendars work per row. The calls are spread over the working days within
# the rule's tolerance, one organisation a day while there are days enough, else a later slot on a day.

ORGANISATION_KEY_MARK = "-org"


def splits_per_organisation(spec: ActivitySpec) -> bool:
    """An organisation's own call or preparation. Local-work periods between the joint meetings are the group's
    rhythm, the same for everyone, and stay one row."""
    return spec.scope == "per_organisation" and spec.placement.type != "periods"


def organisation_key(key: str, organisation: str) -> str:
    """The key of an organisation's own row, e.g. ``expectations_call-org12`` (a slug, usable in addresses)."""
    return f"{key}{ORGANISATION_KEY_MARK}{organisation}"


def spread_days(target: datetime.date, tolerance: int, count: int) -> list[tuple[datetime.date, int]]:
    """``count`` (day, slot) pairs in date order for the organisations' calls around ``target``: the working days
    within ``tolerance`` working days of it, nearest first, one each; more organisations than days get a second
    slot (1, 2, …) on the same days. No working day within the tolerance: all on ``target``, in slots."""
    if count <= 0:
        return []
    reach = 2 * max(tolerance, 0) + 14  # calendar days that hold ``tolerance`` working days even across Easter
    days = [shift(target, delta) for delta in range(-reach, reach + 1) if EARLIEST <= target <= LATEST]
    candidates = sorted(
        (day for day in days if is_working_day(day) and working_days_between(target, day) <= tolerance),
        key=lambda day: (working_days_between(target, day), day),
    )
    if not candidates:
        return [(target, n) for n in range(count)]
    chosen = [(candidates[n % len(candidates)], n // len(candidates)) for n in range(count)]
    return sorted(chosen)


def _centre(
    activities: Iterable[PlannedActivity],
    spec: ActivitySpec,
    base: PlannedActivity,
    anchors: Mapping[str, datetime.date],
) -> tuple[datetime.date, int]:
    """Where the organisations' rows of ``base`` spread from, and within how many working days: the offset rule's
    target (the placement's ref + amount) for a call; the base date itself (no spread) for anything else."""
    placement = spec.placement
    if (
        spec.format not in DATED_FORMATS
        or spec.format == "milestone"
        or placement.type != "offset"
        or not placement.ref
    ):
        return base.start, 0
    if spec.key in anchors:
        return base.start, 0
    refs = sorted(a.start for a in activities if a.template_key == placement.ref and not a.organisation)
    if refs:
        reference = refs[-1] if placement.offset.amount > 0 else refs[0]
    elif placement.ref in anchors:
        reference = anchors[placement.ref]
    else:
        return base.start, 0
    return placement.offset.apply(reference), placement.tolerance


def per_organisation_rows(
    template: TemplateSpec,
    activities: Iterable[PlannedActivity],
    organisations: Iterable[str],
    fixed: Mapping[str, Fixed],
    anchors: Mapping[str, datetime.date] | None = None,
) -> list[PlannedActivity]:
    """The activities with each per-organisation one (``splits_per_organisation``) as one row per organisation,
    in the organisations' order; a fixed (done, pinned, booked) row keeps its date. Sorted as a plan's are."""
    activities = list(activities)
    organisations = list(dict.fromkeys(organisations))
    split = {spec.key: spec for spec in template.activities if splits_per_organisation(spec)}
    result = []
    for base in activities:
        spec = split.get(base.template_key)
        if spec is None or base.organisation:
            result.append(base)
            continue
        target, tolerance = _centre(activities, spec, base, anchors or {})
        if tolerance or spec.format in DATED_FORMATS - {"milestone"}:
            slots = spread_days(target, tolerance, len(organisations))
        else:
            slots = [(base.start, 0)] * len(organisations)
        for organisation, (day, slot) in zip(organisations, slots, strict=True):
            key = organisation_key(base.key, organisation)
            kept = fixed.get(key)
            start, end = (kept.start, kept.end) if kept is not None else (day, base.end)
            result.append(
                replace(
                    base,
                    key=key,
                    organisation=organisation,
                    start=start,
                    end=end,
                    slot=slot if kept is None else 0,
                    done=bool(kept and kept.done),
                    pinned=bool(kept and kept.pinned),
                )
            )
    return sorted(result, key=lambda a: (a.start, a.end or a.start, a.key))
