"""Programme activities as calendar items: the feeds' event sources and the items of invitations.

- UID: ``programme-activity-<pk>@<host of SITE_URL>``, for the activity's whole life; SEQUENCE is
  ``Activity.sequence`` (raised by the programme services, in one place, when the date, time or place
  changes).
- A meeting or call with a start time is a timed item: the Copenhagen wall-clock time turned into UTC
  (10:00 is 09:00Z in winter and 08:00Z in summer), until its ``end_time`` (a full-day meeting: "hel dag"
  in the description), else lasting ``duration_minutes`` (an hour if unknown).
- Local work periods, milestones and anything without a start time are all-day items
  (``ends_on`` inclusive here; ``ical`` writes the exclusive DTEND).
- No attendees, no notes (which may be internal): the title, the programme, the form and the place.

Feeds (one query each, ``select_related("programme")``, plus the fingerprint's read of the same rows'
columns, which lets calendar_feeds serve the feed from its cache while they are unchanged):

- person: what they are booked for (MeetingParticipant), and every activity of the programmes they
  advise or whose participating organisation they coordinate; always within what they may see.
- organisation: every activity of the programmes the organisation takes part in.
- programme: all its activities.
Activities of cancelled programmes are left out (a subscribed calendar then drops them).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from email.utils import parseaddr
from typing import Any, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from advisory.core.access import scope
from advisory.core.compiled import compiled_query, run
from advisory.notifications.calendar_feeds import register_event_source, register_feed_kind
from advisory.notifications.ical import CalendarEvent, Contact
from advisory.notifications.models import FeedKind
from advisory.organisations.models import Membership, MembershipFunction
from advisory.programmes.models import (
    Activity,
    ActivityFormat,
    MeetingParticipant,
    Programme,
    ProgrammeOrganisation,
    ProgrammeStatus,
)

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")
DEFAULT_DURATION = datetime.timedelta(hours=1)
# Formats people are invited to (and booked for); the rest are periods and milestones.
MEETING_FORMATS = frozenset({ActivityFormat.VIRTUAL, ActivityFormat.IN_PERSON, ActivityFormat.PHONE})
INACTIVE_PROGRAMME = (ProgrammeStatus.CANCELLED,)


def uid_host() -> str:
    return getattr(settings, "CALENDAR_UID_HOST", "") or urlsplit(settings.SITE_URL).hostname or "localhost"


def activity_uid(activity_id: int) -> str:
    return f"programme-activity-{activity_id}@{uid_host()}"


def is_meeting(activity: Activity) -> bool:
    return activity.format in MEETING_FORMATS


def activity_times(
    activity: Activity,
) -> tuple[datetime.datetime, datetime.datetime] | tuple[datetime.date, datetime.date]:
    """(start, end) as aware datetimes for a timed item, or (first day, last day) for an all-day item."""
    period = activity.ends_on is not None and activity.ends_on != activity.starts_on
    if activity.start_time is None or period or not is_meeting(activity):
        return activity.starts_on, activity.ends_on or activity.starts_on
    start = datetime.datetime.combine(activity.starts_on, activity.start_time, tzinfo=LOCAL_ZONE)
    if activity.end_time is not None and activity.end_time > activity.start_time:
        end = datetime.datetime.combine(activity.starts_on, activity.end_time, tzinfo=LOCAL_ZONE)
        return start.astimezone(datetime.UTC), end.astimezone(datetime.UTC)
    length = datetime.timedelta(minutes=activity.duration_minutes) if activity.duration_minutes else DEFAULT_DURATION
    # Add the length in UTC: a meeting across the night of a daylight-saving change lasts what it lasts.
    start_utc = start.astimezone(datetime.UTC)
    return start_utc, start_utc + length


class _Texts:
    """What every item of a feed shares, worked out once: the Danish labels, the format names, the
    programme page's address (reverse() once, with a placeholder), and each programme's lines."""

    _PLACEHOLDER = 2_147_483_647

    def __init__(self) -> None:
        with translation.override("da"):
            self.programme_line = gettext("Programme: %(title)s")
            self.format_line = gettext("Form: %(format)s")
            self.full_day_line = gettext("Full day: %(start)s–%(end)s")
            self.full_day_text = gettext("full day")
            self.formats = {value: str(label) for value, label in ActivityFormat.choices}
        url = reverse("programmes:detail", kwargs={"pk": self._PLACEHOLDER})
        self.url_prefix, self.url_suffix = f"{settings.SITE_URL}{url}".split(str(self._PLACEHOLDER))
        self.host = uid_host()
        self._programmes: dict[tuple[int, str, str], tuple[str, str, str]] = {}

    def of_programme(self, programme: Programme) -> tuple[str, str, str]:
        """(first description line, address, STATUS) of the programme."""
        key = (programme.pk, programme.title, programme.status)
        found = self._programmes.get(key)
        if found is None:
            status = "CANCELLED" if programme.status in INACTIVE_PROGRAMME else "CONFIRMED"
            found = (
                self.programme_line % {"title": programme.title},
                f"{self.url_prefix}{programme.pk}{self.url_suffix}",
                status,
            )
            if len(self._programmes) >= _TEXTS_PROGRAMMES:
                self._programmes.clear()
            self._programmes[key] = found
        return found


def activity_event(
    activity: Activity, *, programme: Programme | None = None, texts: _Texts | None = None, **extra: Any
) -> CalendarEvent:
    """The activity as a calendar item (Danish texts). ``extra`` sets organizer/attendees/status.

    ``texts`` is shared by the items of one feed (``_events``); alone, an item works its own out.
    """
    programme = programme or activity.programme
    texts = texts or _Texts()
    start, end = activity_times(activity)
    programme_line, url, status = texts.of_programme(programme)
    format_name = texts.formats.get(activity.format, activity.format)
    description = f"{programme_line}\n{texts.format_line % {'format': format_name}}"
    if activity.full_day:
        if activity.start_time is not None and activity.end_time is not None:
            times = {"start": f"{activity.start_time:%H:%M}", "end": f"{activity.end_time:%H:%M}"}
            description += f"\n{texts.full_day_line % times}"
        else:
            description += f"\n{texts.full_day_text.capitalize()}"
    return CalendarEvent(
        uid=f"programme-activity-{activity.pk}@{texts.host}",
        summary=f"{activity.title} – {programme.title}",
        start=start,
        end=end,
        sequence=activity.sequence,
        description=description,
        location=activity.location,
        url=url,
        **{"status": status, **extra},
    )


def platform_contact() -> Contact:
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Contact(name or "Rådgivningsfunktionen", email or "noreply@localhost")


def organizer_for(programme: Programme) -> Contact:
    """The organiser of a programme's meetings: its first responsible advisor, else the platform's address."""
    advisor = programme.advisors.filter(is_active=True).order_by("pk").first()
    if advisor is not None and advisor.email:
        return Contact(advisor.get_full_name() or advisor.email, advisor.email)
    return platform_contact()


# --- Feeds -----------------------------------------------------------------------------------------------


# What an item is made of: a feed reads these columns of the visible activities and nothing else (as
# tuples: model objects cost more than the rest of the feed), and the same rows are its cache's fingerprint.
_COLUMNS = (
    "pk",
    "title",
    "format",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "full_day",
    "duration_minutes",
    "location",
    "sequence",
    "programme__id",
    "programme__title",
    "programme__status",
)


def _visible(owner: Any) -> QuerySet[Activity]:
    return (
        scope(owner, Activity)
        .exclude(programme__status__in=INACTIVE_PROGRAMME)
        .select_related("programme")
        .only(*_COLUMNS)
        .order_by("starts_on", "pk")
    )


class _ProgrammeRow(NamedTuple):
    pk: int
    title: str
    status: str


class _ActivityRow(NamedTuple):
    """An activity as a feed reads it: one row of ``_COLUMNS`` (tuples are cheap; model objects are not)."""

    pk: int
    title: str
    format: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    full_day: bool
    duration_minutes: int | None
    location: str
    sequence: int
    programme: _ProgrammeRow


Rows = list[tuple[Any, ...]]
_DATES_AND_TIMES = {"starts_on", "ends_on", "start_time", "end_time"}


def _columns(activities: QuerySet[Activity]) -> QuerySet[Any]:
    """The rows as the database gives them, dates and times as text (booleans on SQLite 0/1): Django's and
    sqlite3's conversion of every value of ~1,000 rows was a fifth of a feed's time, and a row only becomes an
    item when the process has not seen it before (``_row_event`` converts it then)."""
    return activities.values_list(*(Cast(name, TextField()) if name in _DATES_AND_TIMES else name for name in _COLUMNS))


def _rows(name: str, owner: Any, activities: Callable[..., QuerySet[Activity]], *ids: int) -> Rows:
    """The rows of ``activities(owner, *ids)`` (a feed's query); its SQL is compiled once per process for each
    shape of query and person (advisory/core/compiled.py: building and compiling it was a third of a feed's time)
    and read as the database gives it (``_columns``)."""
    sql, params, using = compiled_query(
        name, owner, lambda person, *values: _columns(activities(person, *values)), *ids
    )
    return run(sql, params, using)


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _time(value: Any) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if isinstance(value, str) else value


# An item is a pure function of its row and the feed's texts (the labels, the site's address, the UID host), so
# each process keeps the items of the rows it saw last: a feed built again after a change makes only the items
# whose rows changed (ical keeps their text the same way). The texts are one object per setting of the site's
# address and UID host (a test may change them), and part of the key.
FEED_ROW_MEMO = 20_000
_TEXTS_PROGRAMMES = 5_000


@functools.lru_cache(maxsize=8)
def _texts_for(site_url: str, host: str, urlconf: str) -> _Texts:
    return _Texts()


@functools.lru_cache(maxsize=FEED_ROW_MEMO)
def _row_event(row: tuple[Any, ...], texts: _Texts) -> CalendarEvent:
    pk, title, format_, starts_on, ends_on, start_time, end_time, full_day, duration, location, sequence, *rest = row
    programme = _ProgrammeRow(*rest)
    activity = _ActivityRow(
        pk,
        title,
        format_,
        _date(starts_on),  # type: ignore[arg-type]
        _date(ends_on),
        _time(start_time),
        _time(end_time),
        bool(full_day),
        duration,
        location,
        sequence,
        programme,
    )
    return activity_event(activity, programme=programme, texts=texts)  # type: ignore[arg-type]


def _events(rows: Rows) -> list[CalendarEvent]:
    texts = _texts_for(settings.SITE_URL, uid_host(), str(settings.ROOT_URLCONF))
    return [_row_event(row, texts) for row in rows]


def person_activities(user: Any) -> QuerySet[Activity]:
    """Every activity the person takes part in or is responsible for (one query)."""
    coordinated = Membership.objects.filter(user=user, function=MembershipFunction.COORDINATOR).values(
        "organisation_id"
    )
    booked = MeetingParticipant.objects.filter(user=user).values("activity_id")
    advised = Programme.advisors.through.objects.filter(user_id=user.pk).values("programme_id")
    participating = ProgrammeOrganisation.objects.filter(organisation_id__in=coordinated).values("programme_id")
    # One set of ids (a UNION), not three ORed IN-conditions: PostgreSQL read all 100,000 activities for the
    # OR; the union's parts each use an index (programme, booking), then the rows are fetched by primary key.
    of_programmes = Activity.objects.filter(programme_id__in=advised.union(participating)).order_by().values("pk")
    return _visible(user).filter(pk__in=of_programmes.union(booked.order_by(), all=True))


# Each feed's source, and its fingerprint: the rows themselves. calendar_feeds hands the rows it read for the
# fingerprint back to the source (``fingerprint=``), so a feed it has to build reads them once.


def person_fingerprint(owner: Any, _target: Any) -> Rows:
    return _rows("calendar-feed:person", owner, person_activities)


def person_events(owner: Any, target: Any, fingerprint: Rows | None = None) -> list[CalendarEvent]:
    return _events(person_fingerprint(owner, target) if fingerprint is None else fingerprint)


def organisation_activities(owner: Any, organisation_id: int) -> QuerySet[Activity]:
    programmes = ProgrammeOrganisation.objects.filter(organisation_id=organisation_id).values("programme_id")
    return _visible(owner).filter(programme_id__in=programmes)


def programme_activities(owner: Any, programme_id: int) -> QuerySet[Activity]:
    return _visible(owner).filter(programme_id=programme_id)


def organisation_fingerprint(owner: Any, organisation: Any) -> Rows:
    return _rows("calendar-feed:organisation", owner, organisation_activities, organisation.pk)


def organisation_events(owner: Any, organisation: Any, fingerprint: Rows | None = None) -> list[CalendarEvent]:
    return _events(organisation_fingerprint(owner, organisation) if fingerprint is None else fingerprint)


def programme_fingerprint(owner: Any, programme: Any) -> Rows:
    return _rows("calendar-feed:programme", owner, programme_activities, programme.pk)


def programme_events(owner: Any, programme: Any, fingerprint: Rows | None = None) -> list[CalendarEvent]:
    return _events(programme_fingerprint(owner, programme) if fingerprint is None else fingerprint)


def register() -> None:
    """Programme feeds, and programme activities in the three kinds of feed (from AppConfig.ready())."""
    register_feed_kind(FeedKind.PROGRAMME, target_model=Programme)
    register_event_source(person_events, kind=FeedKind.PERSON, fingerprint=person_fingerprint)
    register_event_source(organisation_events, kind=FeedKind.ORGANISATION, fingerprint=organisation_fingerprint)
    register_event_source(programme_events, kind=FeedKind.PROGRAMME, fingerprint=programme_fingerprint)
