from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "advisory.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from advisory.core.selectors import CACHED_START_SECTIONS, START_SECTIONS
        from advisory.organisations.selectors import start_section

        if start_section not in START_SECTIONS:
            START_SECTIONS.append(start_section)
        CACHED_START_SECTIONS.add(start_section)  # domain tables, no forms
