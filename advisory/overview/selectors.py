"""Reads for the advisory function's overview: the portfolio, advisors' load, the intake, and the reach.

Every figure is aggregated in the database (COUNT, MIN, MAX with GROUP BY), over rows the access helper lets the
person see (``scope``); the Python here only lays out what came back, bounded by a page, the people and 26 weeks,
or the 98 municipalities. The overview is for those who run programmes (``may_see_overview``); a taskforce member
sees the taskforce part (``scope`` already narrows programmes to theirs; here also to the kind).
"""

from __future__ import annotations

import csv
import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from advisory.accounts.models import Role, User
from advisory.core.access import scope
from advisory.core.dates import short_date
from advisory.intake.models import IntakeRound, RegistrationStatus
from advisory.organisations.models import Organisation, OrganisationKind, Region, RegionMembership
from advisory.organisations.policies import coordinated_organisation_ids
from advisory.overview.forms import GroupBy, Reached, month_label
from advisory.programmes.models import (
    Activity,
    ActivityFormat,
    Programme,
    ProgrammeKind,
    ProgrammeOrganisation,
    ProgrammeStatus,
)
from advisory.programmes.selectors import month_ticks
from advisory.requests.models import SLOT_STATUSES, RequestStatus, Season

PORTFOLIO_PAGE_SIZE = 50
EXPORT_MAX_ROWS = 10_000
CAPACITY_WEEKS = 26
MEETING_FORMATS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON)
# What takes an advisor's time: meetings and calls. Local-work periods are the organisations' work; milestones none.
WORKING_FORMATS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON, ActivityFormat.PHONE)
ACTIVE_STATUSES = (ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING)
TILES_CSV = Path(__file__).resolve().parents[2] / "data" / "municipality_tiles.csv"


def may_see_overview(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_agency_staff)


def require_overview(user: Any) -> None:
    """The overview's pages and endpoints exist only for those who run programmes (404 for everyone else)."""
    if not may_see_overview(user):
        raise Http404


def _taskforce_only(user: Any) -> bool:
    return bool(user.is_taskforce_member and not (user.is_advisor or user.is_administrator or user.is_superuser))


def visible_programmes(user: Any) -> QuerySet[Programme]:
    """The programmes the overview counts for this person (the access helper's scope, taskforce members: taskforce)."""
    queryset = scope(user, Programme)
    if _taskforce_only(user):
        queryset = queryset.filter(kind=ProgrammeKind.TASKFORCE)
    return queryset


def may_export_programmes(user: Any) -> bool:
    """Staff, and coordinators (for the organisations they coordinate)."""
    if may_see_overview(user):
        return True
    return bool(user.is_authenticated and coordinated_organisation_ids(user).exists())


def exportable_programmes(user: Any) -> QuerySet[Programme]:
    """The programmes a person may export: the overview's for staff; for a coordinator, those of the organisations
    they coordinate (within what the access helper lets them see); nobody else any."""
    if may_see_overview(user):
        return visible_programmes(user)
    if not user.is_authenticated:
        return Programme.objects.none()
    own = ProgrammeOrganisation.objects.filter(organisation_id__in=coordinated_organisation_ids(user))
    return scope(user, Programme).filter(pk__in=own.values("programme_id"))


# --- the portfolio -----------------------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _regions_in_year(region_id: int, first: datetime.date, last: datetime.date) -> QuerySet[Any]:
    """The municipalities lying in the region on any day of the period."""
    return RegionMembership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=first), region_id=region_id, valid_from__lte=last
    ).values("municipality_id")


def portfolio_queryset(
    programmes: QuerySet[Programme],
    *,
    year: int,
    kind: str = "",
    status: str = "",
    advisor: Any = None,
    region: Any = None,
    template: Any = None,
    group: str = "",
    **_ignored: Any,
) -> QuerySet[Programme]:
    """The programmes with an activity in the year (or a period reaching into it), filtered, in the page's order."""
    first, last = _year_bounds(year)
    # The activities of the year through the index on starts_on: a period may start up to a year before.
    in_year = Activity.objects.filter(starts_on__gte=first - datetime.timedelta(days=366), starts_on__lte=last).filter(
        Q(starts_on__gte=first) | Q(ends_on__gte=first)
    )
    # A subquery, not a list of ids: the database reads the activities' date index; a list of a year's 1,000 ids
    # costs more in Python (each parameter is checked) than the index range scan.
    queryset = programmes.filter(pk__in=in_year.values("programme_id"))
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if advisor is not None:
        queryset = queryset.filter(
            pk__in=Programme.advisors.through.objects.filter(user=advisor).values("programme_id")
        )
    if region is not None:
        municipalities = _regions_in_year(region.pk, first, last)
        taking_part = ProgrammeOrganisation.objects.filter(
            Q(organisation_id__in=municipalities) | Q(organisation__municipality_id__in=municipalities)
        )
        queryset = queryset.filter(pk__in=taking_part.values("programme_id"))
    if template is not None:
        queryset = queryset.filter(template_version=template)
    order = {GroupBy.KIND: ["kind"], GroupBy.STATUS: ["status"], GroupBy.TEMPLATE: ["template_version_id"]}
    return _with_rows_columns(queryset).order_by(*order.get(group, []), "starts_on", "pk")


