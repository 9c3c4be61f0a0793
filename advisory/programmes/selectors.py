"""Reads for programme pages and the API: list, detail with plan, warnings and the timeline picture."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from advisory.core.access import Action, can, scope
from advisory.core.dates import short_date
from advisory.organisations.models import Membership, Organisation
from advisory.programmes import criteria, scheduling, services, wording, workdays
from advisory.programmes.models import (
    Activity,
    MeetingParticipant,
    Programme,
    ProgrammeOrganisation,
    SlotOffer,
    TrialAction,
)
from advisory.programmes.participation import Booking, participation_warnings
from advisory.programmes.policies import books_own_call


def programme_list(
    user: Any, *, q: str = "", kind: str = "", status: str = "", mine: bool = False
) -> QuerySet[Programme]:
    today = timezone.localdate()
    # Lists show neither the template nor its rules (a large JSON document): not read along.
    queryset = scope(user, Programme)
    if q:
        named = ProgrammeOrganisation.objects.filter(organisation__name__icontains=q).values("programme_id")
        queryset = queryset.filter(Q(title__icontains=q) | Q(theme__icontains=q) | Q(pk__in=named))
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if mine:
        queryset = queryset.filter(advisors=user)
    # Subqueries, not joins + GROUP BY: computed for the page's rows only, and the count stays a plain count.
    upcoming = Activity.objects.filter(programme=OuterRef("pk"), starts_on__gte=today, done_at=None)
    participations = ProgrammeOrganisation.objects.filter(programme=OuterRef("pk")).values("programme")
    return (
        queryset.annotate(
            next_date=Subquery(upcoming.order_by("starts_on").values("starts_on")[:1]),
            organisation_count=Coalesce(Subquery(participations.annotate(n=Count("pk")).values("n")), 0),
        )
        # The lists show an organisation's name (the API its id, name and kind): only those columns are read.
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("pk", "name", "kind").order_by("name"))
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ProgrammeRow:
    """A row of the programme list, its texts made in Python: the template only places them (a row of template
    lookups, filters and a {% url %} per programme was most of the list's rendering)."""

    url: str
    title: str
    theme: str
    kind: str
    organisations: str
    status: str
    next_date: str


def programme_rows(programmes: Iterable[Programme]) -> list[ProgrammeRow]:
    """The rows of a page of ``programme_list`` (its ``next_date`` annotation and prefetched organisations)."""
    marker = 987654321
    url = reverse("programmes:detail", args=[marker])
    rows = []
    for programme in programmes:
        next_date = getattr(programme, "next_date", None)
        rows.append(
            ProgrammeRow(
                url=url.replace(str(marker), str(programme.pk)),
                title=programme.title,
                theme=programme.theme,
                kind=str(programme.get_kind_display()),
                organisations=", ".join(o.name for o in programme.organisations.all()),
                status=str(programme.get_status_display()),
                next_date=date_format(next_date, "SHORT_DATE_FORMAT") if next_date else "–",
            )
        )
    return rows


@dataclass(frozen=True)
class TimelineItem:
    label: str
    x: float  # in a 1000-wide view box
    width: float
    date_text: str
    done: bool
    kind: str  # phase, meeting, period
    number: int | None = None  # a meeting's number in the picture and its list


@dataclass(frozen=True)
class Timeline:
    phases: list[TimelineItem]
    activities: list[TimelineItem]
    today_x: float | None
    start: datetime.date
    end: datetime.date
    months: list[tuple[float, str]] = field(default_factory=list)  # x of each month's first day, its label

    @property
    def meetings(self) -> list[TimelineItem]:
        return [a for a in self.activities if a.number is not None]


def month_ticks(start: datetime.date, end: datetime.date, x_of: Any) -> list[tuple[float, str]]:
    """The first day of each month from ``start`` to ``end``: "jan.", "feb." …, with the year at January and at
    the first tick (Danish month abbreviations, SHORT_DATE_FORMAT's)."""
    ticks: list[tuple[float, str]] = []
    day = start.replace(day=1)
    if day < start:
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    while day <= end and len(ticks) < 60:
        label = date_format(day, "N")
        if day.month == 1 or not ticks:
            label = f"{label} {day.year}"
        ticks.append((x_of(day), label))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return ticks


def timeline(plan: scheduling.Plan, today: datetime.date | None = None) -> Timeline:
    """Positions for the plan picture (phases as bars, activities as markers, today as a line)."""
    today = today or timezone.localdate()
    start, end = plan.start, max(plan.end, max((a.end or a.start for a in plan.activities), default=plan.end))
    span = max((end - start).days, 1)

    def x_of(day: datetime.date) -> float:
        # Units of a 1000-wide SVG view box.
        return round(1000 * (day - start).days / span, 1)

    phases = [
        TimelineItem(
            p.title,
            x_of(p.start),
            round(max(x_of(p.end) - x_of(p.start), 2), 1),
            f"{short_date(p.start)}–{short_date(p.end)}",
            False,
            "phase",
        )
        for p in plan.phases
    ]
    activities = []
    number = 0
    for a in plan.activities:
        if not a.end:
            number += 1
        activities.append(
            TimelineItem(
                a.title,
                x_of(a.start),
                round(x_of(a.end) - x_of(a.start), 1) if a.end else 0,
                short_date(a.start) + (f"–{short_date(a.end)}" if a.end else ""),
                a.done,
                "period" if a.end else "meeting",
                None if a.end else number,
            )
        )
    today_x = x_of(today) if start <= today <= end else None
    return Timeline(
        phases=phases,
        activities=activities,
        today_x=today_x,
        start=start,
        end=end,
        months=month_ticks(start, end, x_of),
    )


@dataclass
class ProgrammeDetail:
    programme: Programme
    activities: list[Activity]
    plan: scheduling.Plan
    violations_by_key: dict[str, list[scheduling.Violation]]
    violations: list[scheduling.Violation]
    phase: str

    @cached_property
    def timeline(self) -> Timeline:
        return timeline(self.plan)

    @cached_property
    def version(self) -> str:
        """A digest of everything the plan section shows that the activities and the programme hold (their shown
        columns, the template version, the status): the programme page caches the section by it
        (templatetags/plan_section.py)."""
        digest = hashlib.blake2b(digest_size=16)
        programme = self.programme
        digest.update(repr((PLAN_SECTION_VERSION, programme.template_version_id, programme.status)).encode())
        for a in self.activities:
            organisation = a.organisation.name if a.organisation is not None else ""
            shown = (a.pk, a.key, a.template_key, a.title, a.starts_on, a.ends_on, a.start_time, a.end_time)
            digest.update(
                repr((*shown, a.full_day, a.location, a.phase, a.format, a.done, a.pinned, organisation)).encode()
            )
            digest.update((a.accepted_soft_period or "").encode())
        # The broken rules as worded (they follow from the year's calendar and accepted soft periods too).
        digest.update(
            repr([(v.activity_key, v.code, str(getattr(v, "message", ""))) for v in self.violations]).encode()
        )
        return digest.hexdigest()


PLAN_SECTION_VERSION = 1  # raise when the plan section's markup or texts change in code and the cache is shared


def programme_detail(programme: Programme, user: Any = None) -> ProgrammeDetail:
    """The programme's plan; with ``user``, only the activities they may see (an organisation's people see what
    the group shares and their own organisation's calls and preparations, never another's)."""
    rows = programme.activities.all() if user is None else scope(user, Activity).filter(programme=programme)
    activities = list(rows.select_related("organisation").order_by("starts_on", "position"))
    plan = services.programme_plan(programme, activities)
    violations = wording.worded(scheduling.validate_plan(programme.template_version.engine_template(), plan))
    by_key: dict[str, list[scheduling.Violation]] = {}
    for violation in violations:
        by_key.setdefault(violation.activity_key, []).append(violation)
    return ProgrammeDetail(
        programme=programme,
        activities=activities,
        plan=plan,
        violations_by_key=by_key,
        violations=violations,
        phase=services.programme_phase(programme, activities, plan=plan),
    )


@dataclass(frozen=True)
class PlanRow:
    key: str
    title: str
    start: datetime.date
    end: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    full_day: bool
    location: str
    phase_title: str
    format_label: str
    done: bool
    pinned: bool
    violations: list[scheduling.Violation]
    advisory_addition: bool = False  # the advisory function's own addition, not in the programme's description
    organisation: str = ""  # an organisation's own call or preparation: its name
    url: str = ""  # the activity's page
    update_url: str = ""  # where its actions (done, pin) are posted
    suggested: datetime.date | None = None  # where the first broken rule would have it (None: no broken rule)


def suggested_date(violation: scheduling.Violation) -> datetime.date | None:
    """The date a broken rule asks for: the rule's target (offset), its deadline, or the next working day."""
    params = violation.params
    day = params.get("day")
    if violation.code in {"non_working_day", "non_working_end"} and isinstance(day, datetime.date):
        return workdays.next_working_day(day)
    value = params.get("target") or params.get("deadline")
    return value if isinstance(value, datetime.date) else None


def advisory_additions(programme: Programme) -> frozenset[str]:
    """The template keys of the plan's activities that its template marks as the advisory function's own addition
    (``advisory_addition``: not in the programme's description, e.g. the taskforce's closing meeting)."""
    template = programme.template_version.engine_template()
    return frozenset(spec.key for spec in template.activities if spec.advisory_addition)


def plan_rows(detail: ProgrammeDetail) -> list[PlanRow]:
    """The plan table's rows. Each row's broken rules once (a rule found under its key and its template key is
    one rule), the first one's suggested date, and its links made from one reversed address per kind, not one
    {% url %} per row and action (the plan table was most of the programme page's template time)."""
    phase_titles = {phase.key: phase.title for phase in detail.plan.phases}
    additions = advisory_additions(detail.programme)
    pk = detail.programme.pk
    page_url = reverse("programmes:activity", args=[pk, "KEY"]).removesuffix("KEY/")
    update_url = reverse("programmes:activity_update", args=[pk, "KEY"]).split("KEY/", 1)
    rows = []
    for a in detail.activities:
        violations = list(detail.violations_by_key.get(a.key, []))
        if a.template_key != a.key:
            violations += detail.violations_by_key.get(a.template_key, [])
        rows.append(
            PlanRow(
                key=a.key,
                title=a.title,
                start=a.starts_on,
                end=a.ends_on,
                start_time=a.start_time,
                end_time=a.end_time,
                full_day=a.full_day,
                location=a.location,
                phase_title=phase_titles.get(a.phase, a.phase),
                format_label=a.get_format_display(),
                done=a.done,
                pinned=a.pinned,
                violations=violations,
                advisory_addition=a.template_key in additions,
                organisation=a.organisation.name if a.organisation is not None else "",
                url=f"{page_url}{a.key}/",
                update_url=f"{update_url[0]}{a.key}/{update_url[1]}",
                suggested=next((d for d in map(suggested_date, violations) if d is not None), None),
            )
        )
    return rows


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    """The start page's "my programmes" (staff) or "your programmes" (organisations); what is due is the work list
    that follows (advisory/programmes/worklist.py)."""
    programmes = list(programme_list(user, mine=bool(user.is_advisor or user.is_taskforce_member))[:10])
    return "programmes/_start_section.html", {"programmes": programmes, "is_staff": user.is_agency_staff}


def organisation_section(user: Any, organisation: Organisation) -> tuple[str, dict[str, Any]]:
    """The organisation page's "Programmes": those the organisation takes part in that the user may see."""
    programmes = scope(user, Programme).filter(participations__organisation=organisation).order_by("-created_at")
    return "programmes/_organisation_section.html", {"programmes": list(programmes)}


def trial_action_period_dates(programme: Programme, today: datetime.date | None = None) -> dict[str, datetime.date]:
    """A new trial action's dates: the trial-action period under way, else the next one (none: no default)."""
    today = today or timezone.localdate()
    periods = programme.activities.filter(template_key="trial_action_period", ends_on__isnull=False)
    period = (
        periods.filter(starts_on__lte=today, ends_on__gte=today).first()
        or periods.filter(starts_on__gt=today).order_by("starts_on").first()
    )
    if period is None or period.ends_on is None:
        return {}
    return {"starts_on": period.starts_on, "ends_on": period.ends_on}


@dataclass(frozen=True)
class TrialActionGroup:
    organisation: Organisation
    trial_actions: list[Any]
    completed: int
    required: int

    @property
    def criterion_met(self) -> bool:
        return self.completed >= self.required


def trial_actions_by_organisation(user: Any, programme: Programme) -> list[TrialActionGroup]:
    """The trial actions the user may see, per organisation, with the "at least N completed" criterion."""
    _period_key, required = criteria.trial_action_criterion(programme.template_version.engine_template())
    visible = list(
        scope(user, TrialAction).filter(programme=programme).select_related("organisation").order_by("starts_on", "pk")
    )
    groups = []
    for organisation in programme.organisations.order_by("name"):
        own = [t for t in visible if t.organisation_id == organisation.pk]
        completed = sum(1 for t in own if t.status in criteria.COMPLETED_TRIAL_STATUSES)
        groups.append(TrialActionGroup(organisation, own, completed, required))
    return groups


@dataclass(frozen=True)
class SharedTrialAction:
    """A trial action in the meeting page's list of those the group shares: its texts, read as values."""

    organisation: str
    development_point: str
    status: str  # the status's label, in lower case
    url: str


def shared_trial_actions(user: Any, programme: Programme) -> list[SharedTrialAction]:
    """The programme's trial actions the user may see, by organisation (one query of the shown columns; the
    addresses from one reversed address, not one {% url %} per row)."""
    marker = 987654321
    url = reverse("programmes:trial_action_detail", args=[programme.pk, marker])
    labels = {value: str(label).lower() for value, label in TrialAction._meta.get_field("status").flatchoices}
    rows = (
        scope(user, TrialAction)
        .filter(programme=programme)
        .order_by("organisation")
        .values_list("pk", "organisation__name", "development_point", "status")
    )
    return [
        SharedTrialAction(name, point, labels.get(status, str(status).lower()), url.replace(str(marker), str(pk)))
        for pk, name, point, status in rows
    ]


@dataclass
class MeetingPage:
    activity: Activity
    spec: Any  # the template's ActivitySpec: purpose, success criteria, participant rules
    participants: list[Any]
    warnings: list[Any]
    trial_actions: list[SharedTrialAction]
    phase_title: str


def meeting_page(user: Any, activity: Activity) -> MeetingPage:
    """A meeting or call: what it is for, who is booked (with the template's warnings) and, for shared
    meetings, the trial actions the group shares as the basis for sparring."""
    programme = activity.programme
    template = programme.template_version.engine_template()
    spec = template.activity(activity.template_key)
    participants = list(
        scope(user, MeetingParticipant)
        .filter(activity=activity)
        .select_related("user", "organisation")
        .prefetch_related("user__memberships")
    )
    functions = {
        p.pk: frozenset(m.function for m in p.user.memberships.all() if m.organisation_id == p.organisation_id)
        for p in participants
    }
    organisations = [o.name for o in programme.organisations.order_by("name")]
    if activity.organisation_id is not None:
        organisations = [o.name for o in programme.organisations.filter(pk=activity.organisation_id)]
    elif activity.scope != "shared" and not user.is_agency_staff:
        own = {m.organisation.name for m in user.memberships.select_related("organisation")}
        organisations = [name for name in organisations if name in own]
    warnings = participation_warnings(
        spec, [Booking(p.organisation.name, functions[p.pk]) for p in participants], organisations
    )
    trial_actions: list[SharedTrialAction] = []
    if activity.scope == "shared" and activity.format == "in_person":
        trial_actions = shared_trial_actions(user, programme)
    phase_title = next((p.title for p in template.phases if p.key == activity.phase), activity.phase)
    return MeetingPage(activity, spec, participants, warnings, trial_actions, phase_title)


def bookable_memberships(user: Any, activity: Activity) -> Any:
    """The people the user may book for this activity: any participating organisation's for the runners,
    their own organisations' for organisation people."""
    memberships = Membership.objects.filter(organisation__participations__programme=activity.programme).select_related(
        "user", "organisation"
    )
    if not can(user, Action.CHANGE, activity):
        memberships = memberships.filter(organisation__memberships__user=user)
    if activity.organisation_id is not None:  # an organisation's own call: its own people only
        memberships = memberships.filter(organisation_id=activity.organisation_id)
    return memberships.order_by("organisation__name", "user__first_name", "user__last_name").distinct()


def _organisations_for(user: Any, programme: Programme, *, all_of_them: bool) -> QuerySet[Organisation]:
    organisations = programme.organisations.order_by("name")
    return organisations if all_of_them else organisations.filter(memberships__user=user).distinct()


def own_organisations(user: Any, programme: Programme) -> QuerySet[Organisation]:
    """The programme's organisations the user belongs to (all of them for the advisory function): whose
    success criteria and progress the user sees."""
    return _organisations_for(user, programme, all_of_them=user.is_agency_staff)


def writable_organisations(user: Any, programme: Programme) -> QuerySet[Organisation]:
    """The programme's organisations the user may write for (trial actions, documents): all of them for those
    who run the programme, their own for organisation people."""
    return _organisations_for(user, programme, all_of_them=can(user, Action.CHANGE, programme))


@dataclass(frozen=True)
class SlotSection:
    """An organisation's own call: the times offered for it, and what the user may do with them."""

    activity: Activity
    free: list[SlotOffer]  # offered and not yet booked by anyone
    booked: SlotOffer | None  # the time this organisation booked
    taken: list[SlotOffer]  # booked by other organisations (the runners only see these)
    can_book: bool
    can_offer: bool


def slot_section(user: Any, activity: Activity) -> SlotSection | None:
    """The offered times of an organisation's own call (None for anything else): free ones for its coordinator to
    book, and for the runners every offered time with which organisation's call took it."""
    if activity.organisation_id is None or activity.format not in ("phone", "virtual"):
        return None
    offers = list(
        scope(user, SlotOffer)
        .filter(programme_id=activity.programme_id, template_key=activity.template_key, occurrence=activity.occurrence)
        .select_related("booked_by_activity__organisation")
        .order_by("starts_on", "start_time")
    )
    return SlotSection(
        activity=activity,
        free=[o for o in offers if o.booked_by_activity_id is None],
        booked=next((o for o in offers if o.booked_by_activity_id == activity.pk), None),
        taken=[o for o in offers if o.booked_by_activity_id not in (None, activity.pk)],
        can_book=activity.done_at is None and books_own_call(user, activity),
        can_offer=can(user, Action.CHANGE, activity),
    )
