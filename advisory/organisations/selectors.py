"""Reads for organisation pages and the API; query counts do not grow with the rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from advisory.core.access import scope
from advisory.organisations.models import Membership, MembershipInvitation, Organisation, Region, RegionMembership

# Apps above this one add a section to the organisation page, in their AppConfig.ready(), as they add one to the
# start page (core.selectors.START_SECTIONS): callables (user, organisation) -> (template name, context) or None,
# shown in the order of INSTALLED_APPS (programmes: "Programmes").
ORGANISATION_SECTIONS: list[Callable[[Any, Organisation], tuple[str, dict[str, Any]] | None]] = []


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    """The start page's "your organisation" for an organisation person (agency staff have none)."""
    if user.is_agency_staff:
        return None
    organisations = list(scope(user, Organisation).select_related("municipality").order_by("name"))
    return "organisations/_start_section.html", {"organisations": organisations}


def submitting_organisations(user: Any) -> QuerySet[Organisation] | None:
    """The organisations a person may submit a registration, an expression of interest or a request for: an
    organisation person their own; ``None`` (any organisation) for anonymous callers and agency staff."""
    return scope(user, Organisation) if user.is_authenticated and user.is_organisation_person else None


def sole_organisation(organisations: QuerySet[Organisation] | None) -> Organisation | None:
    """The organisation when the set holds exactly one (a form's choice made in advance); None for any or more."""
    if organisations is None:
        return None
    first_two = list(organisations[:2])
    return first_two[0] if len(first_two) == 1 else None


def _current_region_name(on: datetime.date) -> Subquery:
    memberships = RegionMembership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        municipality_id=OuterRef("region_municipality_id"),
        valid_from__lte=on,
    ).order_by("-valid_from")
    return Subquery(memberships.values("region__name")[:1])


def organisation_list(
    user: Any,
    *,
    q: str = "",
    kind: str = "",
    region: Region | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Organisation]:
    on = on or timezone.localdate()
    queryset = scope(user, Organisation.objects.all()).select_related("municipality")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(municipality_code__startswith=q))
    if kind:
        queryset = queryset.filter(kind=kind)
    if region is not None:
        queryset = queryset.in_region(region, on)
    return (
        queryset.annotate(region_municipality_id=Coalesce("municipality_id", "pk"))
        .annotate(region_name=_current_region_name(on))
        .order_by("name", "pk")
    )


def organisation_detail(user: Any, organisation: Organisation) -> dict[str, Any]:
    memberships = (
        scope(user, Membership)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("function", "user__first_name", "user__last_name")
    )
    shelters = organisation.shelters.order_by("name") if organisation.is_municipality else Organisation.objects.none()
    return {
        "organisation": organisation,
        "sections": [section for build in ORGANISATION_SECTIONS if (section := build(user, organisation)) is not None],
        "region": organisation.region_on(),
        "memberships": list(memberships),
        "shelters": list(scope(user, shelters)),
        "region_history": list(
            RegionMembership.objects.filter(
                municipality_id=organisation.pk if organisation.is_municipality else organisation.municipality_id
            )
            .select_related("region")
            .order_by("valid_from")
        ),
    }


def pending_invitations(user: Any, organisation: Organisation) -> list[MembershipInvitation]:
    """The organisation's invitations waiting for an answer, newest first (one query)."""
    return list(
        scope(user, MembershipInvitation.objects.all())
        .filter(organisation=organisation)
        .pending()
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def people_prefetch() -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.select_related("user"))
