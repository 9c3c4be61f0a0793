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
                if value.tzinfo is None or value.utcoffset() is None:  # type: ignore[union-attr]
                    raise ValueError("Times of a calendar item must be timezone-aware.")
        if self.end < self.start:  # type: ignore[operator]
            raise ValueError("A calendar item cannot end before it starts.")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative.")
        object.__setattr__(self, "attendees", tuple(Contact(*attendee) for attendee in self.attendees))
        if self.organizer is not None:
            object.__setattr__(self, "organizer", Contact(*self.organizer))

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


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
        event.add("dtstart", _utc(item.start))  # type: ignore[arg-type]
        event.add("dtend", _utc(item.end))  # type: ignore[arg-type]
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


def build_feed(name: str, events: Iterable[CalendarEvent], *, now: datetime.datetime | None = None) -> bytes:
    """A subscribable calendar (no METHOD): the events without organiser or attendees."""
    stamp = now or datetime.datetime.now(datetime.UTC)
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", CALENDAR_TIME_ZONE)
    # How often clients should fetch again (Outlook reads X-PUBLISHED-TTL, others REFRESH-INTERVAL).
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for item in sorted(events, key=lambda item: (_sort_key(item), item.uid)):
        calendar.add_component(_event(item, stamp, with_people=False))
    return calendar.to_ical()


def _sort_key(item: CalendarEvent) -> datetime.datetime:
    if item.all_day:
        return datetime.datetime.combine(item.start, datetime.time.min, tzinfo=datetime.UTC)  # type: ignore[arg-type]
    return _utc(item.start)  # type: ignore[arg-type]


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
