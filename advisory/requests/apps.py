from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "advisory.requests"
    verbose_name = _("Interest and requests")

    def ready(self) -> None:
        import datetime

        from advisory.core.selectors import START_SECTIONS, YEAR_PLAN_SECTIONS
        from advisory.notifications import scheduler
        from advisory.requests import selectors, services

        if selectors.start_section not in START_SECTIONS:  # "decisions waiting"
            START_SECTIONS.append(selectors.start_section)
        if selectors.year_plan_section not in YEAR_PLAN_SECTIONS:  # the year's taskforce seasons
            YEAR_PLAN_SECTIONS.append(selectors.year_plan_section)

        # The coming seasons exist before anyone asks (the public request form lists them).
        scheduler.register_job(
            "taskforce_seasons", services.seasons_ensure_job, every=datetime.timedelta(days=1), replace=True
        )