def _with_rows_columns(queryset: QuerySet[Programme]) -> QuerySet[Any]:
    """What a portfolio row shows: the template's name, and the first activity's date (the page's order)."""
    first_activity = Activity.objects.filter(programme=OuterRef("pk")).order_by("starts_on").values("starts_on")[:1]
    return (
        queryset.select_related("template_version__template")
        .defer("template_version__spec", "description", "anchors", "options", "start_override_reason")
        .annotate(starts_on=Subquery(first_activity))
    )


def portfolio_counts(queryset: QuerySet[Programme]) -> dict[str, Any]:
    """How many programmes of each kind and status (one GROUP BY)."""
    rows = queryset.order_by().values_list("kind", "status").annotate(n=Count("pk"))
    return _counts((kind, status, n) for kind, status, n in rows)


def _counts(rows: Iterable[tuple[str, str, int]]) -> dict[str, Any]:
    """The counts of (kind, status, number) rows by kind and by status."""
    by_kind: dict[str, int] = dict.fromkeys(ProgrammeKind.values, 0)
    by_status: dict[str, int] = dict.fromkeys(ProgrammeStatus.values, 0)
    for kind, status, n in rows:
        by_kind[kind] += n
        by_status[status] += n
    return {
        "total": sum(by_kind.values()),
        "kinds": [(value, label, by_kind[value]) for value, label in ProgrammeKind.choices],
        "statuses": [(value, label, by_status[value]) for value, label in ProgrammeStatus.choices],
    }


@dataclass(frozen=True)
class PhaseSpan:
    key: str
    title: str
    start: datetime.date
    end: datetime.date
    x: float = 0.0
    width: float = 0.0

    @property
    def date_text(self) -> str:
        return f"{short_date(self.start)}–{short_date(self.end)}"


@dataclass
class PortfolioRow:
    programme: Programme
    phases: list[PhaseSpan]
    start: datetime.date | None
    end: datetime.date | None
    group_label: str = ""
    y: int = 0
    organisation_names: list[str] = field(default_factory=list)
    advisor_names: list[str] = field(default_factory=list)
    url: str = ""
    bars: list[PhaseSpan] = field(default_factory=list)  # the phases within the picture's year, placed

    @property
    def current_phase(self) -> str:
        today = timezone.localdate()
        for phase in self.phases:
            if phase.start <= today <= phase.end:
                return phase.title
        return ""


def _phase_titles() -> dict[str, str]:
    """The phases' titles by key, from the templates' current rules (few rows: one per template version)."""
    from advisory.programmes.models import TemplateVersion

    titles: dict[str, str] = {}
    for spec in TemplateVersion.objects.order_by("number").values_list("spec", flat=True):
        for phase in (spec or {}).get("phases", []):
            if isinstance(phase, dict) and phase.get("key"):
                titles[str(phase["key"])] = str(phase.get("title") or phase["key"])
    return titles


