"""How long the ids of used SAML assertions are kept (see advisory/core/retention.py)."""

from __future__ import annotations

import datetime

from advisory.core.retention import Found, RecordKind, delete_all, register
from advisory.saml.models import SeenAssertion


def _expired_assertion_ids(cutoff: datetime.datetime) -> Found:
    # An assertion past its own expiry is refused by its validity window; its id is then kept a period longer.
    return SeenAssertion.objects.filter(expires_at__lt=cutoff)


register(
    RecordKind(
        key="saml_assertion_ids",
        description="Ids of used MitID Erhverv assertions that expired longer ago than the retention period",
        action="delete",
        expired=_expired_assertion_ids,
        apply=delete_all,
    )
)
