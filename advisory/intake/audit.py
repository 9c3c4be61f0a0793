"""Intake in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.intake.models import IntakeRound, Registration, WaitingListOffer

auditlog.register(IntakeRound)
auditlog.register(Registration)
auditlog.register(WaitingListOffer, exclude_fields=["token_hash"])
