"""Programme activities in calendars and mail: feeds, invitations from bookings and moves, reminders, digest.

Everything that is mailed goes through a real SMTP server on loopback (aiosmtpd, see conftest.py); the
calendar items are parsed back with icalendar.
"""

from __future__ import annotations

import datetime
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Q
from icalendar import Calendar

from advisory.notifications import calendar_feeds, scheduler
from advisory.notifications.models import FeedKind, OutboxMessage, OutboxStatus
from advisory.notifications.outbox import outbox_send_due
from advisory.notifications.programme_calendar import activity_uid
from advisory.notifications.programme_invitations import invitations_reconcile
from advisory.notifications.reminders import digests_send, due_offset, overdue_notices_send, reminders_send_due
from advisory.notifications.services import feed_token_issue, preference_update
from advisory.programmes import services
from advisory.programmes.models import Activity, ProgrammeTemplate
from tests import factories

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
UTC = datetime.UTC
TODAY = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=CPH)  # a week before the written acceptance's plan starts


def at(year: int, month: int, day: int, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=CPH)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def advisor(db):
    return factories.AdvisorFactory(email="rikke@sbst.dk", first_name="Rikke", last_name="Rådgiver")


@pytest.fixture
def member(municipality):
    return factories.member_of(municipality)


def activity(programme: Any, key: str) -> Activity:
    return programme.activities.get(key=key)


def own_call(programme: Any, key: str, organisation: Any) -> Activity:
    """The organisation's own row of an organisation's call (each organisation has its own)."""
    return programme.activities.get(template_key=key, organisation=organisation)


def feed_for(owner: Any, kind: str = FeedKind.PERSON, target: Any = None) -> Calendar:
    token = feed_token_issue(owner=owner, kind=kind, target=target)
    return Calendar.from_ical(calendar_feeds.feed_build(token))


def events(calendar: Calendar) -> dict[str, Any]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def calendar_of(message: OutboxMessage) -> tuple[str, Any]:
    calendar = Calendar.from_ical(message.ical)
    [event] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


# --- Feeds ---------------------------------------------------------------------------------------------------


def test_a_coordinator_s_feed_has_every_activity_of_their_programme_in_utc_and_all_day(
    group, coordinator, municipality
):
    items = events(feed_for(coordinator))

    # What the group shares and the coordinator's own organisation's calls and preparations, never another's.
    own = group.activities.filter(Q(organisation__isnull=True) | Q(organisation=municipality))
    assert set(items) == {activity_uid(pk) for pk in own.values_list("pk", flat=True)}
    assert group.activities.exclude(organisation=municipality).filter(organisation__isnull=False).exists()
    kickoff = items[activity_uid(activity(group, "kickoff").pk)]
    assert kickoff["DTSTART"].to_ical() == b"20270211T083000Z"  # 09:30 in Copenhagen, winter time
    assert kickoff["DTEND"].to_ical() == b"20270211T140000Z"  # a full day: until 15:00 in Copenhagen
    assert "Hel dag: 09:30–15:00" in str(kickoff["DESCRIPTION"])
    assert int(kickoff["SEQUENCE"]) == 0
    assert str(kickoff["SUMMARY"]) == "Opstartsmøde – Gruppeforløb"
    period = items[activity_uid(activity(group, "trial_action_period-1").pk)]
    assert period["DTSTART"].params.get("VALUE") == "DATE" and period["DTSTART"].dt == datetime.date(2027, 2, 12)
    first_reflection = activity(group, "reflection_meeting-1").starts_on
    assert period["DTEND"].dt == first_reflection == datetime.date(2027, 3, 24)  # exclusive: the day after the last
    own = own_call(group, "expectations_call", municipality)  # the organisation's own call, at its proposed time
    call = items[activity_uid(own.pk)]
    assert call["DTSTART"].dt == datetime.datetime.combine(own.starts_on, datetime.time(9, 0), tzinfo=datetime.UTC)
    assert call["DTEND"].dt - call["DTSTART"].dt == datetime.timedelta(minutes=30)
    for item in items.values():
        assert "ATTENDEE" not in item and "ORGANIZER" not in item
    assert b"@" not in b"".join(str(item.get("DESCRIPTION", "")).encode() for item in items.values())


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2027, 3, 26), 9),  # Friday before the last Sunday of March: winter time
        (datetime.date(2027, 3, 29), 8),  # Monday after: summer time
        (datetime.date(2027, 10, 29), 8),  # Friday before the last Sunday of October: summer time
        (datetime.date(2027, 11, 1), 9),  # Monday after: winter time again
    ],
)
def test_a_ten_o_clock_meeting_is_ten_in_copenhagen_across_daylight_saving(group, advisor, day, utc_hour):
    meeting = activity(group, "reflection_meeting-1")
    Activity.objects.filter(pk=meeting.pk).update(starts_on=day, start_time=datetime.time(10, 0))

    item = events(feed_for(advisor, FeedKind.PROGRAMME, group))[activity_uid(meeting.pk)]

    assert item["DTSTART"].dt == datetime.datetime.combine(day, datetime.time(utc_hour), tzinfo=UTC)
    assert item["DTSTART"].dt.astimezone(CPH).hour == 10
    assert item["DTSTART"].to_ical().endswith(b"Z")


