"""Full-day meetings in calendars and mail (issue 14): a day from the start to the end time, saying "hel dag"."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from advisory.notifications import calendar_feeds
from advisory.notifications.invitations import invitation_send
from advisory.notifications.models import FeedKind
from advisory.notifications.programme_calendar import activity_event, activity_uid, organizer_for
from advisory.notifications.services import feed_token_issue

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def test_a_full_day_meeting_lasts_from_its_start_to_its_end_time_and_says_hel_dag(group, advisor):
    kickoff = group.activities.get(key="kickoff")
    event = activity_event(kickoff)
    assert event.start == datetime.datetime(2027, 2, 11, 9, 30, tzinfo=CPH)
    assert event.end == datetime.datetime(2027, 2, 11, 15, 0, tzinfo=CPH)
    assert "Hel dag: 09:30–15:00" in event.description

    feed = Calendar.from_ical(
        calendar_feeds.feed_build(feed_token_issue(owner=advisor, kind=FeedKind.PROGRAMME, target=group))
    )
    item = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == activity_uid(kickoff.pk))
    assert item["DTEND"].to_ical() == b"20270211T140000Z"  # 15:00 in Copenhagen, winter time
    assert "Hel dag: 09:30–15:00" in str(item["DESCRIPTION"])
    call = group.activities.filter(template_key="expectations_call").first()
    assert call is not None and "Hel dag" not in activity_event(call).description

    invitation = activity_event(kickoff, organizer=organizer_for(group))
    [message] = invitation_send(invitation, [("Tove Tovholder", "tove@example.dk")], "REQUEST")
    assert "Hel dag: 09:30–15:00" in message.text_body
    assert "09:30–15:00" in message.text_body.split("Hel dag")[0]  # the "when" line: from the start to the end
    assert "Hel dag: 09:30" in message.ical.replace("\r\n ", "")  # the .ics (lines folded at 75 octets)
