"""The question about wishes and needs before each joint meeting (advisory/notifications/wishes.py): three weeks
before, to each participating organisation's coordinator, exactly once, not to those who already answered."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from advisory.notifications import scheduler
from advisory.notifications.models import OutboxMessage
from advisory.notifications.programme_calendar import activity_uid
from advisory.notifications.services import preference_update
from advisory.notifications.wishes import QUESTION_DAYS, wishes_questions_send
from advisory.programmes import group_records
from tests import factories

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def wish_keys() -> list[str]:
    return sorted(
        OutboxMessage.objects.filter(idempotency_key__startswith="wishes:").values_list("idempotency_key", flat=True)
    )


def test_each_coordinator_is_asked_once_three_weeks_before_a_joint_meeting(group, municipality, coordinator):
    others = list(group.organisations.exclude(pk=municipality.pk))
    other_coordinator = factories.coordinator_of(others[0])
    kickoff = group.activities.get(key="kickoff")  # 11 February 2027
    first_day = kickoff.starts_on - datetime.timedelta(days=QUESTION_DAYS)

    assert wishes_questions_send(at(first_day - datetime.timedelta(days=1))) == 0
    assert wishes_questions_send(at(first_day)) == 2  # Aarhus's and the other organisation's coordinators
    assert wishes_questions_send(at(first_day, 15)) == 0  # the job again the same day
    assert wishes_questions_send(at(first_day + datetime.timedelta(days=3))) == 0  # and days later
    uid = activity_uid(kickoff.pk)
    assert wish_keys() == sorted(
        [
            f"wishes:{uid}:{municipality.pk}:{coordinator.pk}",
            f"wishes:{uid}:{others[0].pk}:{other_coordinator.pk}",
        ]
    )
    mail = OutboxMessage.objects.get(to=coordinator.email)
    assert mail.subject == "Jeres ønsker og behov til Opstartsmøde – Gruppeforløb"
    assert f"/forloeb/{group.pk}/aktiviteter/kickoff/oensker/{municipality.pk}/" in mail.text_body
    assert "ønsker og behov" in mail.text_body


def test_an_organisation_that_answered_is_not_asked(group, municipality, coordinator):
    meeting = group.activities.get(key="reflection_meeting-1")
    group_records.meeting_wish_answer(activity=meeting, organisation=municipality, text="Bostøtte", by=coordinator)
    wishes_questions_send(at(meeting.starts_on - datetime.timedelta(days=QUESTION_DAYS)))
    assert not [key for key in wish_keys() if f"activity-{meeting.pk}@" in key]


def test_a_meeting_planned_late_is_asked_about_at_once_but_not_on_the_day(group, coordinator):
    kickoff = group.activities.get(key="kickoff")
    assert wishes_questions_send(at(kickoff.starts_on)) == 0  # the meeting has begun
    assert wishes_questions_send(at(kickoff.starts_on - datetime.timedelta(days=5))) == 1


def test_digest_people_get_the_question_too(group, coordinator):
    preference_update(user=coordinator, mail_mode="digest")
    kickoff = group.activities.get(key="kickoff")
    assert wishes_questions_send(at(kickoff.starts_on - datetime.timedelta(days=QUESTION_DAYS))) == 1


def test_only_joint_meetings_of_active_group_programmes(group, coordinator):
    group.status = "cancelled"
    group.save()
    kickoff = group.activities.get(key="kickoff")
    assert wishes_questions_send(at(kickoff.starts_on - datetime.timedelta(days=QUESTION_DAYS))) == 0


def test_the_job_is_registered_hourly():
    job = scheduler._jobs["meeting_wishes_questions"]
    assert (job.func, job.every) == (wishes_questions_send, datetime.timedelta(hours=1))
