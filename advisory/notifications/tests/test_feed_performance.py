"""The fast feed (issue #8): the hand-written VEVENTs are icalendar's bytes, and the cached feed follows the data."""

from __future__ import annotations

import datetime
import random
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from advisory.notifications import calendar_feeds
from advisory.notifications.calendar_feeds import feed_path
from advisory.notifications.ical import CalendarEvent, _event, _feed_calendar, _sort_key, build_feed
from advisory.notifications.models import FeedKind
from advisory.notifications.services import feed_token_issue, feed_token_revoke
from advisory.programmes import services
from advisory.programmes.models import Activity
from tests.factories import RegionFactory

CPH = ZoneInfo("Europe/Copenhagen")
STAMP = datetime.datetime(2027, 3, 1, 12, 30, 15, 123456, tzinfo=datetime.UTC)


def icalendar_feed(name: str, events: list[CalendarEvent], now: datetime.datetime) -> bytes:
    """The feed as icalendar alone writes it (how build_feed wrote it before issue #8)."""
    calendar = _feed_calendar(name)
    for item in sorted(events, key=lambda item: (_sort_key(item), item.uid)):
        calendar.add_component(_event(item, now, with_people=False))
    return calendar.to_ical()


def dst_sample() -> list[CalendarEvent]:
    """Meetings on both sides of the 2027 changes, across the night of one, periods, and awkward texts."""
    long_title = "Refleksionsmøde 2 – Gruppeforløb Forår 2027: Herberget Engly, Botilbuddet Mariehjemmet m.fl."
    items = [
        CalendarEvent(
            uid=f"programme-activity-{n}@raadgivning.example.dk",
            summary=long_title if n % 2 else f"Møde {n}; status, plan og opfølgning",
            start=datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=CPH),
            end=datetime.datetime.combine(day, datetime.time(15, 30), tzinfo=CPH),
            sequence=n,
            description="Forløb: Gruppeforløb Forår 2027: Herberget Engly, Botilbuddet Mariehjemmet\nForm: Fysisk",
            location="Aarhus Rådhus, lokale 3; indgang C \\ bagdøren" if n % 3 else "",
            url=f"https://raadgivning.example.dk/forloeb/{n}/",
        )
        for n, day in enumerate(
            [datetime.date(2027, 3, 26), datetime.date(2027, 3, 29), datetime.date(2027, 10, 29)], start=1
        )
    ]
    items.append(  # across the night summer time ends: 01:30 CEST to 02:30 CET is two hours
        CalendarEvent(
            uid="programme-activity-90@raadgivning.example.dk",
            summary="Nattevagt",
            start=datetime.datetime(2027, 10, 30, 23, 30, tzinfo=datetime.UTC),
            end=datetime.datetime(2027, 10, 31, 1, 30, tzinfo=datetime.UTC),
            status="CANCELLED",
        )
    )
    items.append(
        CalendarEvent(
            uid="programme-activity-91@raadgivning.example.dk",
            summary="Lokale prøvehandlinger 1 – æøå ÆØÅ " * 4,
            start=datetime.date(2027, 3, 15),
            end=datetime.date(2027, 4, 9),
            description="Første linje\r\nanden linje\rtredje, med komma",
        )
    )
    return items


def test_the_feed_is_byte_for_byte_what_icalendar_writes_across_daylight_saving():
    events = dst_sample()
    ours = build_feed("Mine rådgivningsforløb", events, now=STAMP)

    assert ours == icalendar_feed("Mine rådgivningsforløb", events, STAMP)
    parsed = Calendar.from_ical(ours)
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in parsed.walk("VEVENT")}
    assert starts["programme-activity-1@raadgivning.example.dk"] == datetime.datetime(
        2027, 3, 26, 8, 0, tzinfo=datetime.UTC
    )
    assert starts["programme-activity-2@raadgivning.example.dk"] == datetime.datetime(
        2027, 3, 29, 7, 0, tzinfo=datetime.UTC
    )
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))


@pytest.mark.parametrize("seed", range(20))
def test_random_texts_escape_and_fold_as_icalendar_does(seed):
    """Backslashes, semicolons, commas, line breaks and two- and three-byte characters at every fold position.

    (Not "\\N": icalendar reads a written backslash-N as a line break; we escape the backslash, as RFC 5545 says.)
    """
    rng = random.Random(seed)
    alphabet = "abc XYZ 019 æøå ÆØÅ – € \\ ; , \n \r : ^ \" ' / é"

    def text() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 200)))

    events = [
        CalendarEvent(
            uid=f"u{n}-{text()[:20]}",
            summary=text(),
            description=text(),
            location=text(),
            start=datetime.date(2027, 1, 1) + datetime.timedelta(days=n),
            end=datetime.date(2027, 1, 1) + datetime.timedelta(days=n + rng.randrange(0, 30)),
            sequence=rng.randrange(0, 5),
            url=f"https://example.dk/{'x' * rng.randrange(0, 120)}",
        )
        for n in range(15)
    ]
    name = "Feed, med; navn"
    ours = build_feed(name, events, now=STAMP)
    assert ours == icalendar_feed(name, events, STAMP)
    for ours_event, event in zip(Calendar.from_ical(ours).walk("VEVENT"), sorted(events, key=_key), strict=True):
        assert str(ours_event["SUMMARY"]) == event.summary.replace("\r\n", "\n").replace("\r", "\n")