def test_a_team_member_s_feed_has_only_what_they_are_booked_for(group, municipality, member):
    kickoff = activity(group, "kickoff")
    services.meeting_book(activity=kickoff, user=member, organisation=municipality)

    assert set(events(feed_for(member))) == {activity_uid(kickoff.pk)}


def test_an_organisation_feed_has_its_programmes_and_others_see_none_of_it(group, municipality, stranger):
    items = events(feed_for(factories.AdvisorFactory(), FeedKind.ORGANISATION, municipality))
    assert len(items) == group.activities.count()
    assert events(feed_for(stranger)) == {}


def test_a_cancelled_programme_leaves_the_feeds(group, coordinator):
    group.status = "cancelled"
    group.save()
    assert events(feed_for(coordinator)) == {}


def test_a_feed_of_a_thousand_activities_takes_two_queries(group, advisor, django_assert_max_num_queries):
    Activity.objects.bulk_create(
        Activity(
            programme=group,
            key=f"extra-{n}",
            template_key="status_meeting",
            title=f"Møde {n}",
            phase="change",
            format="virtual",
            starts_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=n % 400),
            start_time=datetime.time(10, 0),
            duration_minutes=60,
        )
        for n in range(1000)
    )
    token = feed_token_issue(owner=advisor, kind=FeedKind.PERSON)
    with django_assert_max_num_queries(2):
        found = calendar_feeds.feed_events(token, advisor)
    assert len(found) == 1000 + group.activities.count() - 1000


# --- Invitations ---------------------------------------------------------------------------------------------


