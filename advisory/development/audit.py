"""Development work in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.development.models import DevelopmentPoint, Goal

auditlog.register(DevelopmentPoint)
auditlog.register(Goal)
