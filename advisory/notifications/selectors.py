"""Reads for the outbox page and API, the profile page's calendar section, and people's mail choice."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from advisory.core.access import Action, can, scope
from advisory.notifications import calendar_feeds
from advisory.notifications.models import (
    CalendarFeedToken,
    FeedKind,
    MailMode,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
    ScheduledJob,
)
from advisory.organisations.models import Organisation
from advisory.programmes.models import Programme, ProgrammeStatus

# --- Outbox ------------------------------------------------------------------------------------------------


def outbox_list(user: Any, *, status: str = "", q: str = "") -> QuerySet[OutboxMessage]:
    """The messages the user may see, newest first; ``status`` "gave_up" means failed and no longer retried."""
    messages = scope(user, OutboxMessage).defer("text_body", "html_body", "ical")
    if status == "gave_up":
        messages = messages.filter(status=OutboxStatus.FAILED, next_attempt_at__isnull=True)
    elif status:
        messages = messages.filter(status=status)
    if q:
        messages = messages.filter(Q(to__icontains=q) | Q(subject__icontains=q))
    return messages.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class OutboxSummary:
    sent_last_week: int
    failed: int
    waiting: int


def outbox_summary(user: Any, now: datetime.datetime | None = None) -> OutboxSummary:
    now = now or timezone.now()
    counts = scope(user, OutboxMessage).aggregate(
        sent=Count("pk", filter=Q(status=OutboxStatus.SENT, sent_at__gte=now - datetime.timedelta(days=7))),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        waiting=Count("pk", filter=Q(status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING])),
    )
    return OutboxSummary(sent_last_week=counts["sent"], failed=counts["failed"], waiting=counts["waiting"])


def scheduler_jobs(user: Any) -> list[ScheduledJob]:
    return list(scope(user, ScheduledJob).order_by("name"))


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    """Advisors and administrators see on the start page what was sent and what failed."""
    if not can(user, Action.VIEW, OutboxMessage):
        return None
    return ("notifications/_start_section.html", {"summary": outbox_summary(user)})


# --- Mail choice -------------------------------------------------------------------------------------------


def mail_mode_for(user: Any) -> str:
    """ "immediate" (the default) or "digest"."""
    preference = NotificationPreference.objects.filter(user=user).values_list("mail_mode", flat=True).first()
    return preference or MailMode.IMMEDIATE


def mail_modes_for(user_ids: Iterable[int]) -> dict[int, str]:
    """The choice of many people in one query (for reminder and digest jobs); "immediate" when unset."""
    ids = list(user_ids)
    chosen = dict(NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "mail_mode"))
    return {user_id: chosen.get(user_id, MailMode.IMMEDIATE) for user_id in ids}


# --- Calendar addresses ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedAddress:
    token: CalendarFeedToken
    title: str
    url: str
    webcal_url: str


def feed_addresses(user: Any) -> list[FeedAddress]:
    """The person's active calendar addresses, their own first, then organisations' and programmes' by name."""
    tokens = list(scope(user, CalendarFeedToken.objects.all()).active().order_by("created_at", "pk"))
    names = _target_names(user, tokens)
    addresses = []
    for token in tokens:
        if token.kind == FeedKind.PERSON:
            title = str(FeedKind.PERSON.label)
        else:
            name = names.get((token.kind, token.target_id))
            if name is None:
                continue  # the person no longer sees the organisation; the feed answers 404 too
            title = f"{token.get_kind_display()}: {name}"
        addresses.append(
            FeedAddress(
                token=token,
                title=title,
                url=calendar_feeds.feed_url(token),
                webcal_url=calendar_feeds.webcal_url(token),
            )
        )
    addresses.sort(key=lambda address: (address.token.kind != FeedKind.PERSON, address.title))
    return addresses


def _target_names(user: Any, tokens: list[CalendarFeedToken]) -> dict[tuple[str, int | None], str]:
    names: dict[tuple[str, int | None], str] = {}
    for kind in {token.kind for token in tokens if token.target_id is not None}:
        if kind not in calendar_feeds.available_kinds():
            continue
        model = calendar_feeds.kind_spec(kind).target_model
        if model is None:
            continue
        ids = [token.target_id for token in tokens if token.kind == kind]
        for pk, label in ((row.pk, str(row)) for row in scope(user, model).filter(pk__in=ids)):
            names[(kind, pk)] = label
    return names


def feed_programme_choices(user: Any) -> QuerySet[Programme]:
    """Programmes the person may subscribe to: those they see that are not cancelled."""
    return scope(user, Programme).exclude(status=ProgrammeStatus.CANCELLED).order_by("title", "pk")


def feed_organisation_choices(user: Any) -> QuerySet[Organisation]:
    """Organisations the person may subscribe to: those they see."""
    return scope(user, Organisation).order_by("name")