def portfolio_rows(programmes: list[Programme], *, group: str = "") -> list[PortfolioRow]:
    """Each programme's phases (first and last day of each phase's activities), its organisations and advisors:
    three queries for the page's programmes, whatever their number."""
    ids = [programme.pk for programme in programmes]
    spans: dict[int, list[PhaseSpan]] = defaultdict(list)
    titles = _phase_titles() if ids else {}
    rows = (
        Activity.objects.filter(programme_id__in=ids)
        .values("programme_id", "phase")
        .annotate(start=Min("starts_on"), end=Max(Coalesce("ends_on", "starts_on")))
        .order_by("programme_id", "start")
    )
    for row in rows:
        spans[row["programme_id"]].append(
            PhaseSpan(row["phase"], titles.get(row["phase"], row["phase"]), row["start"], row["end"])
        )
    organisations: dict[int, list[str]] = defaultdict(list)
    for programme_id, name in (
        ProgrammeOrganisation.objects.filter(programme_id__in=ids)
        .order_by("organisation__name")
        .values_list("programme_id", "organisation__name")
    ):
        organisations[programme_id].append(name)
    advisors: dict[int, list[str]] = defaultdict(list)
    for programme_id, first_name, last_name, email in (
        Programme.advisors.through.objects.filter(programme_id__in=ids)
        .order_by("user__first_name", "user__last_name")
        .values_list("programme_id", "user__first_name", "user__last_name", "user__email")
    ):
        advisors[programme_id].append(f"{first_name} {last_name}".strip() or email)
    result = []
    # One reverse() for the page: the address of each programme differs only in its id.
    url_pattern = reverse("programmes:detail", kwargs={"pk": 999999999}).replace("999999999", "{}")
    for programme in programmes:
        phases = spans.get(programme.pk, [])
        result.append(
            PortfolioRow(
                programme=programme,
                phases=phases,
                start=min((p.start for p in phases), default=None),
                end=max((p.end for p in phases), default=None),
                group_label=_group_label(programme, group),
                organisation_names=organisations.get(programme.pk, []),
                advisor_names=advisors.get(programme.pk, []),
                url=url_pattern.format(programme.pk),
            )
        )
    return result


def _group_label(programme: Programme, group: str) -> str:
    if group == GroupBy.KIND:
        return str(programme.get_kind_display())
    if group == GroupBy.STATUS:
        return str(programme.get_status_display())
    if group == GroupBy.TEMPLATE:
        return str(programme.template_version)
    return ""


# The portfolio picture: a label column and the year's plot in a 1000-wide view box, one row per programme.
PLOT_LEFT, PLOT_WIDTH = 30, 960
ROW_HEIGHT, TOP = 24, 40


@dataclass
class PortfolioChart:
    year: int
    rows: list[PortfolioRow]
    months: list[tuple[float, str]]
    today_x: float | None
    height: int
    phase_keys: list[tuple[str, str]]


def portfolio_chart(rows: list[PortfolioRow], year: int, today: datetime.date | None = None) -> PortfolioChart:
    """The bars of the page's programmes within the year's window (a bar that runs on is cut at the year's edge)."""
    today = today or timezone.localdate()
    first, last = _year_bounds(year)
    span = (last - first).days + 1

    def x_of(day: datetime.date) -> float:
        day = min(max(day, first), last + datetime.timedelta(days=1))
        return round(PLOT_LEFT + PLOT_WIDTH * (day - first).days / span, 1)

    seen: dict[str, str] = {}
    for index, row in enumerate(rows):
        row.y = TOP + index * ROW_HEIGHT
        placed = []
        for phase in row.phases:
            seen.setdefault(phase.key, phase.title)
            if phase.end < first or phase.start > last:
                continue
            x = x_of(phase.start)
            width = max(x_of(phase.end + datetime.timedelta(days=1)) - x, 1.0)
            placed.append(PhaseSpan(phase.key, phase.title, phase.start, phase.end, x, round(width, 1)))
        row.bars = placed
    return PortfolioChart(
        year=year,
        rows=rows,
        months=month_ticks(first, last, x_of),
        today_x=x_of(today) if first <= today <= last else None,
        height=TOP + max(len(rows), 1) * ROW_HEIGHT + 10,
        phase_keys=list(seen.items()),
    )


def portfolio_page(user: Any, criteria: dict[str, Any], page_number: Any) -> tuple[dict[str, Any], Page]:
    """The counts of the year's filtered programmes and one page of them.

    The year's activities are read once: one query lists the year's programmes (id, kind, status) in the page's
    order, which gives the counts and the page's ids (a year has some 1,000 programmes at the national scale: a few
    milliseconds in Python, against a second pass over the year's activities in the database); then the page's
    rows by their ids alone."""
    queryset = portfolio_queryset(visible_programmes(user), **criteria)
    listed = list(queryset.values_list("pk", "kind", "status"))
    counts = _counts((kind, status, 1) for _pk, kind, status in listed)
    paginator: Paginator[Any] = Paginator([pk for pk, _kind, _status in listed], PORTFOLIO_PAGE_SIZE)
    page = paginator.get_page(page_number)
    ids = list(page.object_list)
    found = {p.pk: p for p in _with_rows_columns(Programme.objects.filter(pk__in=ids))} if ids else {}
    page.object_list = portfolio_rows([found[pk] for pk in ids if pk in found], group=criteria.get("group", ""))
    return counts, page


