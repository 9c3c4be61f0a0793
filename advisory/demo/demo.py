"""Demo people and organisations for `make run`: one list, used to create them and to print the logins."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from advisory.accounts.models import Role, User
from advisory.intake import services as intake_services
from advisory.intake.models import IntakeRound
from advisory.offers import services as offer_services
from advisory.offers.models import ContactPerson
from advisory.organisations import services as organisation_services
from advisory.organisations.models import Membership, MembershipFunction, Organisation
from advisory.programmes import scheduling
from advisory.programmes import services as programme_services
from advisory.programmes.models import Programme, ProgrammeTemplate

DEMO_PASSWORD = "demo-adgang-2026"  # noqa: S105 - a published demo password for local use only


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: Role
    organisation_code: str | None = None  # a municipality code
    function: MembershipFunction | None = None
    title: str = ""


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("admin@example.dk", "Ada", "Administrator", Role.ADMINISTRATOR, title="Systemadministrator"),
    DemoPerson("raadgiver@example.dk", "Rikke", "Rådgiver", Role.ADVISOR, title="Specialkonsulent"),
    DemoPerson("raadgiver2@example.dk", "Rasmus", "Rådgiver", Role.ADVISOR, title="Chefkonsulent"),
    DemoPerson("taskforce@example.dk", "Tina", "Taskforce", Role.TASKFORCE_MEMBER, title="Fuldmægtig, Ankestyrelsen"),
    DemoPerson(
        "tovholder.aarhus@example.dk", "Thomas", "Tovholder", Role.COORDINATOR, "0751", MembershipFunction.COORDINATOR
    ),
    DemoPerson(
        "tovholder.odense@example.dk", "Tove", "Tovholder", Role.COORDINATOR, "0461", MembershipFunction.COORDINATOR
    ),
    DemoPerson(
        "medlem.aarhus@example.dk",
        "Mette",
        "Medarbejder",
        Role.ORGANISATION_MEMBER,
        "0751",
        MembershipFunction.IMPLEMENTATION_TEAM,
    ),
)

DEMO_SHELTERS = (("Herberget Sct. Nikolaj", "0751", "Nørregade 1, 8000 Aarhus C"),)


@transaction.atomic
def demo_data_load() -> int:
    """Create the demo people and shelters; running it again changes nothing."""
    created = 0
    for person in DEMO_PEOPLE:
        user, was_created = User.objects.get_or_create(
            email=person.email,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "role": person.role,
                "title": person.title,
                "is_staff": person.role == Role.ADMINISTRATOR,
                "is_superuser": person.role == Role.ADMINISTRATOR,
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        if person.organisation_code and person.function:
            organisation = Organisation.objects.get(municipality_code=person.organisation_code)
            Membership.objects.get_or_create(organisation=organisation, user=user, function=person.function)
    administrator = User.objects.filter(role=Role.ADMINISTRATOR, email__in=[p.email for p in DEMO_PEOPLE]).first()
    for name, code, address in DEMO_SHELTERS:
        municipality = Organisation.objects.get(municipality_code=code)
        if not Organisation.objects.filter(municipality=municipality, name=name).exists():
            organisation_services.shelter_create(
                by=administrator, name=name, municipality=municipality, address=address
            )
    _demo_programmes()
    _demo_intake_round()
    _demo_offer_contacts(administrator)
    return created


# (title, kind, theme, organisation codes or shelter names, days from today to the first anchor, staff e-mails)
DEMO_PROGRAMMES = (
    (
        "Gruppeforløb forår: Boligsociale indsatser",
        "group",
        "Systematisk tilgang til at skaffe boliger",
        ("0751", "0461", "0101", "0851"),
        -75,
        ("raadgiver@example.dk", "raadgiver2@example.dk"),
    ),
    (
        "Individuelt forløb: Herberget Sct. Nikolaj",
        "individual",
        "",
        ("Herberget Sct. Nikolaj",),
        -30,
        ("raadgiver@example.dk",),
    ),
    ("Taskforce: Aalborg Kommune", "taskforce", "", ("0851",), -120, ("raadgiver@example.dk", "taskforce@example.dk")),
)


def _demo_programmes() -> None:
    programme_services.templates_load_builtin()
    today = timezone.localdate()
    for title, kind, theme, organisation_refs, offset_days, staff in DEMO_PROGRAMMES:
        if Programme.objects.filter(title=title).exists():
            continue
        version = ProgrammeTemplate.objects.get(kind=kind).current_version()
        assert version is not None, "the reference data publishes a version of every template"
        organisations = [
            Organisation.objects.get(municipality_code=ref) if ref.isdigit() else Organisation.objects.get(name=ref)
            for ref in organisation_refs
        ]
        template = version.engine_template()
        start = today + datetime.timedelta(days=offset_days)
        while scheduling.outside_start_seasons(template, start):  # taskforce: the latest day in a start season
            start -= datetime.timedelta(days=1)
        programme_services.programme_create(
            version=version,
            title=title,
            theme=theme,
            anchors={template.anchors[0]: start},
            organisations=organisations,
            advisors=User.objects.filter(email__in=staff),
        )


def demo_logins_text() -> str:
    lines = [f"  Demo logins (password for all: {DEMO_PASSWORD})"]
    for person in DEMO_PEOPLE:
        where = f"  ({person.organisation_code})" if person.organisation_code else ""
        lines.append(f"    {person.role.label!s:<34} {person.email}{where}")
    return "\n".join(lines)


def _demo_intake_round() -> None:
    """An open round on the public registration page, with two registrations."""
    if IntakeRound.objects.filter(season="Demo-runde").exists():
        return
    today = timezone.localdate()
    round_ = intake_services.intake_round_create(
        by=User.objects.filter(role=Role.ADMINISTRATOR, email__in=[p.email for p in DEMO_PEOPLE]).first(),
        season="Demo-runde",
        theme="Bostøtte efter CTI og ICM",
        description="Hvordan sikrer vi, at borgere, der flytter i egen bolig, får social støtte efter de "
        "specialiserede støttemetoder?",
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=30),
        groups_planned=1,
        template_version=ProgrammeTemplate.objects.get(kind="group").current_version(),
    )
    for code, name, email in (
        ("0751", "Thomas Tovholder", "tovholder.aarhus@example.dk"),
        ("0461", "Tove Tovholder", "tovholder.odense@example.dk"),
    ):
        intake_services.registration_create(
            round_=round_,
            organisation=Organisation.objects.get(municipality_code=code),
            coordinator_name=name,
            coordinator_email=email,
            motivation="Vi vil gerne styrke bostøtten i overgangen til egen bolig.",
            development_point="Fast overlevering fra herberg til bostøtte",
            expected_participants=4,
        )


# The contact people the agency's public pages name (seed 001: individual programmes; seed 004: taskforce, with her
# title; seed 000 names nobody for the group programmes, so seed 001's contact stands there too). The pages give no
# phone numbers or addresses: the demo's e-mail addresses are made up (example.dk).
DEMO_OFFER_CONTACTS = (
    ("group", "Christina Skøtt-Christensen", "", "christina.skott-christensen@example.dk"),
    ("individual", "Christina Skøtt-Christensen", "", "christina.skott-christensen@example.dk"),
    ("taskforce", "Karina Amtkjær Schrøder", "Specialkonsulent", "karina.amtkjaer-schroder@example.dk"),
)


def _demo_offer_contacts(administrator: User | None) -> None:
    for position, (kind, name, title, email) in enumerate(DEMO_OFFER_CONTACTS, start=1):
        if not ContactPerson.objects.filter(kind=kind, name=name).exists():
            offer_services.contact_create(
                by=administrator, kind=kind, name=name, title=title, email=email, phone="", position=position
            )
