"""Evaluations in the audit log (see advisory/core/audit.py).

Receipts (who answered a meeting's evaluation) and invitation rounds are logged like any record.
The answers themselves (``EvaluationResponse``, ``EvaluationAnswer``) are deliberately NOT logged:
a log entry stores the actor and the time, which would tie an anonymous answer to its author. They
are listed in ``advisory.core.checks.NOT_AUDITED`` so that the system check accepts the exception.
"""

from auditlog.registry import auditlog

from advisory.evaluations.models import EvaluationReceipt, EvaluationRound

auditlog.register(EvaluationReceipt)
auditlog.register(EvaluationRound)
