"""iCalendar (RFC 5545) feeds and invitations (RFC 5546 iTIP). Pure: dataclasses in, bytes out, no ORM.

- Times are written in UTC with ``Z``. Outlook, Google and Apple convert them to the reader's own
  zone, so a meeting at 09:00 in Copenhagen shows at 09:00 on both sides of a daylight-saving
  change, and no VTIMEZONE block (which Outlook reads badly) is needed.
- Local work periods are all-day items: ``DTSTART;VALUE=DATE`` and an exclusive ``DTEND`` (the day
  after the last day, as RFC 5545 says), marked free (``TRANSP:TRANSPARENT``) so they do not block
  people's calendars.
- A UID names one activity for ever; SEQUENCE goes up with every change the sender makes, so a
  calendar replaces its copy instead of adding a second one.
- Feeds carry no organiser and no attendees: a subscribed calendar needs neither, and e-mail
  addresses of other people have no business in a URL-readable file.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Social- og Boligstyrelsen//Raadgivningsfunktionen hjemloeshed//DA"
CALENDAR_TIME_ZONE = "Europe/Copenhagen"  # a hint for clients that show the feed's own zone

EventStatus = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
Method = Literal["REQUEST", "CANCEL"]


class Contact(NamedTuple):
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar item.

    A timed item has aware datetimes ``start`` and ``end``. An all-day item (a local work period) has
    dates: ``start`` is its first day and ``end`` its last day, inclusive.
    """

    uid: str
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    organizer: Contact | None = None
    attendees: tuple[Contact, ...] = field(default=())
    status: EventStatus = "CONFIRMED"

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("A calendar item needs a UID.")
        timed = [isinstance(value, datetime.datetime) for value in (self.start, self.end)]
        if any(timed) and not all(timed):
            raise ValueError("Start and end must both be datetimes or both be dates.")
        if all(timed):
            for value in (self.start, self.end):
                if isinstance(value, datetime.datetime) and (value.tzinfo is None or value.utcoffset() is None):
                    raise ValueError("Times of a calendar item must be timezone-aware.")
        if self.end < self.start:
            raise ValueError("A calendar item cannot end before it starts.")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative.")
        object.__setattr__(self, "attendees", tuple(Contact(*attendee) for attendee in self.attendees))
        if self.organizer is not None:
            object.__setattr__(self, "organizer", Contact(*self.organizer))

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    @functools.cached_property
    def feed_parts(self) -> tuple[datetime.datetime, str, str, str]:
        """The item's VEVENT in a feed, written once per item (``_feed_event_parts``): an item never changes, and
        a feed built again after a change gets the same item objects for the rows it saw before
        (programme_calendar keeps them), so only changed items are written anew. Kept on the item, not in a
        table keyed by it: hashing ~1,000 items of eleven fields per build cost more than writing a few."""
        return _feed_event_parts(self)


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _timed(value: datetime.date) -> datetime.datetime:
    """The start or end of an item that is not all-day: a datetime (``CalendarEvent.__post_init__`` checks it)."""
    assert isinstance(value, datetime.datetime)
    return value


