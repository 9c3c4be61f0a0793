from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "advisory.reports"
    verbose_name = _("The year's figures and exports")

    def ready(self) -> None:
        from advisory.core.selectors import START_SECTIONS
        from advisory.reports.selectors import start_section

        if start_section not in START_SECTIONS:  # the year's figures, for those who may read them
            START_SECTIONS.append(start_section)
