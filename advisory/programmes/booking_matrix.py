"""Book a team for a series in one step: an organisation's people and the programme's joint meetings.

``team_matrix`` reads who is booked (and the template's warnings for a wanted set, e.g. 3–5 per organisation at a
reflection meeting, leaders and staff at the kickoff: advisory/programmes/participation.py), ``bookings_set`` makes
the organisation's bookings of the joint meetings the wanted set in one transaction. Each new booking goes through
``services.meeting_book`` (its invitation is sent once, after the commit), each one taken away through
``services.meeting_unbook`` (its cancellation). The page (views_booking.py) and the API (api_booking.py) both call
``bookings_set``; the runners book for every organisation, a coordinator for their own organisation only
(``policies.books_team``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import User
from advisory.organisations.models import Membership, Organisation
from advisory.programmes import services
from advisory.programmes.models import (
    Activity,
    ActivityFormat,
    ActivityScope,
    MeetingParticipant,
    Programme,
)
from advisory.programmes.participation import Booking, ParticipationWarning, participation_warnings
from advisory.programmes.policies import books_team

MEETING_FORMATS = (ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON)
MAX_BOOKINGS = 1000  # wanted pairs in one call (a matrix of 50 people by 20 meetings)

Pair = tuple[str, int]  # (activity key, user id)


def joint_meetings(programme: Programme) -> list[Activity]:
    """The meetings the whole group shares and that are not done, in the plan's order."""
    return list(
        programme.activities.filter(
            scope=ActivityScope.SHARED, organisation__isnull=True, format__in=MEETING_FORMATS, done_at__isnull=True
        ).order_by("starts_on", "position")
    )


@dataclass
class Person:
    user: User
    functions: frozenset[str]
    function_labels: list[str]


def people(organisation: Organisation) -> list[Person]:
    """The organisation's people, each once, with their functions there."""
    by_user: dict[int, Person] = {}
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    for membership in memberships.order_by("user__first_name", "user__last_name", "user_id", "function"):
        person = by_user.setdefault(membership.user_id, Person(membership.user, frozenset(), []))
        person.functions = person.functions | {membership.function}
        person.function_labels.append(str(membership.get_function_display()).lower())
    return list(by_user.values())


def booked_pairs(organisation: Organisation, meetings: list[Activity]) -> set[Pair]:
    keys = {meeting.pk: meeting.key for meeting in meetings}
    rows = MeetingParticipant.objects.filter(activity_id__in=keys, organisation=organisation)
    return {(keys[activity_id], user_id) for activity_id, user_id in rows.values_list("activity_id", "user_id")}


@dataclass
class Cell:
    meeting: Activity
    booked: bool


@dataclass
class Row:
    person: Person
    cells: list[Cell]

    @property
    def all_booked(self) -> bool:
        return bool(self.cells) and all(cell.booked for cell in self.cells)


@dataclass
class TeamMatrix:
    programme: Programme
    organisation: Organisation
    meetings: list[Activity]
    rows: list[Row]
    warnings: list[tuple[Activity, list[ParticipationWarning]]] = field(default_factory=list)

    @property
    def warning_count(self) -> int:
        return sum(len(found) for _meeting, found in self.warnings)


def warnings_for(
    programme: Programme, organisation: Organisation, meetings: list[Activity], team: list[Person], wanted: set[Pair]
) -> list[tuple[Activity, list[ParticipationWarning]]]:
    """The template's warnings per meeting, for the organisation, had the wanted set been booked."""
    template = programme.template_version.engine_template()
    functions = {person.user.pk: person.functions for person in team}
    result = []
    for meeting in meetings:
        try:
            spec = template.activity(meeting.template_key)
        except KeyError:  # a meeting the template no longer has: no rules to check
            continue
        bookings = [Booking(organisation.name, functions[user_id]) for key, user_id in wanted if key == meeting.key]
        found = participation_warnings(spec, bookings, [organisation.name])
        if found:
            result.append((meeting, found))
    return result


def team_matrix(programme: Programme, organisation: Organisation, wanted: set[Pair] | None = None) -> TeamMatrix:
    """The matrix as booked (or, with ``wanted``, as it would be), with the template's warnings."""
    meetings = joint_meetings(programme)
    team = people(organisation)
    if wanted is None:
        wanted = booked_pairs(organisation, meetings)
    rows = [Row(person, [Cell(m, (m.key, person.user.pk) in wanted) for m in meetings]) for person in team]
    warnings = warnings_for(programme, organisation, meetings, team, wanted)
    return TeamMatrix(programme, organisation, meetings, rows, warnings)


