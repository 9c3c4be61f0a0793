"""Reads for intake pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from advisory.intake.models import IntakeRound, Registration


def public_rounds() -> QuerySet[IntakeRound]:
    """Rounds still open or not yet open, soonest closing first."""
    return IntakeRound.objects.filter(closes_on__gte=timezone.localdate()).order_by("closes_on", "pk")


def round_list() -> QuerySet[IntakeRound]:
    return IntakeRound.objects.annotate(
        registration_count=Count("registrations"),
        waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
    ).order_by("-opens_on", "-pk")


def round_registrations(round_: IntakeRound) -> list[Registration]:
    return list(round_.registrations.select_related("organisation", "programme").order_by("status", "created_at"))
