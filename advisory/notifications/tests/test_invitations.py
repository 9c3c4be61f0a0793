"""Invitations by e-mail through the SMTP server: one Danish mail per person with the item attached, once."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from advisory.notifications.ical import CalendarEvent, Contact
from advisory.notifications.invitations import invitation_send
from advisory.notifications.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
ADVISOR = Contact("Rikke Rådgiver", "rikke@sbst.dk")
THOMAS = Contact("Thomas Tovholder", "Thomas@Aarhus.dk")
METTE = Contact("Mette Medarbejder", "mette@aarhus.dk")


def kickoff(*, day: int = 29, sequence: int = 0) -> CalendarEvent:
    return CalendarEvent(
        uid="programme-7-kickoff@raadgivning",
        sequence=sequence,
        summary="Opstartsmøde",
        description="Virtuelt heldagsmøde for ledere og medarbejdere.",
        start=datetime.datetime(2027, 3, day, 9, 0, tzinfo=CPH),
        end=datetime.datetime(2027, 3, day, 15, 0, tzinfo=CPH),
        location="Teams",
        url="https://raadgivning.example.dk/forloeb/7/",
        organizer=ADVISOR,
    )


def calendar_part(message):
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def test_each_participant_gets_a_danish_invitation_with_the_meeting_attached(smtp_up):
    invitation_send(kickoff(), [THOMAS, METTE], "REQUEST")

    assert sorted(smtp_up.recipients) == ["mette@aarhus.dk", "thomas@aarhus.dk"]
    by_recipient = {str(message["To"]): message for message in smtp_up.messages}
    message = by_recipient["thomas@aarhus.dk"]
    assert message["Subject"] == "Invitation: Opstartsmøde"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Kære Thomas Tovholder" in text
    assert "Du er inviteret til »Opstartsmøde«" in text
    assert "mandag 29. marts 2027 kl. 09:00–15:00" in text  # Copenhagen time
    assert "Teams" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Du er inviteret til »Opstartsmøde«" in html

    part = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(part.get_content())
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert [str(attendee) for attendee in [event["ATTENDEE"]]] == ["mailto:thomas@aarhus.dk"]  # only themselves
    assert str(event["ORGANIZER"]) == "mailto:rikke@sbst.dk"
    attachments = [part.get_filename() for part in message.iter_attachments()]
    assert attachments == ["invite.ics"]


def test_sending_the_same_version_again_sends_nothing_and_a_move_sends_an_update(smtp_up):
    invitation_send(kickoff(), [THOMAS], "REQUEST")
    invitation_send(kickoff(), [THOMAS], "REQUEST")  # e.g. the booking saved twice
    invitation_send(kickoff(day=30, sequence=1), [THOMAS], "REQUEST")

    subjects = [str(message["Subject"]) for message in smtp_up.messages]
    assert subjects == ["Invitation: Opstartsmøde", "Ændret: Opstartsmøde"]
    events = [Calendar.from_ical(calendar_part(m).get_content()).walk("VEVENT")[0] for m in smtp_up.messages]
    assert {str(event["UID"]) for event in events} == {"programme-7-kickoff@raadgivning"}
    assert [event["SEQUENCE"] for event in events] == [0, 1]
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2
    assert set(OutboxMessage.objects.values_list("idempotency_key", flat=True)) == {
        "invite:programme-7-kickoff@raadgivning:0:REQUEST:thomas@aarhus.dk",
        "invite:programme-7-kickoff@raadgivning:1:REQUEST:thomas@aarhus.dk",
    }


def test_a_cancellation_has_method_cancel_and_the_same_uid(smtp_up):
    invitation_send(kickoff(sequence=2), [METTE], "CANCEL")

    [message] = smtp_up.messages
    assert message["Subject"] == "Aflyst: Opstartsmøde"
    part = calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    calendar = Calendar.from_ical(part.get_content())
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == "programme-7-kickoff@raadgivning"
    assert event["SEQUENCE"] == 2
    assert "er aflyst" in message.get_body(preferencelist=("plain",)).get_content()
    assert [part.get_filename() for part in message.iter_attachments()] == ["cancel.ics"]


def test_a_person_named_twice_gets_one_mail():
    messages = invitation_send(kickoff(), [THOMAS, Contact("T. Tovholder", "thomas@aarhus.dk")], "REQUEST")
    assert len(messages) == 1
