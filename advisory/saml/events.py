"""Every MitID Erhverv log-in, refusal and logout as an entry in the audit log, with the reason.

The entries are django-auditlog's (action *access*, on the person when known), so administrators read them
with the rest of the log: the person's log, or the log filtered by the object "person". ``additional_data``
holds the event, the reason's code and what the IdP said that is not personal beyond the e-mail address
(never the CPR number).
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from advisory.core.addresses import client_ip

LOGIN = "login"
REFUSED = "refused"
LOGOUT = "logout"


def record(request: HttpRequest, event: str, *, reason: str = "", user: Any = None, **data: Any) -> LogEntry:
    person = user if user is not None and getattr(user, "pk", None) else None
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_pk=str(person.pk) if person else "",
        object_id=person.pk if person else None,
        object_repr=str(person) if person else "MitID Erhverv",
        action=LogEntry.Action.ACCESS,
        changes={"mitid_erhverv": ["", f"{event}: {reason}" if reason else event]},
        actor=person,
        actor_email=getattr(person, "email", None),
        remote_addr=client_ip(request),
        additional_data={"event": event, "reason": reason, **{k: v for k, v in data.items() if v not in (None, "")}},
    )
