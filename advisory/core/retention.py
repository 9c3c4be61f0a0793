"""Retention: how long each kind of record is kept, and what happens after.

A kind of record names its retention setting (``settings.RETENTION[key]``, in days),
how to find the records that have passed it, and whether they are deleted or
anonymised. ``manage.py apply_retention`` reports them (dry run, the default) and,
with ``--apply``, deletes or anonymises them.

Each app registers its kinds in its own ``retention.py`` (found at start-up by
``CoreConfig.ready``)::

    # advisory/<app>/retention.py
    from advisory.core.retention import RecordKind, delete_all, register

    register(RecordKind(
        key="closed_programmes",
        description="Programmes closed more than the retention period ago",
        action="delete",
        expired=lambda cutoff: Programme.objects.filter(closed_at__lt=cutoff),
        apply=delete_all,
    ))

and adds ``RETENTION["closed_programmes"]`` to the settings (system check
``advisory.E103``). A state authority deletes only as Rigsarkivet's rules on
preservation and disposal (bevaring og kassation) allow: set the periods accordingly.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

Action = Literal["delete", "anonymise"]


Found = QuerySet[Any] | list[QuerySet[Any]]


@dataclass(frozen=True)
class RecordKind:
    """A kind of record with a retention period.

    ``expired(cutoff)`` gives the records older than the cutoff: one queryset, or a list
    when the kind spans several tables. ``apply(found)`` deletes or anonymises them and
    returns how many it handled.
    """

    key: str
    description: str
    action: Action
    expired: Callable[[datetime.datetime], Found]
    apply: Callable[[Found], int]


@dataclass(frozen=True)
class RetentionResult:
    kind: RecordKind
    days: int
    cutoff: datetime.datetime
    count: int
    applied: bool


_kinds: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    if kind.key in _kinds:
        raise RuntimeError(f"The kind of record {kind.key!r} is already registered for retention.")
    _kinds[kind.key] = kind
    return kind


def registered_kinds() -> list[RecordKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def get_kind(key: str) -> RecordKind:
    try:
        return _kinds[key]
    except KeyError:
        raise KeyError(f"No kind of record {key!r}; known: {', '.join(sorted(_kinds))}.") from None


def retention_days(kind: RecordKind) -> int:
    return int(settings.RETENTION[kind.key])


def cutoff_for(kind: RecordKind, now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=retention_days(kind))


def cutoff_day(cutoff: datetime.datetime) -> datetime.date:
    """The Danish calendar day of the cutoff, for records dated by day (a meeting's date is a Copenhagen date; the
    cutoff's UTC date is the day before from midnight to 01:00 or 02:00 there)."""
    return timezone.localdate(cutoff)


def _querysets(found: Found) -> list[QuerySet[Any]]:
    return found if isinstance(found, list) else [found]


def count_all(found: Found) -> int:
    return sum(queryset.count() for queryset in _querysets(found))


def delete_all(found: Found) -> int:
    count = count_all(found)
    for queryset in _querysets(found):
        queryset.delete()
    return count


def run(*, apply: bool, keys: list[str] | None = None, now: datetime.datetime | None = None) -> list[RetentionResult]:
    """Report (and with ``apply`` delete or anonymise) every record past its retention period."""
    kinds = [get_kind(key) for key in keys] if keys else registered_kinds()
    results = []
    for kind in kinds:
        cutoff = cutoff_for(kind, now)
        found = kind.expired(cutoff)
        if apply:
            with transaction.atomic():
                count = kind.apply(found)
        else:
            count = count_all(found)
        results.append(RetentionResult(kind=kind, days=retention_days(kind), cutoff=cutoff, count=count, applied=apply))
    return results


# --- The kinds of record of the platform itself --------------------------------------------------


def _expired_audit_entries(cutoff: datetime.datetime) -> Found:
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(timestamp__lt=cutoff)


def _expired_login_records(cutoff: datetime.datetime) -> Found:
    """django-axes' records of log-ins, log-outs and failed attempts (with IP address and browser)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [
        AccessLog.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
    ]


register(
    RecordKind(
        key="audit_log",
        description="Audit log entries (changes and reads)",
        action="delete",
        expired=_expired_audit_entries,
        apply=delete_all,
    )
)
register(
    RecordKind(
        key="login_attempts",
        description="Records of log-ins and failed log-in attempts (IP address, browser)",
        action="delete",
        expired=_expired_login_records,
        apply=delete_all,
    )
)
