"""How long interest and taskforce requests are kept (see advisory/core/retention.py).

They hold a contact person's name, e-mail address and phone. A request that came to nothing (an expression of
interest declined, a taskforce request declined or withdrawn) is deleted once the retention period has passed
since the decision. One that became a programme stays with it (the programme is the record), but its contact
details are removed after the same period counted from the decision.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from advisory.core.retention import Found, RecordKind, count_all, delete_all, register
from advisory.requests.models import ExpressionOfInterest, InterestStatus, RequestStatus, TaskforceRequest

ANONYMISED = "anonymised.invalid"


def _closed(cutoff: datetime.datetime) -> Found:
    return [
        ExpressionOfInterest.objects.filter(status=InterestStatus.DECLINED, decided_at__lt=cutoff),
        TaskforceRequest.objects.filter(
            status__in=[RequestStatus.DECLINED, RequestStatus.WITHDRAWN], decided_at__lt=cutoff
        ),
    ]


def _contacts_of_started(cutoff: datetime.datetime) -> Found:
    not_yet = ~Q(contact_email__endswith=ANONYMISED)
    return [
        ExpressionOfInterest.objects.filter(not_yet, status=InterestStatus.ACCEPTED, decided_at__lt=cutoff),
        TaskforceRequest.objects.filter(not_yet, status=RequestStatus.STARTED, decided_at__lt=cutoff),
    ]


def _anonymise(found: Found) -> int:
    count = count_all(found)
    for queryset in found if isinstance(found, list) else [found]:
        for record in queryset.iterator():
            record.contact_name = "–"
            record.contact_email = f"contact-{record.pk}@{ANONYMISED}"
            record.contact_phone = ""
            record.save(update_fields=["contact_name", "contact_email", "contact_phone"])
    return count


register(
    RecordKind(
        key="requests_closed",
        description="Expressions of interest declined and taskforce requests declined or withdrawn",
        action="delete",
        expired=_closed,
        apply=delete_all,
    )
)
register(
    RecordKind(
        key="requests_contacts",
        description="Contact details of expressions of interest and taskforce requests that became programmes",
        action="anonymise",
        expired=_contacts_of_started,
        apply=_anonymise,
    )
)
