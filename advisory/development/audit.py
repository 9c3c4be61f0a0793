"""Development work in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.development.models import (
    DevelopmentAction,
    DevelopmentPoint,
    Goal,
    PracticeMapping,
    ProgressNote,
    Recommendation,
)

auditlog.register(DevelopmentPoint)
auditlog.register(Goal)
auditlog.register(PracticeMapping, m2m_fields={"documents"})
auditlog.register(Recommendation)
auditlog.register(ProgressNote)
auditlog.register(DevelopmentAction)

# The collaboration agreement, the ratings before/after and the anchoring plan.
from advisory.development.models import AnchoringPlan, CollaborationAgreement, PrerequisiteRating  # noqa: E402

auditlog.register(CollaborationAgreement)
auditlog.register(PrerequisiteRating)
auditlog.register(AnchoringPlan)