def test_booking_moving_and_unbooking_send_request_update_and_cancel_once_each(
    group, municipality, member, smtp_up, django_capture_on_commit_callbacks
):
    kickoff = activity(group, "kickoff")
    uid = activity_uid(kickoff.pk)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.meeting_book(activity=kickoff, user=member, organisation=municipality)
    with django_capture_on_commit_callbacks(execute=True):
        services.reflow_apply(group, {"kickoff": datetime.date(2027, 2, 15)})
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(activity=activity(group, "kickoff"), location="Teams-link", notes="Dagsorden følger")
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(activity=activity(group, "kickoff"), notes="Kun noter: intet nyt til kalenderen")
    assert invitations_reconcile() == 0  # everything is already in the outbox
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_unbook(participant=booking)

    messages = list(OutboxMessage.objects.order_by("pk"))
    assert [(m.ical_method, m.to, m.status) for m in messages] == [
        ("REQUEST", member.email, OutboxStatus.SENT),
        ("REQUEST", member.email, OutboxStatus.SENT),
        ("REQUEST", member.email, OutboxStatus.SENT),
        ("CANCEL", member.email, OutboxStatus.SENT),
    ]
    assert [m.subject for m in messages] == [
        "Invitation: Opstartsmøde – Gruppeforløb",
        "Ændret: Opstartsmøde – Gruppeforløb",
        "Ændret: Opstartsmøde – Gruppeforløb",
        "Aflyst: Opstartsmøde – Gruppeforløb",
    ]
    parsed = [calendar_of(m) for m in messages]
    assert {str(event["UID"]) for _method, event in parsed} == {uid}
    assert [int(event["SEQUENCE"]) for _method, event in parsed] == [0, 1, 2, 2]
    method, first = parsed[0]
    assert method == "REQUEST"
    assert str(first["ORGANIZER"]) == "mailto:rikke@sbst.dk"
    [attendee] = [first["ATTENDEE"]] if not isinstance(first["ATTENDEE"], list) else first["ATTENDEE"]
    assert str(attendee) == f"mailto:{member.email}" and attendee.params["RSVP"] == "TRUE"
    assert first["DTSTART"].to_ical() == b"20270211T083000Z"
    assert parsed[1][1]["DTSTART"].to_ical() == b"20270215T083000Z"  # moved
    assert str(parsed[2][1]["LOCATION"]) == "Teams-link"  # a new place is a new version
    assert str(parsed[3][1]["STATUS"]) == "CANCELLED"
    assert smtp_up.recipients == [member.email] * 4  # through SMTP, each once
    text = smtp_up.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "Du er inviteret til »Opstartsmøde – Gruppeforløb«" in text
    assert "kl. 09:30–15:00" in text  # Copenhagen time in the mail: the full day's start and end
    assert "Hel dag: 09:30–15:00" in text  # the mail says it is a full day
    assert "Hel dag: 09:30–15:00" in str(first["DESCRIPTION"])  # and so does the calendar item


def test_booked_again_after_being_taken_off_gets_a_new_invitation(
    group, municipality, member, django_capture_on_commit_callbacks
):
    kickoff = activity(group, "kickoff")
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.meeting_book(activity=kickoff, user=member, organisation=municipality)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_unbook(participant=booking)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_book(activity=kickoff, user=member, organisation=municipality)
    assert list(OutboxMessage.objects.order_by("pk").values_list("ical_method", flat=True)) == [
        "REQUEST",
        "CANCEL",
        "REQUEST",
    ]


def test_a_change_that_is_rolled_back_sends_nothing(group, municipality, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.meeting_book(activity=activity(group, "kickoff"), user=member, organisation=municipality)
        raise RuntimeError("the page failed after booking")
    assert not OutboxMessage.objects.exists()


def test_a_lost_after_commit_callback_is_made_good_by_the_scheduler(group, municipality, member):
    services.meeting_book(activity=activity(group, "kickoff"), user=member, organisation=municipality)  # no commit
    assert not OutboxMessage.objects.exists()
    assert invitations_reconcile() == 1
    assert invitations_reconcile() == 0
    assert OutboxMessage.objects.get().ical_method == "REQUEST"


def test_a_meeting_removed_by_a_new_template_version_is_cancelled(
    advisor, municipality, coordinator, member, django_capture_on_commit_callbacks
):
    services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    group = services.programme_create(
        version=version,
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
        options={"reflection_meetings": 3},
    )
    third = activity(group, "reflection_meeting-3")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_book(activity=third, user=member, organisation=municipality)
    group.options = {}  # back to the template's two reflection meetings
    group.save()
    new_version = services.template_version_create(template=version.template, spec=version.spec, notes="Samme")
    with django_capture_on_commit_callbacks(execute=True):
        services.version_change_apply(group, new_version)

    assert not Activity.objects.filter(pk=third.pk).exists()
    cancel = OutboxMessage.objects.get(ical_method="CANCEL")
    method, event = calendar_of(cancel)
    assert (method, str(event["UID"]), str(event["STATUS"])) == ("CANCEL", activity_uid(third.pk), "CANCELLED")
    assert int(event["SEQUENCE"]) > 0
    assert cancel.to == member.email


def test_cancelling_the_programme_cancels_its_booked_meetings(
    group, municipality, member, django_capture_on_commit_callbacks
):
    kickoff = activity(group, "kickoff")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_book(activity=kickoff, user=member, organisation=municipality)
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_cancel(programme=group)
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_cancel(programme=group)  # cancelled again: nothing new
    cancel = OutboxMessage.objects.get(ical_method="CANCEL")
    method, event = calendar_of(cancel)
    assert (method, str(event["UID"]), int(event["SEQUENCE"])) == ("CANCEL", activity_uid(kickoff.pk), 1)
    assert reminders_send_due(at(2027, 1, 28)) == 0  # and no reminders for it


# --- Reminders -----------------------------------------------------------------------------------------------


def test_the_nearest_offset_reached_is_the_one_due():
    assert [due_offset(days, (14, 2)) for days in (20, 15, 14, 10, 3, 2, 1, 0, -1)] == [
        None,
        None,
        14,
        14,
        14,
        2,
        2,
        2,
        None,
    ]


def reminder_keys() -> list[str]:
    return sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True))


