import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "advisory.evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from advisory.evaluations import evidence
        from advisory.evaluations.services import evaluations_invite_due
        from advisory.notifications.scheduler import register_job
        from advisory.programmes import criteria

        # The success criterion "evaluation answered" is judged from this app's answers.
        criteria.evidence_register(evidence.NAME, evidence.evaluation_answered, evidence.LABEL)

        from advisory.core.selectors import START_SECTIONS
        from advisory.evaluations.selectors import start_section

        if start_section not in START_SECTIONS:  # "evaluations to answer"
            START_SECTIONS.append(start_section)

        # Hourly: the meetings held yesterday or earlier get their invitations the morning after.
        register_job("evaluation_invitations", evaluations_invite_due, every=datetime.timedelta(hours=1), replace=True)
