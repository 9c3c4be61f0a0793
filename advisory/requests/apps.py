from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "advisory.requests"
    verbose_name = _("Interest and requests")

    def ready(self) -> None:
        import datetime

        from advisory.notifications import scheduler
        from advisory.requests import services

        # The coming seasons exist before anyone asks (the public request form lists them).
        scheduler.register_job(
            "taskforce_seasons", services.seasons_ensure_job, every=datetime.timedelta(days=1), replace=True
        )
