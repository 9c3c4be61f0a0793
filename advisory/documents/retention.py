"""How long documents are kept (see advisory/core/retention.py).

Documents (presentations, reports, agreements) of a programme that has ended – completed or cancelled, with no
activity after the cutoff – are deleted with their files once the retention period has passed. Set the period
as Rigsarkivet's rules allow.
"""

from __future__ import annotations

import datetime

from django.db.models import Max, Q

from advisory.core.retention import Found, RecordKind, count_all, cutoff_day, register
from advisory.documents.models import Document
from advisory.documents.services import document_purge
from advisory.programmes.models import Programme, ProgrammeStatus

KEY = "documents_of_ended_programmes"


def _expired_documents(cutoff: datetime.datetime) -> Found:
    day = cutoff_day(cutoff)
    ended = (
        Programme.objects.filter(status__in=[ProgrammeStatus.COMPLETED, ProgrammeStatus.CANCELLED])
        .annotate(last_day=Max("activities__starts_on"), last_end=Max("activities__ends_on"))
        .filter(Q(last_day__isnull=True) | Q(last_day__lt=day))
        .filter(Q(last_end__isnull=True) | Q(last_end__lt=day))
        .filter(updated_at__lt=cutoff)
    )
    return Document.objects.filter(programme__in=ended.values("pk"), uploaded_at__lt=cutoff)


def _delete_with_files(found: Found) -> int:
    count = count_all(found)
    querysets = found if isinstance(found, list) else [found]
    for queryset in querysets:
        for document in queryset.iterator():
            document_purge(document=document)
    return count


# The period is RETENTION["documents_of_ended_programmes"] in config/settings.py (system check advisory.E103).
register(
    RecordKind(
        key=KEY,
        description="Documents (and their files) of programmes ended longer ago than the retention period",
        action="delete",
        expired=_expired_documents,
        apply=_delete_with_files,
    )
)
