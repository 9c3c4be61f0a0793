"""The knowledge bank in the audit log (see advisory/core/audit.py): sharing, withdrawing and marking exemplary."""

from auditlog.registry import auditlog

from advisory.knowledge.models import SharedTrialAction

auditlog.register(SharedTrialAction, exclude_fields=["search_document"])
