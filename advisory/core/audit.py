"""The audit log: who changed what, when, from which value to which; and who read what.

django-auditlog records every change of a registered model, with the person from
``auditlog.middleware.AuditlogMiddleware``. Each app registers its models in its own
``audit.py`` (found at start-up by ``CoreConfig.ready``, like ``policies.py``)::

    # advisory/<app>/audit.py
    from auditlog.registry import auditlog

    from advisory.<app>.models import Thing

    auditlog.register(Thing)                                  # every field
    auditlog.register(Other, exclude_fields=["secret_hash"])  # never log secrets

The system check ``advisory.E102`` fails for a model of an ``advisory.*`` app that is
not registered. Reading an organisation's records is logged through ``log_read``,
called by the views and endpoints that show them.

Administrators read the log in the Django admin: per object (the "Audit log" link on
each object, or the object filter of the log) and per person (the person filter).
"""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from auditlog.signals import accessed
from django.db.models import Model


def log_read(obj: Model) -> None:
    """Record that the current person read ``obj`` (an ACCESS entry; the model must be registered)."""
    accessed.send(sender=type(obj), instance=obj)


def set_actor(user: Any) -> None:
    """Name ``user`` as the actor of this request's log entries.

    The middleware takes the person from the session at the start of the request; an
    API request authenticated by a bearer token gets its person later, here.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user