def export_rows(user: Any, criteria: dict[str, Any]) -> list[PortfolioRow]:
    """Every programme of the filter the person may export (at most EXPORT_MAX_ROWS), with phases and names."""
    queryset = portfolio_queryset(exportable_programmes(user), **criteria)
    return portfolio_rows(list(queryset[:EXPORT_MAX_ROWS]), group=criteria.get("group", ""))


# --- the load --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadCell:
    week: datetime.date  # the Monday
    activities: int
    meeting_days: int
    level: int  # 0 nothing, 1 light, 2 busy, 3 full: the heat map's colour
    x: int = 0  # the square's left edge in the heat map

    @property
    def cx(self) -> int:
        return self.x + 14

    @property
    def week_number(self) -> int:
        return self.week.isocalendar().week


@dataclass
class PersonLoad:
    person_id: int
    name: str
    role: str
    weeks: list[LoadCell]
    months: list[tuple[int, int]]  # (activities, meeting days) per month, in the page's months' order
    y: int = 0

    @property
    def total(self) -> int:
        return sum(cell.activities for cell in self.weeks)


@dataclass
class Capacity:
    weeks: list[datetime.date]
    months: list[datetime.date]
    people: list[PersonLoad]
    first: datetime.date
    last: datetime.date

    @property
    def week_ticks(self) -> list[tuple[int, int]]:
        return [(HEAT_LEFT + n * HEAT_STEP + 14, week.isocalendar().week) for n, week in enumerate(self.weeks)]

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.months]

    @property
    def height(self) -> int:
        return 50 + 26 * max(len(self.people), 1)


HEAT_LEFT, HEAT_STEP = 170, 31


def _level(activities: int) -> int:
    if activities == 0:
        return 0
    if activities <= 2:
        return 1
    if activities <= 5:
        return 2
    return 3


def _people(user: Any, people: str) -> QuerySet[User]:
    roles: list[str] = [Role.ADVISOR, Role.TASKFORCE_MEMBER]
    if _taskforce_only(user):
        roles = [Role.TASKFORCE_MEMBER]
    if people in roles:
        roles = [people]
    return User.objects.filter(role__in=roles, is_active=True).order_by("first_name", "last_name", "pk")


def capacity(user: Any, *, people: str = "", today: datetime.date | None = None, **_ignored: Any) -> Capacity:
    """Per advisor and taskforce member, the meetings and calls of the programmes they run and the days with a
    meeting, per week for the next 26 weeks and per month: one GROUP BY query and the people."""
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=today.weekday())
    last = first + datetime.timedelta(weeks=CAPACITY_WEEKS) - datetime.timedelta(days=1)
    weeks = [first + datetime.timedelta(weeks=n) for n in range(CAPACITY_WEEKS)]
    months: list[datetime.date] = []
    day = first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    persons = list(_people(user, people).values_list("pk", "first_name", "last_name", "email", "role"))
    person_ids = [p[0] for p in persons]
    activities = Activity.objects.filter(
        programme__in=visible_programmes(user).filter(status__in=ACTIVE_STATUSES),
        starts_on__gte=first,
        starts_on__lte=last,
        format__in=WORKING_FORMATS,
        programme__advisors__in=person_ids,
    )
    # One GROUP BY per person and day (at most the people x 182 days): weeks and months are summed from the days.
    days = (
        activities.annotate(person=F("programme__advisors"))
        .values("person", "starts_on")
        .annotate(n=Count("pk"), meetings=Count("pk", filter=Q(format__in=MEETING_FORMATS)))
        .order_by()
    )
    by_week: dict[tuple[int, datetime.date], list[int]] = defaultdict(lambda: [0, 0])
    by_month: dict[tuple[int, datetime.date], list[int]] = defaultdict(lambda: [0, 0])
    for row in days:
        day = row["starts_on"]
        week = day - datetime.timedelta(days=day.weekday())
        for figures in (by_week[(row["person"], week)], by_month[(row["person"], day.replace(day=1))]):
            figures[0] += row["n"]
            figures[1] += 1 if row["meetings"] else 0
    roles = dict(Role.choices)
    result = []
    for index, (pk, first_name, last_name, email, role) in enumerate(persons):
        cells = []
        for n_week, week in enumerate(weeks):
            n, meeting_days = by_week.get((pk, week), (0, 0))
            cells.append(LoadCell(week, n, meeting_days, _level(n), HEAT_LEFT + n_week * HEAT_STEP))
        month_figures: list[tuple[int, int]] = []
        for month in months:
            n, meeting_days = by_month.get((pk, month), (0, 0))
            month_figures.append((n, meeting_days))
        result.append(
            PersonLoad(
                person_id=pk,
                name=f"{first_name} {last_name}".strip() or email,
                role=str(roles.get(role, role)),
                weeks=cells,
                months=month_figures,
                y=40 + index * 26,
            )
        )
    return Capacity(weeks=weeks, months=months, people=result, first=first, last=last)


