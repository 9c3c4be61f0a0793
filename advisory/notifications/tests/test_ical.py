"""Feeds and invitations parsed back with icalendar: UIDs, SEQUENCE, UTC times across DST, all-day periods."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from advisory.notifications.ical import CalendarEvent, Contact, build_feed, build_invitation

CPH = ZoneInfo("Europe/Copenhagen")
ADVISOR = Contact("Rikke Rådgiver", "rikke@sbst.dk")
COORDINATOR = Contact("Thomas Tovholder", "thomas@aarhus.dk")


def meeting(day: datetime.date, *, uid: str = "activity-1@raadgivning", sequence: int = 0) -> CalendarEvent:
    return CalendarEvent(
        uid=uid,
        sequence=sequence,
        summary="Refleksionsmøde 1",
        description="Tovholder og 3-5 fra implementeringsteamet.",
        start=datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=CPH),
        end=datetime.datetime.combine(day, datetime.time(15, 0), tzinfo=CPH),
        location="Aarhus Rådhus",
        url="https://raadgivning.example.dk/forloeb/1/",
        organizer=ADVISOR,
        attendees=(COORDINATOR,),
    )


def local_work(uid: str = "period-1@raadgivning") -> CalendarEvent:
    return CalendarEvent(
        uid=uid,
        summary="Lokale prøvehandlinger",
        start=datetime.date(2027, 3, 15),
        end=datetime.date(2027, 4, 9),
    )


def events_of(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


# Around the DST changes of 2027: summer time from 28 March, winter time from 31 October.
DST_DAYS = [
    (datetime.date(2027, 3, 26), datetime.datetime(2027, 3, 26, 8, 0, tzinfo=datetime.UTC)),  # CET, UTC+1
    (datetime.date(2027, 3, 29), datetime.datetime(2027, 3, 29, 7, 0, tzinfo=datetime.UTC)),  # CEST, UTC+2
    (datetime.date(2027, 10, 29), datetime.datetime(2027, 10, 29, 7, 0, tzinfo=datetime.UTC)),  # CEST
    (datetime.date(2027, 11, 1), datetime.datetime(2027, 11, 1, 8, 0, tzinfo=datetime.UTC)),  # CET
]


def test_a_feed_names_itself_and_writes_times_in_utc_that_are_nine_in_copenhagen_across_dst():
    feed = build_feed("Mine rådgivningsforløb", [meeting(day, uid=f"m{day}") for day, _utc in DST_DAYS])
    calendar = Calendar.from_ical(feed)

    assert str(calendar["X-WR-CALNAME"]) == "Mine rådgivningsforløb"
    assert str(calendar["VERSION"]) == "2.0"
    assert "METHOD" not in calendar
    starts = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
    assert starts == [utc for _day, utc in DST_DAYS]
    assert all(start.utcoffset() == datetime.timedelta(0) for start in starts)
    assert {start.astimezone(CPH).time() for start in starts} == {datetime.time(9, 0)}
    text = feed.decode()
    assert "DTSTART:20270326T080000Z" in text and "DTSTART:20270329T070000Z" in text
    assert "DTSTART:20271029T070000Z" in text and "DTSTART:20271101T080000Z" in text
    assert "VTIMEZONE" not in text


def test_a_local_work_period_is_an_all_day_item_with_an_exclusive_end():
    [event] = events_of(build_feed("Feed", [local_work()]))

    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == datetime.date(2027, 3, 15)
    assert event.decoded("DTEND") == datetime.date(2027, 4, 10)  # the day after the last day
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "DTSTART;VALUE=DATE:20270315" in build_feed("Feed", [local_work()]).decode()


def test_a_feed_carries_no_organiser_and_no_attendees_e_mail_addresses():
    feed = build_feed("Feed", [meeting(datetime.date(2027, 3, 26))])

    assert b"thomas@aarhus.dk" not in feed
    assert b"rikke@sbst.dk" not in feed
    [event] = events_of(feed)
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert str(event["LOCATION"]) == "Aarhus Rådhus"


def test_uids_are_stable_and_the_sequence_is_written_as_given():
    first = events_of(build_feed("Feed", [meeting(datetime.date(2027, 3, 26), sequence=0)]))[0]
    moved = events_of(build_feed("Feed", [meeting(datetime.date(2027, 3, 29), sequence=1)]))[0]

    assert str(first["UID"]) == str(moved["UID"]) == "activity-1@raadgivning"
    assert (first["SEQUENCE"], moved["SEQUENCE"]) == (0, 1)


def test_an_invitation_is_a_request_with_organiser_and_attendees_asked_to_answer():
    invitation = Calendar.from_ical(build_invitation(meeting(datetime.date(2027, 3, 29)), "REQUEST"))
    [event] = invitation.walk("VEVENT")

    assert str(invitation["METHOD"]) == "REQUEST"
    assert str(event["ORGANIZER"]) == "mailto:rikke@sbst.dk"
    assert event["ORGANIZER"].params["CN"] == "Rikke Rådgiver"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:thomas@aarhus.dk"
    assert attendee.params["RSVP"] == "TRUE"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["CN"] == "Thomas Tovholder"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == datetime.datetime(2027, 3, 29, 7, 0, tzinfo=datetime.UTC)


def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_cancels_it():
    original = meeting(datetime.date(2027, 3, 26), sequence=0)
    moved = meeting(datetime.date(2027, 3, 29), sequence=1)
    cancelled = meeting(datetime.date(2027, 3, 29), sequence=2)

    parsed = [
        Calendar.from_ical(build_invitation(original, "REQUEST")),
        Calendar.from_ical(build_invitation(moved, "REQUEST")),
        Calendar.from_ical(build_invitation(cancelled, "CANCEL")),
    ]
    events = [calendar.walk("VEVENT")[0] for calendar in parsed]
    assert {str(event["UID"]) for event in events} == {"activity-1@raadgivning"}
    assert [event["SEQUENCE"] for event in events] == [0, 1, 2]
    assert [str(calendar["METHOD"]) for calendar in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    assert str(events[2]["STATUS"]) == "CANCELLED"


def test_an_invitation_needs_an_organiser_and_a_known_method():
    event = local_work()
    with pytest.raises(ValueError, match="organizer"):
        build_invitation(event, "REQUEST")
    with pytest.raises(ValueError, match="method"):
        build_invitation(meeting(datetime.date(2027, 3, 26)), "PUBLISH")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.datetime(2027, 3, 26, 9, 0), datetime.datetime(2027, 3, 26, 10, 0), "timezone-aware"),
        (datetime.date(2027, 3, 26), datetime.datetime(2027, 3, 26, 10, 0, tzinfo=CPH), "both"),
        (datetime.date(2027, 3, 26), datetime.date(2027, 3, 25), "before"),
    ],
)
def test_a_calendar_item_refuses_naive_mixed_or_reversed_times(start, end, message):
    with pytest.raises(ValueError, match=message):
        CalendarEvent(uid="x", summary="x", start=start, end=end)


def test_attendees_given_as_plain_pairs_become_contacts():
    event = CalendarEvent(
        uid="x",
        summary="x",
        start=datetime.date(2027, 3, 1),
        end=datetime.date(2027, 3, 1),
        organizer=("Rikke", "rikke@sbst.dk"),
        attendees=[("Thomas", "thomas@aarhus.dk")],
    )
    assert event.attendees == (Contact("Thomas", "thomas@aarhus.dk"),)
    assert event.organizer == Contact("Rikke", "rikke@sbst.dk")