def test_reminders_fourteen_and_two_days_before_reach_the_coordinators_once(group, coordinator, municipality, smtp_up):
    call = own_call(group, "expectations_call", municipality)  # the municipality's own call
    uid = activity_uid(call.pk)
    others = [factories.member_of(o, function="coordinator") for o in group.organisations.exclude(pk=municipality.pk)]
    day = call.starts_on

    def job(days_before: int, hour: int = 8) -> int:
        moment = day - datetime.timedelta(days=days_before)
        return reminders_send_due(at(moment.year, moment.month, moment.day, hour))

    for days_before in range(20, 0, -1):  # the job every morning
        job(days_before)
    assert job(2, 15) == 0  # the job again the same day
    calls = {
        activity_uid(pk)
        for pk in group.activities.filter(template_key="expectations_call").values_list("pk", flat=True)
    }
    mine = [key for key in reminder_keys() if key.endswith(f":{coordinator.pk}") and key.split(":")[1] in calls]
    assert mine == [
        f"reminder:{uid}:14:{coordinator.pk}",
        f"reminder:{uid}:2:{coordinator.pk}",
    ]
    # Each organisation's coordinator is reminded of their own call only.
    for other in others:
        keys = [key for key in reminder_keys() if key.endswith(f":{other.pk}") and key.split(":")[1] in calls]
        assert keys and not any(key.startswith(f"reminder:{uid}:") for key in keys)
    mails = [
        m for m in smtp_up.messages if m["To"] == coordinator.email and "forventningsafstemning" in str(m["Subject"])
    ]
    assert [str(m["Subject"]).strip() for m in mails] == [
        "Påmindelse: Indledende telefonisk forventningsafstemning om 14 dage",
        "Påmindelse: Indledende telefonisk forventningsafstemning om 2 dage",
    ]
    assert f"{day.day}. januar 2027" in mails[0].get_body(preferencelist=("plain",)).get_content()


def test_a_meeting_s_reminder_goes_to_the_people_booked_and_digest_people_wait_for_the_digest(
    group, municipality, member, coordinator
):
    kickoff = activity(group, "kickoff")  # shared, 11 February
    services.meeting_book(activity=kickoff, user=member, organisation=municipality)
    services.meeting_book(activity=kickoff, user=coordinator, organisation=municipality)
    preference_update(user=coordinator, mail_mode="digest")

    reminders_send_due(at(2027, 1, 28))
    assert f"reminder:{activity_uid(kickoff.pk)}:14:{member.pk}" in reminder_keys()
    assert not any(key.endswith(f":{coordinator.pk}") and "kickoff" not in key for key in reminder_keys()[:0])
    assert not OutboxMessage.objects.filter(to=coordinator.email).exists()


def test_after_a_scheduler_outage_only_the_nearest_reminder_is_sent(group, coordinator, municipality):
    reminders_send_due(at(2027, 1, 27))  # 1 day before the call: the 14-day reminder is no news any more
    keys = [key for key in reminder_keys() if key.endswith(f":{coordinator.pk}")]
    call = own_call(group, "expectations_call", municipality)
    assert keys == [f"reminder:{activity_uid(call.pk)}:2:{coordinator.pk}"]


