from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "advisory.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        import datetime

        from advisory.intake import services
        from advisory.notifications import scheduler

        # A round's waiting list is final when the round has started: its organisations are offered a place in
        # the next round (once; the advisor can do it earlier on the round's page).
        scheduler.register_job(
            "intake_waiting_lists", services.waiting_lists_job, every=datetime.timedelta(days=1), replace=True
        )
