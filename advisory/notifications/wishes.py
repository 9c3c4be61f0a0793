"""The question about wishes and needs before each joint meeting of a group programme (seed 003: the advisory
function designs the meetings "med udgangspunkt i deltagernes ønsker og behov").

Job ``meeting_wishes_questions`` (hourly, registered in apps.py): ``QUESTION_DAYS`` days before each joint meeting
(the kickoff, the reflection meetings, the closing meeting) that is not done, the coordinator of each participating
organisation that has not answered yet gets one mail asking for the organisation's wishes and needs, with a link
to the answer page (advisory/programmes/views_group.py). A meeting planned closer than that is asked about at once,
until the day before it. It is a question to answer, not a reminder: it is sent also to those who chose the weekly
digest.

Exactly once: the outbox key ``wishes:<activity uid>:<organisation id>:<user id>``, which the database keeps
unique, so a job run twice, or by two schedulers at once, writes each mail once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from advisory.notifications.programme_calendar import activity_uid
from advisory.notifications.reminders import ACTIVE_PROGRAMME, _send_all
from advisory.organisations.models import Membership, MembershipFunction
from advisory.programmes.group_records import JOINT_FORMATS
from advisory.programmes.models import Activity, ActivityScope, MeetingWish, ProgrammeKind, ProgrammeOrganisation

QUESTION_DAYS = 21  # three weeks before the meeting


def _due_meetings(today: datetime.date) -> list[Activity]:
    return list(
        Activity.objects.filter(
            programme__kind=ProgrammeKind.GROUP,
            programme__status__in=ACTIVE_PROGRAMME,
            scope=ActivityScope.SHARED,
            format__in=JOINT_FORMATS,
            done_at__isnull=True,
            starts_on__gt=today,
            starts_on__lte=today + datetime.timedelta(days=QUESTION_DAYS),
        )
        .select_related("programme")
        .order_by("starts_on", "pk")
    )


def wishes_questions_send(now: datetime.datetime | None = None) -> int:
    """Ask the coordinators for their organisation's wishes and needs before each joint meeting (see the module's
    docstring); returns how many new mails."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    meetings = _due_meetings(today)
    if not meetings:
        return 0
    answered = set(
        MeetingWish.objects.filter(activity__in=meetings).values_list("activity_id", "organisation_id").order_by()
    )
    by_programme: dict[int, list[int]] = {}
    participations = ProgrammeOrganisation.objects.filter(programme_id__in={m.programme_id for m in meetings})
    for programme_id, organisation_id in participations.values_list("programme_id", "organisation_id").order_by():
        by_programme.setdefault(programme_id, []).append(organisation_id)
    people = _coordinator_memberships({o for orgs in by_programme.values() for o in orgs})
    mails: list[dict[str, Any]] = []
    for meeting in meetings:
        for organisation_id in sorted(by_programme.get(meeting.programme_id, ())):
            if (meeting.pk, organisation_id) in answered:
                continue
            for membership in people.get(organisation_id, []):
                mails.append(_mail(meeting, membership))
    return _send_all(mails)


def _coordinator_memberships(organisation_ids: set[int]) -> dict[int, list[Membership]]:
    result: dict[int, list[Membership]] = {}
    rows = (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, function=MembershipFunction.COORDINATOR, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("organisation_id", "user_id")
    )
    for membership in rows:
        result.setdefault(membership.organisation_id, []).append(membership)
    return result


def _mail(meeting: Activity, membership: Membership) -> dict[str, Any]:
    path = reverse("programmes:wish_edit", args=[meeting.programme_id, meeting.key, membership.organisation_id])
    with translation.override("da"):
        subject = gettext("Your wishes and needs for %(title)s – %(programme)s") % {
            "title": meeting.title,
            "programme": meeting.programme.title,
        }
    return {
        "user": membership.user,
        "template": "wishes_question",
        "subject": subject,
        "key": f"wishes:{activity_uid(meeting.pk)}:{membership.organisation_id}:{membership.user_id}",
        "context": {
            "activity": meeting,
            "programme": meeting.programme,
            "organisation": membership.organisation,
            "url": f"{settings.SITE_URL.rstrip('/')}{path}",
        },
    }