@dataclass(frozen=True)
class RoundIntake:
    round: IntakeRound
    capacity: int  # organisations: groups planned x 6
    registered: int
    in_group: int
    waiting: int
    groups: int


@dataclass(frozen=True)
class SeasonIntake:
    season: Season
    capacity: int
    taken: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


GROUP_SIZE_MAX = 6


def intake(user: Any, *, year: int, **_ignored: Any) -> tuple[list[RoundIntake], list[SeasonIntake]]:
    """The year's intake rounds (advisors) and taskforce seasons with capacity, occupancy and waiting list."""
    rounds: list[RoundIntake] = []
    if not _taskforce_only(user):
        for round_ in (
            IntakeRound.objects.filter(opens_on__year=year)
            .select_related(None)
            .annotate(
                registered=Count("registrations"),
                in_group=Count("registrations", filter=Q(registrations__status=RegistrationStatus.IN_GROUP)),
                waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
                groups=Count("registrations__programme", distinct=True),
            )
            .order_by("opens_on", "pk")
        ):
            rounds.append(
                RoundIntake(
                    round_,
                    round_.groups_planned * GROUP_SIZE_MAX,
                    round_.registered,
                    round_.in_group,
                    round_.waiting,
                    round_.groups,
                )
            )
    seasons = []
    for season in Season.objects.filter(year=year).annotate(
        requests_taken=Count("requests", filter=Q(requests__status__in=SLOT_STATUSES), distinct=True),
        direct=Count("direct_starts", distinct=True),
        requests_waiting=Count("requests", filter=Q(requests__status=RequestStatus.WAITING), distinct=True),
    ):
        seasons.append(
            SeasonIntake(
                season,
                season.capacity,
                season.requests_taken + season.direct,
                season.requests_waiting,
            )
        )
    return rounds, seasons


# --- the reach -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    code: str
    row: int
    column: int


@functools.cache
def tiles() -> dict[str, Tile]:
    """The hand-placed grid of the 98 municipalities (data/municipality_tiles.csv), read once."""
    with TILES_CSV.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {
        row["municipality_code"]: Tile(row["municipality_code"], int(row["row"]), int(row["column"]))
        for row in csv.DictReader(lines)
    }


TILE = 44  # a tile's side in the map's view box


@dataclass
class ReachRow:
    organisation_id: int
    name: str
    code: str
    region: str
    ever: int
    recent: int
    now: int
    tile: Tile | None = None

    @property
    def state(self) -> str:
        """now, recent, ever or never: the tile's colour and the table's words."""
        if self.now:
            return Reached.NOW
        if self.recent:
            return Reached.RECENT
        if self.ever:
            return Reached.EVER
        return Reached.NEVER

    @property
    def x(self) -> int:
        return (self.tile.column if self.tile else 0) * TILE

    @property
    def y(self) -> int:
        return (self.tile.row if self.tile else 0) * TILE

    @property
    def abbreviation(self) -> str:
        return self.name[:3]


@dataclass
class RegionShare:
    region: Region | None
    name: str
    municipalities: int = 0
    municipalities_ever: int = 0
    municipalities_recent: int = 0
    municipalities_now: int = 0
    shelters: int = 0
    shelters_ever: int = 0
    shelters_recent: int = 0
    shelters_now: int = 0

    @property
    def municipality_share(self) -> int:
        return round(100 * self.municipalities_ever / self.municipalities) if self.municipalities else 0

    @property
    def shelter_share(self) -> int:
        return round(100 * self.shelters_ever / self.shelters) if self.shelters else 0

    @property
    def bar_width(self) -> float:
        return round(3 * self.municipality_share, 1)


@dataclass
class Reach:
    on: datetime.date
    municipalities: list[ReachRow]  # those the filter asks for
    every_municipality: list[ReachRow]  # the map shows them all
    regions: list[RegionShare]
    shelters: list[ReachRow]
    map_width: int
    map_height: int

    def count(self, state: str) -> int:
        return sum(1 for row in self.municipalities if row.state == state)