def _address(contact: Contact, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{contact.email}")
    if contact.name:
        address.params["CN"] = vText(contact.name)
    for name, value in params.items():
        address.params[name] = value
    return address


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _event(item: CalendarEvent, stamp: datetime.datetime, *, with_people: bool) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", _utc(stamp))
    event.add("sequence", item.sequence)
    event.add("summary", item.summary)
    if item.all_day:
        event.add("dtstart", item.start)
        event.add("dtend", item.end + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", _utc(_timed(item.start)))
        event.add("dtend", _utc(_timed(item.end)))
        event.add("transp", "OPAQUE")
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    event.add("status", item.status)
    if with_people:
        if item.organizer is not None:
            event.add("organizer", _address(item.organizer))
        for attendee in item.attendees:
            event.add(
                "attendee",
                _address(attendee, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
            )
    return event


def _feed_calendar(name: str) -> Calendar:
    """The feed's VCALENDAR with its own properties and no events yet."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", CALENDAR_TIME_ZONE)
    # How often clients should fetch again (Outlook reads X-PUBLISHED-TTL, others REFRESH-INTERVAL).
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    return calendar


def build_feed(name: str, events: Iterable[CalendarEvent], *, now: datetime.datetime | None = None) -> bytes:
    """A subscribable calendar (no METHOD): the events without organiser or attendees.

    The calendar's own lines come from icalendar; the VEVENTs are written by ``_feed_event_parts`` (a feed
    has a thousand of them, and icalendar's general machinery took three quarters of the feed's time).
    The bytes are the same as icalendar's for the same events (tests/…/test_ical.py compares them).
    """
    stamp = _utc(now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%dT%H%M%SZ")
    head, end = _feed_calendar(name).to_ical().rsplit(b"END:VCALENDAR", 1)
    parts = sorted(item.feed_parts for item in events)
    dtstamp = f"DTSTAMP:{stamp}\r\n"
    return (
        head
        + "".join(f"{before}{dtstamp}{after}" for _key, _uid, before, after in parts).encode()
        + (b"END:VCALENDAR" + end)
    )


# --- The feed's VEVENTs, written directly (RFC 5545 section 3.1 folding, 3.3.11 TEXT escaping) -------------

_FOLD_OCTETS = 74  # icalendar's limit: 74 octets of content, so a continuation line with its space is 75


def _text(value: str) -> str:
    """A TEXT value escaped (backslash, semicolon, comma; any line break becomes ``\\n``)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """A content line folded as icalendar folds it: at most 74 octets a line, never inside a UTF-8
    character, and never right after a backslash or caret (an escape stays whole on the next line)."""
    data = line.encode()
    if len(data) <= _FOLD_OCTETS:
        return line + "\r\n"
    parts = []
    start, size = 0, len(data)
    while size - start > _FOLD_OCTETS:
        cut = start + _FOLD_OCTETS
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before the character it belongs to
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode() + "\r\n"


def _date_value(value: datetime.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _utc_value(value: datetime.datetime) -> str:
    value = _utc(value)
    return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def _feed_event_parts(item: CalendarEvent) -> tuple[datetime.datetime, str, str, str]:
    """(sort key, UID, the VEVENT's lines before DTSTAMP, the lines after it), in icalendar's property order (its
    canonical ones, then alphabetical): DTSTAMP is the feed's time, put in by ``build_feed``."""
    if item.all_day:
        start = f"DTSTART;VALUE=DATE:{_date_value(item.start)}\r\n"
        end = f"DTEND;VALUE=DATE:{_date_value(item.end + datetime.timedelta(days=1))}\r\n"
        transp = "TRANSPARENT"
    else:
        start = f"DTSTART:{_utc_value(_timed(item.start))}\r\n"
        end = f"DTEND:{_utc_value(_timed(item.end))}\r\n"
        transp = "OPAQUE"
    before = f"BEGIN:VEVENT\r\n{_fold(f'SUMMARY:{_text(item.summary)}')}{start}{end}"
    lines = [
        _fold(f"UID:{_text(item.uid)}"),
        f"SEQUENCE:{item.sequence}\r\n",
    ]
    if item.description:
        lines.append(_fold(f"DESCRIPTION:{_text(item.description)}"))
    if item.location:
        lines.append(_fold(f"LOCATION:{_text(item.location)}"))
    lines.append(f"STATUS:{_text(item.status)}\r\nTRANSP:{transp}\r\n")
    if item.url:
        lines.append(_fold(f"URL:{item.url}"))
    lines.append("END:VEVENT\r\n")
    return _sort_key(item), item.uid, before, "".join(lines)


def _sort_key(item: CalendarEvent) -> datetime.datetime:
    if item.all_day:
        return datetime.datetime.combine(item.start, datetime.time.min, tzinfo=datetime.UTC)
    return _utc(_timed(item.start))


def build_invitation(event: CalendarEvent, method: Method, *, now: datetime.datetime | None = None) -> bytes:
    """An iTIP message: METHOD:REQUEST (a new or changed meeting) or METHOD:CANCEL (with STATUS:CANCELLED).

    The UID and SEQUENCE are the event's own: an update is the same UID with a higher SEQUENCE, and
    a cancellation carries the SEQUENCE of the version it cancels (or higher).
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    if event.organizer is None:
        raise ValueError("An invitation needs an organizer.")
    if method == "CANCEL":
        event = replace(event, status="CANCELLED")
    calendar = _calendar(method)
    calendar.add_component(_event(event, now or datetime.datetime.now(datetime.UTC), with_people=True))
    return calendar.to_ical()