def _key(item: CalendarEvent) -> tuple[Any, str]:
    return (_sort_key(item), item.uid)


# --- The cache ------------------------------------------------------------------------------------------------


def fetch(path: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content, len(captured)


def uid_of(activity: Activity) -> bytes:
    return f"programme-activity-{activity.pk}@".encode()


def event_text(body: bytes, activity: Activity) -> bytes:
    start = body.index(uid_of(activity))
    return body[body.rindex(b"BEGIN:VEVENT", 0, start) : body.index(b"END:VEVENT", start)]


@pytest.fixture
def builds(monkeypatch):
    """How many times a feed was built (not served from the cache)."""
    made: list[str] = []

    def counted(name: str, events: Any, **kwargs: Any) -> bytes:
        made.append(name)
        return build_feed(name, events, **kwargs)

    monkeypatch.setattr(calendar_feeds, "build_feed", counted)
    return made


def test_a_new_sequence_of_an_activity_is_in_the_next_fetch(group, coordinator, builds):
    cache.clear()
    path = feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))
    built, _queries = fetch(path)
    again, _queries = fetch(path)
    assert again == built
    assert len(builds) == 1  # the second fetch was served from the cache

    meeting = group.activities.get(key="kickoff")
    services.activity_update(activity=meeting, start_time=datetime.time(13, 0))  # a new time: a new SEQUENCE
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    changed, _queries = fetch(path)

    assert len(builds) == 2
    assert b"SEQUENCE:1" in event_text(changed, meeting)
    assert b"SEQUENCE:0" in event_text(built, meeting)
    events = Calendar.from_ical(changed).walk("VEVENT")
    [event] = [e for e in events if str(e["UID"]).encode().startswith(uid_of(meeting))]
    assert event.decoded("DTSTART").astimezone(CPH).time() == datetime.time(13, 0)


def test_any_change_of_what_the_feed_shows_is_in_the_next_fetch(group, coordinator, municipality, builds):
    """Not only SEQUENCE: a title or place written past the services, a programme renamed, a programme left."""
    cache.clear()
    path = feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))
    first, _ = fetch(path)
    meeting = group.activities.get(key="kickoff")
    Activity.objects.filter(pk=meeting.pk).update(location="Video (nyt link)")
    second, _ = fetch(path)
    assert b"Video (nyt link)" in second and second != first

    group.title = "Gruppeforløb Efterår"
    group.save()
    third, _ = fetch(path)
    assert "Gruppeforløb Efterår".encode() in third

    group.participations.filter(organisation=municipality).delete()
    fourth, _ = fetch(path)
    assert b"BEGIN:VEVENT" not in fourth
    assert len(builds) == 4


def test_a_cached_feed_closes_with_its_address(group, coordinator):
    cache.clear()
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)
    path = feed_path(token)
    fetch(path)
    fetch(path)
    feed_token_revoke(token=token)
    assert Client().get(path).status_code == 404


def test_every_fetch_of_a_feed_that_cannot_be_fingerprinted_is_built(coordinator):
    from advisory.notifications.calendar_feeds import register_event_source, unregister_event_source

    calls = []

    def source(owner: Any, target: Any) -> list[CalendarEvent]:
        calls.append(1)
        return []

    register_event_source(source, kind=FeedKind.PERSON)
    try:
        path = feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))
        fetch(path)
        fetch(path)
    finally:
        unregister_event_source(source, kind=FeedKind.PERSON)
    assert len(calls) == 2


def test_an_unchanged_feed_is_served_on_the_data_version_and_built_again_after_a_write_elsewhere(
    group, coordinator, builds
):
    """While no domain table is written, a fetch reads the address and the data version, not the feed's rows;
    after a write anywhere the feed is built again from its rows, with the same bytes when they are unchanged
    (the items come from what the process kept of those rows)."""
    cache.clear()
    path = feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))
    built, _ = fetch(path)
    with CaptureQueriesContext(connection) as captured:
        again = Client().get(path).content
    assert again == built
    assert not [q for q in captured.captured_queries if "programmes_activity" in q["sql"]]
    assert [q for q in captured.captured_queries if "core_data_version" in q["sql"]]
    assert len(builds) == 1

    RegionFactory(code="ELSE", name="Et andet sted")  # a write that the feed does not show
    with CaptureQueriesContext(connection) as captured:
        third = Client().get(path).content
    assert [q for q in captured.captured_queries if "programmes_activity" in q["sql"]]  # the rows read again
    assert len(builds) == 2
    stamp = re.compile(rb"DTSTAMP:\d{8}T\d{6}Z")
    assert stamp.sub(b"", third) == stamp.sub(b"", built)