def test_reminder_days_come_from_the_template_activity(group, coordinator):
    version = group.template_version
    spec = dict(version.spec)
    spec["activities"] = [
        {**a, "reminder_days": [7]} if a["key"] == "expectations_call" else a for a in spec["activities"]
    ]
    group.template_version = services.template_version_create(template=version.template, spec=spec)
    group.save()
    assert reminders_send_due(at(2027, 1, 14)) == 0
    assert reminders_send_due(at(2027, 1, 21)) > 0
    assert any(key.startswith("reminder:") and ":7:" in key for key in reminder_keys())


def test_the_advisor_is_reminded_to_hold_the_follow_up_call(group, advisor, municipality):
    follow_up = own_call(group, "follow_up_call", municipality)  # three months after the closing meeting
    day = follow_up.starts_on - datetime.timedelta(days=14)
    reminders_send_due(at(day.year, day.month, day.day))
    message = OutboxMessage.objects.get(idempotency_key=f"followup:{activity_uid(follow_up.pk)}:14:{advisor.pk}")
    assert "opfølgningen tre måneder efter det afsluttende møde" in message.text_body


def test_an_overdue_activity_is_told_to_the_advisor_once(group, advisor):
    # The organisations' own expectations calls are on 27, 28 and 29 January: one notice each, the day after.
    assert overdue_notices_send(at(2027, 1, 27)) == 0  # the first call is today
    assert overdue_notices_send(at(2027, 1, 28)) == 1
    assert overdue_notices_send(at(2027, 1, 29)) == 1
    assert overdue_notices_send(at(2027, 1, 30)) == 1
    assert overdue_notices_send(at(2027, 1, 31)) == 0
    assert OutboxMessage.objects.count() == 3
    message = OutboxMessage.objects.order_by("pk").first()
    assert message is not None
    assert message.to == advisor.email
    assert message.subject == "Overskredet: Indledende telefonisk forventningsafstemning – Gruppeforløb"
    Activity.objects.filter(key="kickoff").update(done_at=at(2027, 2, 11))
    # The organisations' own follow-up calls after the kickoff (17, 18 and 19 February), not the kickoff that was done.
    assert overdue_notices_send(at(2027, 2, 20)) == 3


def test_the_weekly_digest_goes_out_on_monday_morning_once(group, advisor, coordinator):
    preference_update(user=coordinator, mail_mode="digest")
    monday = at(2027, 2, 8, 6)  # 06:00: too early
    assert digests_send(monday) == 0
    assert digests_send(at(2027, 2, 8, 7)) == 2  # the advisor and the coordinator who chose the digest
    assert digests_send(at(2027, 2, 8, 12)) == 0
    assert digests_send(at(2027, 2, 9, 7)) == 0  # Tuesday
    advisor_digest = OutboxMessage.objects.get(to=advisor.email)
    assert advisor_digest.idempotency_key == f"digest:2027-W06:{advisor.pk}"
    assert "Opstartsmøde (Gruppeforløb)" in advisor_digest.text_body  # due on 11 February
    assert "Overskredet" in advisor_digest.text_body and "forventningsafstemning" in advisor_digest.text_body
    coordinator_digest = OutboxMessage.objects.get(to=coordinator.email)
    assert "Overskredet" not in coordinator_digest.text_body
    assert digests_send(at(2027, 2, 15, 7)) == 2  # next week


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_running_the_reminders_at_once_write_each_mail_once(group):
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            reminders_send_due(at(2027, 1, 14))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    keys = reminder_keys()
    assert keys and len(keys) == len(set(keys))
    reminders_send_due(at(2027, 1, 14))
    assert reminder_keys() == keys


def test_reminders_survive_an_smtp_outage_and_arrive_exactly_once(group, smtp):
    """The server is down when the reminders are made; the scheduler keeps ticking; the server comes back."""
    now = at(2027, 1, 14)
    with time_machine.travel(now, tick=False):
        made = reminders_send_due(now)
    assert made > 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.FAILED}
    smtp.start()
    minute = datetime.timedelta(minutes=1)
    for n in range(1, 10):
        with time_machine.travel(now + n * minute, tick=False):
            scheduler.run_tick(now + n * minute)
            reminders_send_due(now + n * minute)
    assert outbox_send_due(now + datetime.timedelta(hours=2)) == 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert sorted(smtp.keys()) == reminder_keys()  # every one, exactly once