def wanted_from_form(data: Any, matrix: TeamMatrix) -> set[Pair]:
    """The wanted set from the page's form: the ticked cells (``book`` = "key:user id"), a person's »all joint
    meetings« ticked just now (``all``, not in ``all_shown``) ticks their row, unticked just now clears it."""
    known_users = {row.person.user.pk for row in matrix.rows}
    known_keys = {meeting.key for meeting in matrix.meetings}
    wanted: set[Pair] = set()
    for value in data.getlist("book")[:MAX_BOOKINGS]:
        key, _sep, user = str(value).rpartition(":")
        if key in known_keys and user.isdecimal() and int(user) in known_users:
            wanted.add((key, int(user)))
    ticked = {int(v) for v in data.getlist("all")[:MAX_BOOKINGS] if str(v).isdecimal()} & known_users
    shown = {int(v) for v in data.getlist("all_shown")[:MAX_BOOKINGS] if str(v).isdecimal()} & known_users
    for user_id in ticked - shown:
        wanted |= {(key, user_id) for key in known_keys}
    for user_id in shown - ticked:
        wanted = {(key, user) for key, user in wanted if user != user_id}
    return wanted


UNKNOWN_MEETING = _("Unknown joint meeting: %(keys)s. The programme's joint meetings not yet done: %(known)s.")
UNKNOWN_PERSON = _("Not one of %(organisation)s's people (user id): %(ids)s.")
TOO_MANY = _("At most %(max)s bookings in one call.")
NOT_TAKING_PART = _("The organisation does not take part in this programme.")


@dataclass
class BookingsChange:
    created: list[MeetingParticipant]
    removed: int
    matrix: TeamMatrix


def bookings_set(
    *, by: User, programme: Programme, organisation: Organisation, wanted: Iterable[Pair]
) -> BookingsChange:
    """Make the organisation's bookings of the joint meetings (not done) exactly ``wanted``: new pairs are booked
    (each invited once, after the commit), pairs no longer wanted are unbooked (their cancellation). The runners
    book for any organisation, a coordinator for their own only; unknown meetings or people refuse the whole set."""
    if not books_team(by, programme, organisation.pk):
        raise PermissionDenied
    if not programme.participations.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": NOT_TAKING_PART})
    wanted = list(wanted)
    if len(wanted) > MAX_BOOKINGS:
        raise ValidationError({"bookings": TOO_MANY % {"max": MAX_BOOKINGS}})
    meetings = joint_meetings(programme)
    by_key = {meeting.key: meeting for meeting in meetings}
    team = {person.user.pk: person for person in people(organisation)}
    unknown_keys = sorted({key for key, _user in wanted if key not in by_key})
    unknown_users = sorted({user for _key, user in wanted if user not in team})
    errors: dict[str, list[str]] = {}
    if unknown_keys:
        known = ", ".join(by_key) or "–"
        errors.setdefault("bookings", []).append(UNKNOWN_MEETING % {"keys": ", ".join(unknown_keys), "known": known})
    if unknown_users:
        ids = ", ".join(str(user) for user in unknown_users)
        errors.setdefault("bookings", []).append(UNKNOWN_PERSON % {"organisation": organisation.name, "ids": ids})
    if errors:
        raise ValidationError(errors)
    wanted_set = set(wanted)
    created: list[MeetingParticipant] = []
    removed = 0
    with transaction.atomic():
        booked_now = {
            (p.activity.key, p.user_id): p
            for p in MeetingParticipant.objects.filter(activity__in=meetings, user_id__in=team)
            .select_related("activity__programme", "user", "organisation")
            .select_for_update(of=("self",))
        }
        for pair, participant in sorted(booked_now.items()):
            # Only this organisation's bookings go; a person booked through another organisation of theirs stays.
            if pair not in wanted_set and participant.organisation_id == organisation.pk:
                services.meeting_unbook(participant=participant, by=by)
                removed += 1
        for key, user_id in sorted(wanted_set - set(booked_now)):
            created.append(
                services.meeting_book(activity=by_key[key], user=team[user_id].user, organisation=organisation, by=by)
            )
    return BookingsChange(created, removed, team_matrix(programme, organisation))


def bookable_organisations(user: Any, programme: Programme) -> list[Organisation]:
    """The programme's organisations the user may book a team for."""
    return [o for o in programme.organisations.order_by("name") if books_team(user, programme, o.pk)]
