"""Reminders, overdue notices, the follow-up call and the weekly digest: the scheduler's programme jobs.

Jobs (registered in apps.py; each is ``func(now) -> int``, the number of new mails):

- ``programme_reminders`` (hourly): before every activity that is not done, at the template activity's
  ``reminder_days`` (default 14 and 2 days before), to the people responsible: those booked for it, and the
  coordinators of the participating organisations when it is per organisation or nobody is booked yet – for an
  organisation's own call or preparation (``Activity.organisation``), that organisation's coordinators only.
  The follow-up call three months after the closing meeting (``follow_up_call``) also reminds the
  programme's advisors to hold it. When the scheduler has been down, only the nearest offset that has
  been reached is sent (not the 14-day reminder two days before).
- ``programme_overdue`` (hourly): one notice per activity and advisor when the activity's (last) day has
  passed and it is not marked done (activities overdue for at most ``OVERDUE_LOOKBACK``).
- ``advisor_digest`` (hourly, acts on Monday from 07:00 Copenhagen time, once a week): to every advisor
  of a planned or running programme, what is due in the next 14 days and what is overdue; and to anyone who
  chose the digest, what is due in their own calendar.

People who chose the digest (NotificationPreference) get reminders and overdue notices only in the digest.
Advisors get no per-activity reminders (they have the digest), except for the follow-up call.

Nothing twice: every mail has an outbox key, ``reminder:<uid>:<days>:<user id>``,
``followup:<uid>:<days>:<user id>``, ``overdue:<uid>:<user id>``, ``digest:<ISO year>-W<week>:<user id>``,
which the database keeps unique, so a job run twice, or by two schedulers at once, writes each mail once.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from advisory.accounts.models import User
from advisory.notifications.models import MailMode, OutboxMessage
from advisory.notifications.outbox import LOCK_RETRIES, outbox_enqueue
from advisory.notifications.programme_calendar import activity_event, activity_uid, person_activities
from advisory.notifications.selectors import mail_modes_for
from advisory.organisations.models import Membership, MembershipFunction
from advisory.programmes.models import Activity, ActivityScope, Programme, ProgrammeStatus

DEFAULT_REMINDER_DAYS = (14, 2)
FOLLOW_UP_KEY = "follow_up_call"
OVERDUE_LOOKBACK = datetime.timedelta(days=60)
DIGEST_HORIZON = datetime.timedelta(days=14)
DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 7  # Copenhagen time
ACTIVE_PROGRAMME = (ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING)


# --- Rules ---------------------------------------------------------------------------------------------------


def reminder_days(activity: Activity, cache: dict[int, dict[str, tuple[int, ...]]] | None = None) -> tuple[int, ...]:
    """The template activity's reminder offsets in days (largest first); the defaults when none are set."""
    cache = {} if cache is None else cache
    version = activity.programme.template_version
    if version.pk not in cache:
        try:
            specs = version.engine_template().activities
            cache[version.pk] = {spec.key: tuple(spec.reminder_days) for spec in specs}
        except (KeyError, TypeError, ValueError):
            cache[version.pk] = {}
    raw = cache[version.pk].get(activity.template_key, DEFAULT_REMINDER_DAYS)
    days = set()
    for value in raw:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number <= 365:
            days.add(number)
    return tuple(sorted(days, reverse=True))


def due_offset(days_left: int, offsets: Iterable[int]) -> int | None:
    """The nearest offset reached with ``days_left`` days to go (None before the first, or when it is past)."""
    if days_left < 0:
        return None
    reached = [offset for offset in offsets if days_left <= offset]
    return min(reached) if reached else None


def _last_day(activity: Activity) -> datetime.date:
    return activity.ends_on or activity.starts_on


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


# --- Mail ----------------------------------------------------------------------------------------------------


def _enqueue(*, user: User, template: str, subject: str, key: str, context: dict[str, Any]) -> None:
    """Render in Danish and put in the outbox (a known key: nothing happens)."""
    with translation.override("da"):
        context = {"site_url": settings.SITE_URL, "recipient": user, **context}
        text = render_to_string(f"notifications/mail/{template}.txt", context)
        html = render_to_string(f"notifications/mail/{template}.html", context)
    outbox_enqueue(to=user.email, subject=str(subject), text=text, html=html, key=key)


@dataclass
class _Counter:
    new: int = 0
    keys: set[str] = field(default_factory=set)

    def know(self, keys: Iterable[str]) -> None:
        """The keys among these already in the outbox (one query per 500), so _send skips them at once."""
        keys = list(dict.fromkeys(keys))
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            self.keys.update(
                OutboxMessage.objects.filter(idempotency_key__in=chunk).values_list("idempotency_key", flat=True)
            )


