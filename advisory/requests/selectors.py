"""Reads for the interest and taskforce pages and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from advisory.core.access import Action, can, scope
from advisory.requests.models import (
    SLOT_STATUSES,
    DirectStart,
    ExpressionOfInterest,
    InterestStatus,
    RequestStatus,
    Season,
    SeasonHalf,
    TaskforceRequest,
)
from advisory.requests.policies import decides


def open_seasons(today: datetime.date | None = None) -> QuerySet[Season]:
    """Seasons that have not ended (this half-year's and later): the ones a request can wish for or be given."""
    today = today or timezone.localdate()
    not_ended = Q(year__gt=today.year) | Q(year=today.year, half=SeasonHalf.AUTUMN)
    if today.month <= 6:
        not_ended |= Q(year=today.year, half=SeasonHalf.SPRING)
    return Season.objects.filter(not_ended)


def interest_queue(user: Any, status: str = "") -> QuerySet[ExpressionOfInterest]:
    """Newest first."""
    queryset = scope(user, ExpressionOfInterest).select_related("organisation", "programme")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def request_queue(user: Any, status: str = "") -> QuerySet[TaskforceRequest]:
    """Newest first."""
    queryset = scope(user, TaskforceRequest).select_related("organisation", "season", "wished_season", "programme")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


@dataclass
class SeasonRow:
    season: Season
    allocated: list[TaskforceRequest]
    waiting: list[TaskforceRequest]
    direct: list[DirectStart] = field(default_factory=list)  # taskforce programmes created directly

    @property
    def taken(self) -> int:
        return len(self.allocated) + len(self.direct)

    @property
    def free(self) -> int:
        return max(self.season.capacity - self.taken, 0)

    @property
    def can_move_up(self) -> bool:
        return bool(self.waiting) and self.free > 0


def season_rows(user: Any, seasons: QuerySet[Season] | None = None) -> list[SeasonRow]:
    """Each season from this year on with its slots (requests allocated or started, programmes created directly)
    and its waiting list (by receipt)."""
    if seasons is None:
        seasons = scope(user, Season).filter(year__gte=timezone.localdate().year)
    chosen = list(seasons)
    requests = (
        TaskforceRequest.objects.filter(season__in=chosen, status__in=[*SLOT_STATUSES, RequestStatus.WAITING])
        .select_related("organisation", "programme")
        .order_by("created_at", "pk")
    )
    by_season: dict[int, SeasonRow] = {s.pk: SeasonRow(s, [], []) for s in chosen}
    for request in requests:
        assert request.season_id is not None  # season__in above
        row = by_season[request.season_id]
        (row.waiting if request.status == RequestStatus.WAITING else row.allocated).append(request)
    direct = DirectStart.objects.filter(season__in=chosen).select_related("programme").order_by("created_at", "pk")
    for start in direct:
        by_season[start.season_id].direct.append(start)
    return [by_season[s.pk] for s in chosen]


def season_row(season: Season) -> SeasonRow:
    return season_rows(None, Season.objects.filter(pk=season.pk))[0]


def year_plan_section(user: Any, year: int) -> tuple[str, dict[str, Any]] | None:
    """The year's taskforce seasons with their slots on the year's intake page (advisory.intake), for the staff
    who see seasons; the capacity is changed on the season's page."""
    if not can(user, Action.VIEW, Season):
        return None
    rows = season_rows(user, scope(user, Season).filter(year=year))
    return "requests/_year_plan_section.html", {"year": year, "rows": rows, "decides": decides(user)}


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    """ "Decisions waiting" on the start page of those who decide: new expressions of interest and taskforce requests
    received but not yet given a season."""
    if not decides(user):
        return None
    interests = scope(user, ExpressionOfInterest).filter(status=InterestStatus.NEW).count()
    requests = scope(user, TaskforceRequest).filter(status=RequestStatus.RECEIVED).count()
    if not (interests or requests):
        return None
    return "requests/_start_section.html", {"interests": interests, "requests": requests}
