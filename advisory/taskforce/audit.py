"""Taskforce records in the audit log (see advisory/core/audit.py). No retention entry: they hold no personal data
beyond free-text names of those responsible (guarded against CPR numbers) and go with their programme."""

from auditlog.registry import auditlog

from advisory.taskforce.models import (
    DataCollectionItem,
    FollowUpItem,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)

auditlog.register(DataCollectionItem)
auditlog.register(PoliticalPresentation)
auditlog.register(LearningActivity)
auditlog.register(StatusDecision)
auditlog.register(FollowUpItem)
