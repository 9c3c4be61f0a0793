import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "advisory.evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from advisory.evaluations.services import evaluations_invite_due
        from advisory.notifications.scheduler import register_job

        # Hourly: the meetings held yesterday or earlier get their invitations the morning after.
        register_job("evaluation_invitations", evaluations_invite_due, every=datetime.timedelta(hours=1), replace=True)
