"""Reads: a programme's documents for a user, a meeting's presentations, and the success-criteria evidence."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from advisory.core.access import scope
from advisory.documents.models import Document, DocumentKind
from advisory.organisations.models import Organisation
from advisory.programmes.models import Activity, Programme


def documents_for_programme(user: Any, programme: Programme) -> QuerySet[Document]:
    """The programme's documents the user may see: the advisory function's first, then per organisation (by
    name), newest first."""
    return (
        scope(user, Document)
        .filter(programme=programme)
        .select_related("organisation", "activity", "uploaded_by")
        .order_by(F("organisation__name").asc(nulls_first=True), "organisation_id", "-uploaded_at", "-pk")
    )


def documents_for_activity(user: Any, activity: Activity) -> list[Document]:
    """The documents for one meeting the user may see (the meeting page shows them), presentations first."""
    return list(
        scope(user, Document)
        .filter(programme_id=activity.programme_id, activity=activity)
        .select_related("organisation", "uploaded_by")
        .order_by(F("organisation__name").asc(nulls_first=True), "kind", "-uploaded_at", "-pk")
    )


def presentation_uploaded(programme: Programme, organisation: Organisation, activity: Activity) -> bool:
    """Evidence for "the presentation exists": a presentation of the organisation for the meeting."""
    return Document.objects.filter(
        programme=programme, organisation=organisation, activity=activity, kind=DocumentKind.PRESENTATION
    ).exists()


def presentations_by_org_and_activity(programme: Programme) -> set[tuple[int, int]]:
    """(organisation id, activity id) of every presentation uploaded for a meeting of the programme, in one query."""
    return set(
        Document.objects.filter(
            programme=programme,
            kind=DocumentKind.PRESENTATION,
            organisation__isnull=False,
            activity__isnull=False,
        )
        .values_list("organisation_id", "activity_id")
        .distinct()
    )
