"""The notifications app's models in the audit log (see advisory/core/audit.py).

The outbox is itself the record of what was sent; the log keeps only its status changes made by
people ("retry now"), not the bodies (the worker's own updates are not model saves). The signed
part of a calendar address is never stored, so nothing secret reaches the log.
"""

from auditlog.registry import auditlog

from advisory.notifications.models import CalendarFeedToken, NotificationPreference, OutboxMessage, ScheduledJob

auditlog.register(OutboxMessage, include_fields=["to", "subject", "status", "next_attempt_at"])
auditlog.register(CalendarFeedToken, exclude_fields=["public_id", "last_used_at"])
auditlog.register(NotificationPreference)
auditlog.register(ScheduledJob, include_fields=["name"])
