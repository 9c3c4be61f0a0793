"""Reads for intake pages and the API, and for the public offer pages (advisory.offers reads ``public_rounds`` and
``past_round_themes``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from advisory.intake.models import IntakeRound, Registration, WaitingListOffer

PAST_THEMES_LIMIT = 50  # the archive on the group offer's page: at most this many rounds


def _announced(today: datetime.date) -> Q:
    return Q(closes_on__gte=today) & (Q(announce_from__isnull=True) | Q(announce_from__lte=today))


def public_rounds(today: datetime.date | None = None) -> list[IntakeRound]:
    """The rounds shown publicly on ``today``: those open for registration (soonest closing first), then the
    coming rounds already announced (from their ``announce_from``; soonest opening first). Each round has its
    ``theme``, ``description``, ``season``, registration period ``opens_on``–``closes_on`` (the deadline),
    ``expected_start`` (may be None) and ``is_open(today)``."""
    today = today or timezone.localdate()
    rounds = IntakeRound.objects.filter(_announced(today))
    open_ = list(rounds.filter(opens_on__lte=today).order_by("closes_on", "pk"))
    coming = list(rounds.filter(opens_on__gt=today).order_by("opens_on", "pk"))
    return open_ + coming


def past_round_themes(today: datetime.date | None = None) -> list[IntakeRound]:
    """The archive of themes: rounds whose registration has closed, newest first (by expected start, else by the
    registration deadline), at most ``PAST_THEMES_LIMIT``. Each has ``theme``, ``description``, ``season``,
    ``year``, ``half`` and ``expected_start``."""
    today = today or timezone.localdate()
    rounds = IntakeRound.objects.filter(closes_on__lt=today).order_by("-closes_on", "-pk")[:PAST_THEMES_LIMIT]
    return sorted(rounds, key=lambda r: (r.expected_start or r.closes_on, r.pk), reverse=True)


def round_list() -> QuerySet[IntakeRound]:
    return IntakeRound.objects.annotate(
        registration_count=Count("registrations"),
        waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
    ).order_by("-opens_on", "-pk")


def round_registrations(round_: IntakeRound) -> list[Registration]:
    """Those who came from an earlier round's waiting list first (they were offered a place first), then by status
    and time of registration."""
    registrations = round_.registrations.select_related("organisation", "programme", "from_waiting_list__round")
    return sorted(
        registrations.order_by("status", "created_at", "pk"),
        key=lambda r: r.from_waiting_list_id is None,  # stable: keeps the order within each part
    )


def round_offers(round_: IntakeRound) -> list[WaitingListOffer]:
    """Offers of a place in the next round made to this round's waiting list."""
    return list(
        WaitingListOffer.objects.filter(registration__round=round_)
        .select_related("registration__organisation", "next_round", "confirmed_registration")
        .order_by("created_at", "pk")
    )


@dataclass
class YearPlan:
    year: int
    rounds: dict[str, IntakeRound] = field(default_factory=dict)  # by half-year: the year's spring and autumn round
    others: list[IntakeRound] = field(default_factory=list)  # rounds opening in the year without a place in it


def year_plan(year: int) -> YearPlan:
    plan = YearPlan(year)
    for round_ in (
        IntakeRound.objects.filter(year=year)
        .exclude(half="")
        .annotate(
            registration_count=Count("registrations"),
            waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
        )
    ):
        plan.rounds[round_.half] = round_
    plan.others = list(
        IntakeRound.objects.filter(opens_on__year=year)
        .filter(Q(year__isnull=True) | Q(half=""))
        .order_by("opens_on", "pk")
    )
    return plan
