"""Scale data for the benchmark: years of programmes at a chosen multiple of the Danish national volume.

``scale_data_generate(scale=1.0)`` creates, by default, ten times the national volume over ten years
(2017–2027): about 1,000 organisations (the 98 municipalities from the reference data plus § 110
shelters), 5,000 programmes of the three kinds with their plans from the planning engine, ~100,000+
activities, ~50,000 trial actions, 500 people with accounts and memberships, and meeting bookings.
Statuses follow the dates: what lies before today is done, a programme whose plan has ended is
completed (a few cancelled), one that has not started is planned.

Rows are written with ``bulk_create`` in batches (no signals, so no audit entries: this is synthetic
data, not user actions). A marker person (``MARKER_EMAIL``) records that the data is there; a second
run refuses with a clear message. It is meant for its own database (``make bench`` uses
var/bench.sqlite3), never for one with real data.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from advisory.accounts.models import Role, User
from advisory.organisations.models import Membership, MembershipFunction, Organisation, OrganisationKind
from advisory.programmes import scheduling
from advisory.programmes.models import (
    Activity,
    MeetingParticipant,
    Programme,
    ProgrammeOrganisation,
    ProgrammeStatus,
    ProgrammeTemplate,
    TrialAction,
    TrialActionStatus,
)
from advisory.programmes.services import activity_rows

MARKER_EMAIL = "skaladata@bench.example.dk"
SCALE_PASSWORD = "skala-adgang-2026"  # noqa: S105 - published password of synthetic benchmark people
BATCH = 2000

FIRST_DATE = datetime.date(2017, 1, 2)
LAST_DATE = datetime.date(2027, 6, 30)

FIRST_NAMES = (
    "Anne",
    "Mette",
    "Kirsten",
    "Hanne",
    "Helle",
    "Susanne",
    "Lene",
    "Maria",
    "Marianne",
    "Lone",
    "Camilla",
    "Pia",
    "Louise",
    "Charlotte",
    "Tina",
    "Gitte",
    "Peter",
    "Jens",
    "Michael",
    "Lars",
    "Henrik",
    "Thomas",
    "Søren",
    "Jan",
    "Christian",
    "Martin",
    "Niels",
    "Anders",
    "Morten",
    "Jesper",
    "Mads",
    "Rasmus",
    "Ida",
    "Freja",
    "Sofie",
    "Emma",
    "Laura",
    "Mathilde",
    "Frederik",
    "Mikkel",
    "Oliver",
    "Magnus",
    "Jørgen",
    "Bent",
    "Birgitte",
    "Inger",
    "Karen",
    "Ole",
)
LAST_NAMES = (
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Olesen",
    "Frederiksen",
    "Laursen",
    "Henriksen",
    "Lund",
    "Schmidt",
    "Eriksen",
    "Holm",
    "Kristiansen",
    "Clausen",
    "Simonsen",
    "Svendsen",
    "Andreasen",
    "Iversen",
    "Jeppesen",
    "Vestergaard",
    "Mogensen",
    "Nissen",
    "Lauridsen",
    "Kjær",
    "Dahl",
    "Bøgh",
    "Østergaard",
    "Skov",
    "Friis",
    "Høj",
    "Bach",
)
SHELTER_KINDS = ("Herberget", "Forsorgshjemmet", "Bostedet", "Botilbuddet", "Natherberget", "Hjemløsehuset")
SHELTER_NAMES = (
    "Sct. Nikolaj",
    "Sct. Jørgen",
    "Lindegården",
    "Solvang",
    "Kastanjehuset",
    "Havnely",
    "Skovly",
    "Åbrinken",
    "Toftegården",
    "Fyrtårnet",
    "Brohuset",
    "Engly",
    "Granly",
    "Møllegården",
    "Kirkely",
    "Strandly",
    "Ankerhus",
    "Nørrebo",
    "Vesterled",
    "Søndergården",
    "Bakkehuset",
    "Rønnebærhuset",
    "Mariehjemmet",
    "Kofoeds Hus",
    "Østerhøj",
    "Bøgely",
    "Lærkely",
    "Fjordhuset",
    "Ravnsborg",
    "Egebo",
)
STREETS = (
    "Nørregade",
    "Søndergade",
    "Vestergade",
    "Østergade",
    "Algade",
    "Kirkegade",
    "Havnegade",
    "Jernbanegade",
    "Torvegade",
    "Skolegade",
    "Møllevej",
    "Stationsvej",
    "Parkvej",
    "Bygaden",
    "Strandvejen",
    "Industrivej",
)
THEMES = (
    "Systematisk tilgang til at skaffe boliger",
    "Bostøtte efter CTI og ICM",
    "Overgang fra herberg til egen bolig",
    "Helhedsorienteret indsats for unge hjemløse",
    "Samarbejde mellem forvaltninger",
    "Udskrivning fra hospital og kriminalforsorg uden hjemløshed",
    "Boligsociale indsatser og almene boliger",
    "Housing First i myndighedsarbejdet",
)
DEVELOPMENT_POINTS = (
    "Fast overlevering fra herberg til bostøtte",
    "Boligsocial indsats i samarbejde med boligorganisationer",
    "Tidlig opsporing af unge i risiko for hjemløshed",
    "Koordineret indsatsplan på tværs af afdelinger",
    "Brug af midlertidige boliger som trin mod egen bolig",
    "Bostøtte med fast kontaktperson",
    "Inddragelse af borgerens netværk",
    "Faste møder med jobcenter og psykiatri",
)
PLANS = (
    "Vi afprøver et fast overleveringsmøde med borgeren, herberget og bostøtten inden indflytning.",
    "Vi prøver en ugentlig tværfaglig visitation med deltagelse fra myndighed og udfører.",
    "Vi tester en tjekliste til første samtale, så boligbehov afdækkes tidligt.",
    "Vi afprøver at bostøtten starter to uger før indflytningen.",
)


@dataclass
class ScaleResult:
    organisations: int = 0
    people: int = 0
    memberships: int = 0
    programmes: int = 0
    activities: int = 0
    trial_actions: int = 0
    participants: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


class ScaleDataExists(RuntimeError):
    pass


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _aware(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def scale_data_generate(
    *, scale: float = 1.0, seed: int = 2026, today: datetime.date | None = None, log: Callable[[str], None] = print
) -> ScaleResult:
    """Generate the scale data into the current database (reference data must be loaded first)."""
    if User.objects.filter(email=MARKER_EMAIL).exists():
        raise ScaleDataExists(
            f"Scale data is already in this database (marker person {MARKER_EMAIL}). "
            "Use a fresh database (e.g. DATABASE_URL=sqlite:///var/bench.sqlite3 after deleting the file)."
        )
    municipalities = list(Organisation.objects.municipalities().order_by("municipality_code"))
    versions = {t.kind: t.current_version() for t in ProgrammeTemplate.objects.all()}
    if len(municipalities) < 98 or len([v for v in versions.values() if v]) < 3:
        raise RuntimeError("Load the reference data first: manage.py load_reference_data")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    today = today or timezone.localdate()
    result = ScaleResult()
    started = time.perf_counter()

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        result.timings[name] = round(now - since, 2)
        log(f"  {name}: {now - since:.1f} s")
        return now

    with transaction.atomic():
        t = time.perf_counter()
        organisations = _organisations(rng, municipalities, scale)
        result.organisations = len(organisations)
        t = lap("organisations", t)
        people, advisors, taskforce, members_by_org = _people(rng, organisations, scale)
        result.people = len(people)
        result.memberships = sum(len(v) for v in members_by_org.values())
        t = lap("people and memberships", t)
        counts = _programmes(rng, organisations, advisors, taskforce, members_by_org, versions, scale, today, lap)
        result.programmes, result.activities, result.trial_actions, result.participants = counts
    result.seconds = round(time.perf_counter() - started, 1)
    return result


def _organisations(rng: random.Random, municipalities: list[Organisation], scale: float) -> list[Organisation]:
    target = max(round(1000 * scale) - len(municipalities), 0)
    now = timezone.now()
    shelters = []
    used: set[tuple[int, str]] = set()
    for i in range(target):
        municipality = (
            municipalities[i % len(municipalities)] if i < len(municipalities) else rng.choice(municipalities)
        )
        city = municipality.name.removesuffix(" Kommune")
        name = f"{rng.choice(SHELTER_KINDS)} {rng.choice(SHELTER_NAMES)}"
        if (municipality.pk, name) in used:
            name = f"{name}, {city}"
        n = 2
        while (municipality.pk, name) in used:
            name, n = f"{name.split(' (')[0]} ({n})", n + 1
        used.add((municipality.pk, name))
        shelters.append(
            Organisation(
                kind=OrganisationKind.SHELTER,
                name=name,
                municipality=municipality,
                tilbudsportalen_id=str(100000 + i),
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {city}",
                created_at=now,
                updated_at=now,
            )
        )
    Organisation.objects.bulk_create(shelters, batch_size=BATCH)
    return municipalities + shelters


def _people(
    rng: random.Random, organisations: list[Organisation], scale: float
) -> tuple[list[User], list[User], list[User], dict[int, list[tuple[int, str]]]]:
    """Staff (advisors, taskforce members, one administrator) and organisation people with memberships.

    Returns the people, advisors, taskforce members and, per organisation id, (user id, function)."""
    total = max(round(500 * scale), 12)
    password = make_password(SCALE_PASSWORD)  # hashed once: every synthetic person shares it
    n_advisors, n_taskforce = max(total // 25, 2), max(total // 100, 1)
    users = [
        User(
            email=MARKER_EMAIL,
            first_name="Skala",
            last_name="Administrator",
            role=Role.ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
            password=password,
        )
    ]
    for i in range(total - 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if i < n_advisors:
            role, title = Role.ADVISOR, "Specialkonsulent"
        elif i < n_advisors + n_taskforce:
            role, title = Role.TASKFORCE_MEMBER, "Fuldmægtig, Ankestyrelsen"
        elif i % 3 == 0:
            role, title = Role.COORDINATOR, "Tovholder"
        else:
            role, title = Role.ORGANISATION_MEMBER, "Socialrådgiver"
        users.append(
            User(
                email=f"{first}.{last}.{i}@skala.example.dk".lower()
                .replace("ø", "oe")
                .replace("æ", "ae")
                .replace("å", "aa"),
                first_name=first,
                last_name=last,
                role=role,
                title=title,
                password=password,
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH)
    _staff_authenticators([u for u in users if u.role in {Role.ADMINISTRATOR, Role.ADVISOR, Role.TASKFORCE_MEMBER}])
    advisors = [u for u in users if u.role == Role.ADVISOR]
    taskforce = [u for u in users if u.role == Role.TASKFORCE_MEMBER]
    organisation_people = [u for u in users if u.role in {Role.COORDINATOR, Role.ORGANISATION_MEMBER}]
    # Municipalities first, so the large ones have people; a few people hold memberships in several places
    # (a municipality and its shelters), which gives calendars of a few hundred to a thousand activities.
    by_org: dict[int, list[tuple[int, str]]] = {}
    rows = []
    shelters_of: dict[int, list[Organisation]] = {}
    for organisation in organisations:
        if organisation.municipality_id:
            shelters_of.setdefault(organisation.municipality_id, []).append(organisation)
    targets = [o for o in organisations if o.kind == OrganisationKind.MUNICIPALITY] + [
        o for o in organisations if o.kind == OrganisationKind.SHELTER
    ]
    for i, person in enumerate(organisation_people):
        home = targets[i % len(targets)]
        places = [home]
        if i % 10 == 0 and home.kind == OrganisationKind.MUNICIPALITY:
            places += shelters_of.get(home.pk, [])[: rng.randint(2, 8)]
        for place in places:
            function = (
                MembershipFunction.COORDINATOR
                if person.role == Role.COORDINATOR
                else rng.choice(
                    [
                        MembershipFunction.IMPLEMENTATION_TEAM,
                        MembershipFunction.LEADERSHIP_GROUP,
                        MembershipFunction.MEMBER,
                    ]
                )
            )
            rows.append(Membership(organisation=place, user=person, function=function))
            by_org.setdefault(place.pk, []).append((person.pk, function))
    Membership.objects.bulk_create(rows, batch_size=BATCH)
    return users, advisors, taskforce, by_org


def _staff_authenticators(staff: list[User]) -> None:
    """Agency staff have two-factor authentication set up (as the platform requires of them): a TOTP
    authenticator each, with a random secret nobody knows (the benchmark logs in with a session)."""
    import base64
    import secrets

    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    adapter = get_adapter()
    Authenticator.objects.bulk_create(
        Authenticator(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": adapter.encrypt(base64.b32encode(secrets.token_bytes(20)).decode())},
        )
        for user in staff
    )


KIND_SHARES = (("group", 0.4), ("individual", 0.45), ("taskforce", 0.15))
OPTION_RANGES = {
    "group": ("reflection_meetings", 2, 6),
    "individual": ("support_meetings", 10, 17),  # the most the 3-week gap allows in the agreement period
    "taskforce": ("status_meetings", 8, 15),
}
MEETING_FORMATS = {"virtual", "in_person", "phone"}


def _programmes(
    rng: random.Random,
    organisations: list[Organisation],
    advisors: list[User],
    taskforce: list[User],
    members_by_org: dict[int, list[tuple[int, str]]],
    versions: dict,
    scale: float,
    today: datetime.date,
    lap: Callable[[str, float], float],
) -> tuple[int, int, int, int]:
    t = time.perf_counter()
    total = max(round(5000 * scale), 6)
    municipalities = [o for o in organisations if o.kind == OrganisationKind.MUNICIPALITY]
    span = (LAST_DATE - FIRST_DATE).days
    templates = {kind: version.engine_template() for kind, version in versions.items()}
    programmes: list[Programme] = []
    plans: list[scheduling.Plan] = []
    members: list[list[Organisation]] = []
    staff: list[list[User]] = []
    created: list[datetime.datetime] = []
    kinds = [kind for kind, share in KIND_SHARES for _ in range(int(share * 100))]
    for i in range(total):
        kind = kinds[i % len(kinds)]
        version, template = versions[kind], templates[kind]
        anchor_name = template.anchors[0]
        anchor = _weekday(FIRST_DATE + datetime.timedelta(days=rng.randint(0, span)))
        option, low, high = OPTION_RANGES[kind]
        options = {option: rng.randint(low, high)}
        plan = scheduling.generate_plan(template, {anchor_name: anchor}, options)
        if kind == "group":
            chosen = rng.sample(organisations, rng.randint(3, 6))
        elif kind == "taskforce":
            chosen = [rng.choice(municipalities)]
        else:
            chosen = [rng.choice(organisations)]
        if plan.end < today:
            status = ProgrammeStatus.CANCELLED if rng.random() < 0.03 else ProgrammeStatus.COMPLETED
        elif plan.start > today:
            status = ProgrammeStatus.PLANNED
        else:
            status = ProgrammeStatus.RUNNING
        names = ", ".join(o.name for o in chosen[:2]) + (" m.fl." if len(chosen) > 2 else "")
        season = ("Forår" if anchor.month < 7 else "Efterår") + f" {anchor.year}"
        title = {
            "group": f"Gruppeforløb {season}: {names}",
            "individual": f"Individuelt forløb: {names}",
            "taskforce": f"Taskforce {season}: {names}",
        }[kind]
        programmes.append(
            Programme(
                kind=kind,
                template_version=version,
                title=title[:200],
                theme=rng.choice(THEMES) if kind == "group" else "",
                anchors=scheduling.as_jsonable({anchor_name: anchor}),
                options=options,
                status=status,
            )
        )
        plans.append(plan)
        members.append(chosen)
        pool = taskforce if kind == "taskforce" else advisors
        staff.append(
            rng.sample(advisors, 1) + ([rng.choice(pool)] if rng.random() < 0.5 or kind == "taskforce" else [])
        )
        created.append(_aware(anchor - datetime.timedelta(days=rng.randint(14, 60)), hour=rng.randint(8, 16)))
    t = lap("plans from the engine", t)
    Programme.objects.bulk_create(programmes, batch_size=BATCH)
    # created_at is auto_now_add: spread it over the years afterwards, as the programmes were made.
    for programme, when in zip(programmes, created, strict=True):
        programme.created_at = when
        programme.updated_at = when
    Programme.objects.bulk_update(programmes, ["created_at", "updated_at"], batch_size=500)
    ProgrammeOrganisation.objects.bulk_create(
        (
            ProgrammeOrganisation(programme=p, organisation=o)
            for p, chosen in zip(programmes, members, strict=True)
            for o in chosen
        ),
        batch_size=BATCH,
    )
    through = Programme.advisors.through
    through.objects.bulk_create(
        (
            through(programme_id=p.pk, user_id=u.pk)
            for p, people in zip(programmes, staff, strict=True)
            for u in {x.pk: x for x in people}.values()
        ),
        batch_size=BATCH,
    )
    t = lap("programmes, organisations and advisors", t)
    activity_count = 0
    activities: list[Activity] = []
    meetings: list[tuple[Activity, list[Organisation]]] = []
    for programme, plan, chosen in zip(programmes, plans, members, strict=True):
        cancelled = programme.status == ProgrammeStatus.CANCELLED
        # The rows programme_create writes, then what a programme's life adds: meeting times, places, done.
        for row in activity_rows(programme, plan):
            last_day = row.ends_on or row.starts_on
            if not cancelled and last_day < today:
                row.done_at = _aware(last_day, 15)
            if row.format in MEETING_FORMATS:
                row.start_time = datetime.time(9, 30)
                row.location = "Videomøde" if row.format == "virtual" else ""
                meetings.append((row, chosen))
            else:
                row.start_time = None
            activities.append(row)
        if len(activities) >= BATCH * 5:
            Activity.objects.bulk_create(activities, batch_size=BATCH)
            activity_count += len(activities)
            activities = []
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    activity_count += len(activities)
    t = lap("activities", t)
    participants = []
    for activity, chosen in meetings:
        booked: set[int] = set()
        for organisation in chosen:
            people = members_by_org.get(organisation.pk, [])
            if not people:
                continue
            for user_id, _function in people[: rng.randint(1, 3)]:
                if user_id in booked:
                    continue
                booked.add(user_id)
                attended = (rng.random() > 0.1) if activity.done_at else None
                participants.append(
                    MeetingParticipant(activity=activity, user_id=user_id, organisation=organisation, attended=attended)
                )
    MeetingParticipant.objects.bulk_create(participants, batch_size=BATCH)
    t = lap("meeting participants", t)
    trial_actions = _trial_actions(rng, programmes, plans, members, members_by_org, scale, today)
    TrialAction.objects.bulk_create(trial_actions, batch_size=BATCH)
    lap("trial actions", t)
    return len(programmes), activity_count, len(trial_actions), len(participants)


def _trial_actions(
    rng: random.Random,
    programmes: list[Programme],
    plans: list[scheduling.Plan],
    members: list[list[Organisation]],
    members_by_org: dict[int, list[tuple[int, str]]],
    scale: float,
    today: datetime.date,
) -> list[TrialAction]:
    """Trial actions in the group programmes' trial-action periods, spread to about 50,000 times the scale."""
    group = [
        (p, plan, chosen)
        for p, plan, chosen in zip(programmes, plans, members, strict=True)
        if p.kind == "group" and p.status != ProgrammeStatus.PLANNED
    ]
    seats = sum(len(chosen) for _p, _plan, chosen in group) or 1
    per_seat = 50000 * scale / seats
    rows = []
    for programme, plan, chosen in group:
        periods = [a for a in plan.activities if a.template_key == "trial_action_period"] or list(plan.activities)
        for organisation in chosen:
            people = members_by_org.get(organisation.pk, [])
            count = int(per_seat) + (1 if rng.random() < per_seat - int(per_seat) else 0)
            for n in range(count):
                period = periods[n % len(periods)]
                start = period.start + datetime.timedelta(days=rng.randint(0, 10))
                end = max(period.end or period.start, start) + datetime.timedelta(days=rng.randint(0, 14))
                if end < today:
                    status = rng.choice(
                        [TrialActionStatus.COMPLETED] * 6
                        + [TrialActionStatus.ADJUSTED] * 2
                        + [TrialActionStatus.STOPPED]
                    )
                elif start > today:
                    status = TrialActionStatus.PLANNED
                else:
                    status = TrialActionStatus.RUNNING
                finished = status in {TrialActionStatus.COMPLETED, TrialActionStatus.ADJUSTED}
                rows.append(
                    TrialAction(
                        programme=programme,
                        organisation=organisation,
                        development_point=rng.choice(DEVELOPMENT_POINTS),
                        plan=rng.choice(PLANS),
                        starts_on=start,
                        ends_on=end,
                        who="Bostøttemedarbejdere og herbergets personale",
                        expectation="Færre borgere venter på bostøtte efter indflytning.",
                        experiences="Borgerne kendte deres kontaktperson fra første dag." if finished else "",
                        evaluation="Det virkede i de fleste forløb." if finished else "",
                        adjustment="Mødet holdes nu også ved genhusning."
                        if status == TrialActionStatus.ADJUSTED
                        else "",
                        status=status,
                        shared_with_group=rng.random() < 0.8,
                        created_by_id=people[0][0] if people else None,
                    )
                )
    return rows
