"""Reads for the public offer pages and the API: the texts (stored or default), contact people, how to start
(intake rounds, the expression of interest, taskforce seasons with free slots), the plan's picture and roles."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from advisory.core.dates import short_date
from advisory.intake import selectors as intake_selectors
from advisory.intake.models import IntakeRound
from advisory.offers.defaults import DEFAULT_TEXTS
from advisory.offers.models import ContactPerson, OfferText
from advisory.programmes import scheduling
from advisory.programmes import selectors as programme_selectors
from advisory.programmes.models import ProgrammeTemplate
from advisory.programmes.progress import Role
from advisory.programmes.template_data import spec_value
from advisory.requests import selectors as request_selectors

KINDS: tuple[str, ...] = ("group", "individual", "taskforce")
SLUGS: dict[str, str] = {"group": "gruppeforloeb", "individual": "individuelt-forloeb", "taskforce": "taskforce"}
KIND_BY_SLUG = {slug: kind for kind, slug in SLUGS.items()}
LANGUAGES = ("da", "en")


def language_of(code: str | None) -> str:
    """ "da" or "en" from a language code such as "en-gb"; Danish for anything else."""
    code = (code or "da")[:2].lower()
    return code if code in LANGUAGES else "da"


@dataclass(frozen=True)
class Text:
    kind: str
    language: str
    summary: str
    body: str
    stored: bool  # False: the default from the agency's public pages
    updated_at: datetime.datetime | None = None


def _default(kind: str, language: str) -> Text:
    summary, body = DEFAULT_TEXTS[kind][language]
    return Text(kind, language, summary, body, stored=False)


def offer_texts(language: str) -> dict[str, Text]:
    """Each kind's text in the language (one query), the default where none is stored."""
    language = language_of(language)
    stored = {t.kind: t for t in OfferText.objects.filter(language=language)}
    result = {}
    for kind in KINDS:
        row = stored.get(kind)
        result[kind] = (
            Text(kind, language, row.summary, row.body, stored=True, updated_at=row.updated_at)
            if row is not None
            else _default(kind, language)
        )
    return result


def offer_text(kind: str, language: str) -> Text:
    return offer_texts(language)[kind]


def contacts(kind: str | None = None) -> list[ContactPerson]:
    queryset = ContactPerson.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.order_by("kind", "position", "pk"))


def content_version() -> str:
    """A short fingerprint of everything advisors keep on the offer pages (texts and contact people) and of the
    intake rounds, read in three aggregate queries: any save or deletion of a text or contact person, and any new
    round, changes it, so a cached page is not shown after such a change in any process."""
    texts = OfferText.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    people = ContactPerson.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    rounds = IntakeRound.objects.aggregate(n=Count("pk"), top=Max("pk"))  # a new round shows at once everywhere
    raw = f"{texts['n']}:{texts['last']}:{people['n']}:{people['last']}:{people['top']}:{rounds['n']}:{rounds['top']}"
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


# --- how to start ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundStart:
    round: IntakeRound
    open_now: bool
    expected_start: datetime.date | None


def group_rounds(today: datetime.date) -> list[RoundStart]:
    """Open rounds (a button into the registration), then announced coming rounds, with theme and deadlines."""
    return [
        RoundStart(r, r.is_open(today), getattr(r, "expected_start", None))
        for r in intake_selectors.public_rounds(today)
    ]


def past_themes(today: datetime.date) -> list[IntakeRound]:
    return list(intake_selectors.past_round_themes(today))


@dataclass(frozen=True)
class SeasonStart:
    label: str
    first_day: datetime.date
    free: int
    season_id: int


def taskforce_seasons(today: datetime.date, limit: int = 4) -> list[SeasonStart]:
    """The next taskforce seasons that still have a free slot (soonest first)."""
    rows = request_selectors.season_rows(None, request_selectors.open_seasons(today).order_by("year", "-half"))
    return [SeasonStart(str(r.season), r.season.first_day, r.free, r.season.pk) for r in rows if r.free > 0][:limit]


def seasons_planned(today: datetime.date) -> bool:
    """Whether any coming season exists (else "all places taken" would be untrue: none are planned yet)."""
    return request_selectors.open_seasons(today).exists()


# --- how it runs -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseRow:
    title: str
    focus: str
    start: datetime.date
    end: datetime.date
    months: int  # about how many months


@dataclass(frozen=True)
class ActivityRow:
    number: int | None
    title: str
    phase: str
    date_text: str


@dataclass(frozen=True)
class PlanExample:
    start: datetime.date
    end: datetime.date
    timeline: programme_selectors.Timeline
    phases: list[PhaseRow]
    activities: list[ActivityRow]


def example_start(today: datetime.date) -> datetime.date:
    """The first working Monday of next month: the example plan's start."""
    day = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    while day.weekday() != 0:
        day += datetime.timedelta(days=1)
    return day


def _template_version(kind: str) -> Any:
    template = ProgrammeTemplate.objects.filter(kind=kind).first()
    return template.current_version() if template is not None else None


def plan_example(kind: str, today: datetime.date) -> PlanExample | None:
    """The plan of a programme of the kind starting at ``example_start``, drawn as the programme page draws it
    (None when the kind has no published template)."""
    version = _template_version(kind)
    if version is None:
        return None
    template = version.engine_template()
    start = example_start(today)
    try:
        plan = scheduling.generate_plan(template, {template.anchors[0]: start}, {}, None, ())
    except scheduling.PlanError:
        return None
    # "today" before the plan: no today-line in an example.
    timeline = programme_selectors.timeline(plan, today=plan.start - datetime.timedelta(days=1))
    phases = [
        PhaseRow(p.title, p.focus, p.start, p.end, max(1, round(((p.end - p.start).days + 1) / 30.44)))
        for p in plan.phases
    ]
    titles = {p.key: p.title for p in plan.phases}
    numbers = {item.label + item.date_text: item.number for item in timeline.meetings}
    activities = []
    for a in plan.activities:
        date_text = short_date(a.start) + (f"–{short_date(a.end)}" if a.end else "")
        activities.append(ActivityRow(numbers.get(a.title + date_text), a.title, titles.get(a.phase, ""), date_text))
    return PlanExample(plan.start, timeline.end, timeline, phases, activities)


def roles(kind: str) -> list[Role]:
    """What is expected of the organisation and what the advisory function (and the taskforce) brings: the
    roles of the kind's current template (seeds 001, 003, 004)."""
    version = _template_version(kind)
    data = spec_value(version.spec if version is not None else {}, kind, "roles") or []
    return [Role(r.get("party", ""), r.get("title", ""), tuple(r.get("tasks", ()))) for r in data]


def today() -> datetime.date:
    return timezone.localdate()