def _send_all(mails: list[dict[str, Any]]) -> int:
    """Send the job's mails (keyword arguments of _enqueue); how many were new."""
    counter = _Counter()
    counter.know(mail["key"] for mail in mails)
    for mail in mails:
        _send(counter, **mail)
    return counter.new


def _send(counter: _Counter, **kwargs: Any) -> None:
    """Enqueue unless the key is known (checked first so that nothing is rendered for a mail already made;
    the unique key in outbox_enqueue is what holds when two schedulers get here at once). A database
    briefly locked by the other scheduler (SQLite) is waited for, as in outbox._update."""
    key = kwargs["key"]
    if key in counter.keys:
        return
    for attempt in range(LOCK_RETRIES):
        try:
            if OutboxMessage.objects.filter(idempotency_key=key).exists():
                counter.keys.add(key)
                return
            _enqueue(**kwargs)
            break
        except OperationalError:
            if connection.in_atomic_block or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    counter.keys.add(key)
    counter.new += 1


def _activities(now: datetime.datetime) -> QuerySet[Activity]:
    return Activity.objects.filter(done_at__isnull=True, programme__status__in=ACTIVE_PROGRAMME).select_related(
        "programme", "programme__template_version"
    )


def _coordinators(programme_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active coordinators of each programme's participating organisations (one query)."""
    rows = (
        Membership.objects.filter(
            function=MembershipFunction.COORDINATOR,
            user__is_active=True,
            organisation__participations__programme_id__in=list(programme_ids),
        )
        .select_related("user")
        .values_list("organisation__participations__programme_id", "user_id")
    )
    pairs = list(rows)
    users = User.objects.in_bulk({user_id for _programme, user_id in pairs})
    result: dict[int, list[User]] = defaultdict(list)
    for programme_id, user_id in pairs:
        if users[user_id] not in result[programme_id]:
            result[programme_id].append(users[user_id])
    return result


def _organisation_coordinators(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active coordinators of each organisation (one query)."""
    result: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        organisation_id__in=list(organisation_ids), function=MembershipFunction.COORDINATOR, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        result[membership.organisation_id].append(membership.user)
    return result


def _advisors(programme_ids: Iterable[int]) -> dict[int, list[User]]:
    through = Programme.advisors.through.objects.filter(programme_id__in=list(programme_ids), user__is_active=True)
    result: dict[int, list[User]] = defaultdict(list)
    for row in through.select_related("user"):
        result[row.programme_id].append(row.user)
    return result


def _immediate(users: Iterable[User], modes: dict[int, str]) -> list[User]:
    """Those with an address who did not choose the digest (``modes``: mail_modes_for, read once per job)."""
    return [user for user in users if user.email and modes[user.pk] != MailMode.DIGEST]


# --- Jobs ----------------------------------------------------------------------------------------------------


def reminders_send_due(now: datetime.datetime | None = None) -> int:
    """Reminders that have become due (see the module's docstring); returns how many new mails."""
    now = now or timezone.now()
    today = _today(now)
    activities = list(
        _activities(now)
        .filter(starts_on__gte=today, starts_on__lte=today + datetime.timedelta(days=366))
        .prefetch_related("participants__user")
    )
    cache: dict[int, dict[str, tuple[int, ...]]] = {}
    due: list[tuple[Activity, int]] = []
    for activity in activities:
        offset = due_offset((activity.starts_on - today).days, reminder_days(activity, cache))
        if offset is not None:
            due.append((activity, offset))
    programme_ids = {activity.programme_id for activity, _offset in due}
    coordinators = _coordinators(programme_ids)
    own_coordinators = _organisation_coordinators({a.organisation_id for a, _offset in due if a.organisation_id})
    advisors = _advisors(programme_ids)
    recipients: list[tuple[Activity, int, list[User]]] = []
    for activity, offset in due:
        booked = [p.user for p in activity.participants.all() if p.user.is_active]
        people = list(booked)
        if activity.organisation_id is not None:  # an organisation's own: never another organisation's coordinator
            people += [user for user in own_coordinators[activity.organisation_id] if user not in people]
        elif activity.scope == ActivityScope.PER_ORGANISATION or not booked:
            people += [user for user in coordinators[activity.programme_id] if user not in people]
        recipients.append((activity, offset, people))
    modes = mail_modes_for(
        {user.pk for _activity, _offset, people in recipients for user in people}
        | {user.pk for people in advisors.values() for user in people}
    )
    mails: list[dict[str, Any]] = []
    for activity, offset, people in recipients:
        event = activity_event(activity)
        context = {"activity": activity, "programme": activity.programme, "event": event, "days": offset}
        for user in _immediate(people, modes):
            mails.append(
                {
                    "user": user,
                    "template": "reminder",
                    "subject": _reminder_subject(activity, offset),
                    "key": f"reminder:{event.uid}:{offset}:{user.pk}",
                    "context": {**context, "follow_up": False},
                }
            )
        if activity.template_key == FOLLOW_UP_KEY:
            for user in _immediate(advisors[activity.programme_id], modes):
                mails.append(
                    {
                        "user": user,
                        "template": "reminder",
                        "subject": _reminder_subject(activity, offset),
                        "key": f"followup:{event.uid}:{offset}:{user.pk}",
                        "context": {**context, "follow_up": True},
                    }
                )
    return _send_all(mails)


def _reminder_subject(activity: Activity, days: int) -> str:
    with translation.override("da"):
        return ngettext("Reminder: %(title)s in %(days)s day", "Reminder: %(title)s in %(days)s days", days) % {
            "title": activity.title,
            "days": days,
        }


def overdue_notices_send(now: datetime.datetime | None = None) -> int:
    """One notice per overdue activity to each responsible advisor (unless they chose the digest)."""
    now = now or timezone.now()
    today = _today(now)
    overdue = list(
        _activities(now)
        .filter(
            Q(ends_on__isnull=True, starts_on__lt=today, starts_on__gte=today - OVERDUE_LOOKBACK)
            | Q(ends_on__lt=today, ends_on__gte=today - OVERDUE_LOOKBACK)
        )
        .order_by("starts_on", "pk")
    )
    advisors = _advisors({activity.programme_id for activity in overdue})
    modes = mail_modes_for({user.pk for people in advisors.values() for user in people})
    mails: list[dict[str, Any]] = []
    for activity in overdue:
        for user in _immediate(advisors[activity.programme_id], modes):
            with translation.override("da"):
                subject = gettext("Overdue: %(title)s – %(programme)s") % {
                    "title": activity.title,
                    "programme": activity.programme.title,
                }
            mails.append(
                {
                    "user": user,
                    "template": "overdue",
                    "subject": subject,
                    "key": f"overdue:{activity_uid(activity.pk)}:{user.pk}",
                    "context": {
                        "activity": activity,
                        "programme": activity.programme,
                        "event": activity_event(activity),
                    },
                }
            )
    return _send_all(mails)


@dataclass(frozen=True)
class DigestContent:
    due: list[Activity]
    overdue: list[Activity]

    def __bool__(self) -> bool:
        return bool(self.due or self.overdue)


def digest_for(user: User, today: datetime.date) -> DigestContent:
    """What one person's weekly digest holds: due in the next 14 days, and (for advisors) what is overdue."""
    base = person_activities(user).filter(done_at__isnull=True, programme__status__in=ACTIVE_PROGRAMME)
    due = list(base.filter(starts_on__gte=today, starts_on__lte=today + DIGEST_HORIZON))
    advised = Programme.advisors.through.objects.filter(user_id=user.pk).values("programme_id")
    overdue = list(
        base.filter(programme_id__in=advised).filter(
            Q(ends_on__isnull=True, starts_on__lt=today) | Q(ends_on__lt=today)
        )
    )
    return DigestContent(due=due, overdue=overdue)


def digest_recipients() -> list[User]:
    """Advisors of planned and running programmes, and everyone who chose the digest."""
    advisors = Programme.advisors.through.objects.filter(programme__status__in=ACTIVE_PROGRAMME).values("user_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=advisors) | Q(notification_preference__mail_mode=MailMode.DIGEST))
        .exclude(email="")
        .order_by("pk")
    )


def digest_due(now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    return local.weekday() == DIGEST_WEEKDAY and local.hour >= DIGEST_HOUR


def digests_send(now: datetime.datetime | None = None, *, force: bool = False) -> int:
    """The weekly digest (Monday from 07:00; ``force`` for any day, e.g. from a shell); once per ISO week."""
    now = now or timezone.now()
    if not (force or digest_due(now)):
        return 0
    today = _today(now)
    year, week, _weekday = today.isocalendar()
    counter = _Counter()
    for user in digest_recipients():
        content = digest_for(user, today)
        if not content:
            continue
        with translation.override("da"):
            subject = gettext("Your week: %(due)s due, %(overdue)s overdue") % {
                "due": len(content.due),
                "overdue": len(content.overdue),
            }
        _send(
            counter,
            user=user,
            template="digest",
            subject=subject,
            key=f"digest:{year}-W{week:02d}:{user.pk}",
            context={"content": content, "today": today, "horizon": DIGEST_HORIZON.days},
        )
    return counter.new
