"""Documents in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.documents.models import Document

auditlog.register(Document)