def _participation(user: Any, kind: str, today: datetime.date) -> dict[int, tuple[int, int, int]]:
    """Per organisation: its programmes that ran (ever), ran in the last 2 years, and run now (one GROUP BY)."""
    programmes = visible_programmes(user).filter(status__in=(ProgrammeStatus.RUNNING, ProgrammeStatus.COMPLETED))
    if kind:
        programmes = programmes.filter(kind=kind)
    two_years_ago = today - datetime.timedelta(days=730)
    recent = Activity.objects.filter(starts_on__gte=two_years_ago, starts_on__lte=today).values("programme_id")
    rows = (
        ProgrammeOrganisation.objects.filter(programme__in=programmes)
        .values("organisation_id")
        .annotate(
            ever=Count("programme_id", distinct=True),
            recent=Count(
                "programme_id",
                distinct=True,
                filter=Q(programme__status=ProgrammeStatus.RUNNING) | Q(programme_id__in=recent),
            ),
            now=Count("programme_id", distinct=True, filter=Q(programme__status=ProgrammeStatus.RUNNING)),
        )
        .order_by()
    )
    return {row["organisation_id"]: (row["ever"], row["recent"], row["now"]) for row in rows}


def _matches(row: ReachRow, reached: str) -> bool:
    if reached == Reached.NEVER:
        return row.state == Reached.NEVER
    if reached == Reached.EVER:
        return row.ever > 0
    if reached == Reached.RECENT:
        return row.recent > 0
    if reached == Reached.NOW:
        return row.now > 0
    return True


def reach(
    user: Any,
    *,
    on: datetime.date,
    kind: str = "",
    region: Region | None = None,
    reached: str = "",
    today: datetime.date | None = None,
    **_ignored: Any,
) -> Reach:
    """The 98 municipalities (as tiles and rows) and the § 110 shelters, with what they took part in, and the
    regions' shares, with the regions as on the day ``on``."""
    today = today or timezone.localdate()
    taking_part = _participation(user, kind, today)
    valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    region_of: dict[int, tuple[int, str]] = {
        municipality_id: (region_id, name)
        for municipality_id, region_id, name in RegionMembership.objects.filter(valid).values_list(
            "municipality_id", "region_id", "region__name"
        )
    }
    places = tiles()
    shares: dict[int | None, RegionShare] = {}
    regions = {r.pk: r for r in Region.objects.filter(pk__in={v[0] for v in region_of.values()})}
    for region_id, (name) in sorted({(v[0], v[1]) for v in region_of.values()}, key=lambda v: v[1]):
        shares[region_id] = RegionShare(regions.get(region_id), name)
    municipalities: list[ReachRow] = []
    shelters: list[ReachRow] = []
    every: list[ReachRow] = []
    for pk, kind_, name, code, municipality_id in Organisation.objects.order_by("name", "pk").values_list(
        "pk", "kind", "name", "municipality_code", "municipality_id"
    ):
        lies_in = region_of.get(pk if kind_ == OrganisationKind.MUNICIPALITY else municipality_id)
        ever, recent, now = taking_part.get(pk, (0, 0, 0))
        row = ReachRow(pk, name, code or "", lies_in[1] if lies_in else "", ever, recent, now)
        share = shares.get(lies_in[0]) if lies_in else None
        if kind_ == OrganisationKind.MUNICIPALITY:
            row.tile = places.get(code or "")
            every.append(row)
            if share:
                share.municipalities += 1
                share.municipalities_ever += bool(ever)
                share.municipalities_recent += bool(recent)
                share.municipalities_now += bool(now)
            target = municipalities
        else:
            if share:
                share.shelters += 1
                share.shelters_ever += bool(ever)
                share.shelters_recent += bool(recent)
                share.shelters_now += bool(now)
            target = shelters
        if region is not None and (not lies_in or lies_in[0] != region.pk):
            continue
        if _matches(row, reached):
            target.append(row)
    columns = max((t.column for t in places.values()), default=0) + 1
    rows = max((t.row for t in places.values()), default=0) + 1
    return Reach(
        on=on,
        municipalities=municipalities,
        every_municipality=every,
        regions=list(shares.values()),
        shelters=shelters,
        map_width=columns * TILE,
        map_height=rows * TILE,
    )


def map_tiles(result: Reach) -> list[ReachRow]:
    """The municipalities that have a place on the map (all 98 of the reference data)."""
    return [row for row in result.every_municipality if row.tile is not None]
