"""Reading the knowledge bank: the search with its filters, the suggestions on a new trial action's form, the
overview's count of exemplary trial actions, and the sections this app adds to the trial action's pages."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from advisory.core.access import Action, can, scope
from advisory.knowledge.models import SharedTrialAction
from advisory.knowledge.policies import may_read_bank
from advisory.knowledge.search import SEARCH_CONFIG
from advisory.organisations.models import Region
from advisory.organisations.policies import is_coordinator_of
from advisory.programmes.models import Programme, TrialAction, TrialActionStatus

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8  # the SQLite fallback: each word a LIKE over the text
SUGGESTIONS = 5


def bank_search(
    user: Any,
    *,
    q: str = "",
    theme: str = "",
    prerequisite: str = "",
    organisation_kind: str = "",
    region: Region | int | None = None,
    exemplary: bool = False,
) -> QuerySet[SharedTrialAction]:
    """The shared trial actions the user may read that match the filters; exemplary and newest first, or, with a
    text on PostgreSQL, best match first (full-text search with Danish stemming; on SQLite every word of the text
    must appear somewhere in the trial action, case-insensitively)."""
    shared = scope(user, SharedTrialAction).select_related("region")
    if theme:
        shared = shared.filter(theme__iexact=theme)
    if prerequisite:
        shared = shared.filter(prerequisite=prerequisite)
    if organisation_kind:
        shared = shared.filter(organisation_kind=organisation_kind)
    if region:
        shared = shared.filter(region=region)
    if exemplary:
        shared = shared.filter(exemplary=True)
    q = " ".join(q[:MAX_QUERY_LENGTH].split())
    if not q:
        return shared.order_by("-exemplary", "-shared_at", "-pk")
    if connection.vendor == "postgresql":
        query = SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")
        return (
            shared.filter(search_vector=query)  # @@ on the stored vector (GIN index); ts_rank alone scores partial
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-exemplary", "-shared_at", "-pk")
        )
    for word in q.split()[:MAX_QUERY_WORDS]:
        shared = shared.filter(search_document__icontains=word)
    return shared.order_by("-exemplary", "-shared_at", "-pk")


def themes(user: Any) -> list[str]:
    """The themes in the bank, for the filter."""
    rows = scope(user, SharedTrialAction).exclude(theme="").values_list("theme", flat=True).distinct()
    return sorted(set(rows), key=str.casefold)


def regions_in_bank(user: Any) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=scope(user, SharedTrialAction).values("region_id")).order_by("name")


def suggestions(user: Any, programme: Programme, limit: int = SUGGESTIONS) -> list[SharedTrialAction]:
    """Shared trial actions of other programmes under the programme's theme, exemplary and newest first."""
    if not programme.theme or not may_read_bank(user):
        return []
    found = bank_search(user, theme=programme.theme).exclude(trial_action__programme=programme)
    return list(found[:limit])


def exemplary_count(year: int) -> int:
    """How many trial actions that ended in the year stand in the knowledge bank marked exemplary (for the
    overview's figures of the year; the year of the trial action's end, so a mark given in January counts for
    the trial action's year)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return SharedTrialAction.objects.filter(exemplary=True, ends_on__range=(start, end)).count()


def bank_counts(year: int, kinds: Sequence[str]) -> dict[str, int]:
    """The year's figures of the knowledge bank, in one query: trial actions of programmes of ``kinds`` that ended
    in the year and stand in the bank (``shared``), and of those the ones marked exemplary (``exemplary``)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = SharedTrialAction.objects.filter(ends_on__range=(start, end), trial_action__programme__kind__in=kinds)
    counts = rows.aggregate(shared=Count("pk"), exemplary=Count("pk", filter=Q(exemplary=True)))
    return {"shared": counts["shared"] or 0, "exemplary": counts["exemplary"] or 0}


def share_of(trial_action: TrialAction) -> SharedTrialAction | None:
    return SharedTrialAction.objects.filter(trial_action=trial_action).first()


def is_completed(trial_action: TrialAction) -> bool:
    return trial_action.status == TrialActionStatus.COMPLETED


def may_share(user: Any, trial_action: TrialAction) -> bool:
    return is_coordinator_of(user, trial_action.organisation_id)


# --- the sections on the trial action's pages (registered in KnowledgeConfig.ready) --------------------------------


def trial_action_section(user: Any, trial_action: TrialAction) -> tuple[str, dict[str, Any]] | None:
    """On a trial action's pages: whether it stands in the knowledge bank, and the coordinator's choice."""
    if not may_read_bank(user):
        return None
    shared = share_of(trial_action)
    coordinator = may_share(user, trial_action)
    if shared is None and not coordinator:
        return None
    context = {
        "trial_action": trial_action,
        "shared": shared,
        "may_share": coordinator,
        "completed": is_completed(trial_action),
        "can_read": can(user, Action.VIEW, shared) if shared else False,
    }
    return "knowledge/_trial_action_section.html", context


def trial_action_form_section(user: Any, programme: Programme) -> tuple[str, dict[str, Any]] | None:
    """On the form for a new trial action: what others tried under the programme's theme."""
    if not may_read_bank(user):
        return None
    return "knowledge/_suggestions.html", {"programme": programme, "suggestions": suggestions(user, programme)}
