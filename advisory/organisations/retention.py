"""How long invitations to organisations are kept (see advisory/core/retention.py)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from advisory.core.retention import Found, RecordKind, delete_all, register
from advisory.organisations.models import MembershipInvitation


def _closed_invitations(cutoff: datetime.datetime) -> Found:
    """Invitations accepted, revoked or expired before the cutoff; those still waiting for an answer are kept.

    They hold the e-mail address and name of people who may never have joined; an accepted one has become a
    membership, which stays.
    """
    closed = Q(accepted_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff)
    return MembershipInvitation.objects.filter(closed)


register(
    RecordKind(
        key="membership_invitations_closed",
        description="Invitations to organisations accepted, revoked or expired longer ago than the retention period",
        action="delete",
        expired=_closed_invitations,
        apply=delete_all,
    )
)
