"""Programmes in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.programmes.models import (
    Activity,
    CriterionCheck,
    GoalStatus,
    MeetingParticipant,
    MeetingWish,
    OrganisationGoal,
    Programme,
    ProgrammeOrganisation,
    ProgrammeTemplate,
    SlotOffer,
    TemplateVersion,
    TrialAction,
    TrialActionFeedback,
)

auditlog.register(ProgrammeTemplate)
auditlog.register(TemplateVersion)
auditlog.register(Programme, m2m_fields={"advisors"})
auditlog.register(ProgrammeOrganisation)
auditlog.register(Activity)
auditlog.register(TrialAction)
auditlog.register(MeetingParticipant)
auditlog.register(CriterionCheck)
auditlog.register(SlotOffer)
auditlog.register(OrganisationGoal)
auditlog.register(GoalStatus)
auditlog.register(TrialActionFeedback)
auditlog.register(MeetingWish)
