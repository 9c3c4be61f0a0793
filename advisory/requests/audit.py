"""Interest, taskforce requests and seasons in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.requests.models import DirectStart, ExpressionOfInterest, Season, TaskforceRequest

auditlog.register(ExpressionOfInterest)
auditlog.register(TaskforceRequest)
auditlog.register(Season)
auditlog.register(DirectStart)
