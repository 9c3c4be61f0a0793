from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from advisory.programmes import workdays


class ProgrammesConfig(AppConfig):
    name = "advisory.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from advisory.core.selectors import CACHED_START_SECTIONS, START_SECTIONS
        from advisory.organisations.selectors import ORGANISATION_SECTIONS
        from advisory.programmes import criteria, group_records, policies_group, worklist  # noqa: F401 (policies)
        from advisory.programmes.selectors import organisation_section, start_section

        # The deployment's year (soft closed periods), read and checked now so that a bad file stops the start.
        workdays.configure_year(settings.PLANNING_YEAR_FILE)
        workdays.year_calendar()

        if worklist.start_section not in START_SECTIONS:  # the start page is first a work list
            START_SECTIONS.append(worklist.start_section)
        if start_section not in START_SECTIONS:
            START_SECTIONS.append(start_section)
        CACHED_START_SECTIONS.update((worklist.start_section, start_section))  # domain tables, no forms
        if organisation_section not in ORGANISATION_SECTIONS:
            ORGANISATION_SECTIONS.append(organisation_section)
        # A group programme's goals as evidence for the success criteria that name it (data/templates/group.json).
        criteria.evidence_register("goal_progress", group_records.goal_progress_judge, _("Shown by the goal"))
