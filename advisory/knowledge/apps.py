from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "advisory.knowledge"
    verbose_name = _("Knowledge bank")

    def ready(self) -> None:
        from advisory.knowledge.selectors import trial_action_form_section, trial_action_section
        from advisory.programmes.sections import NEW_TRIAL_ACTION_SECTIONS, TRIAL_ACTION_SECTIONS

        # The trial action's pages are the programmes app's, a floor below: the knowledge bank adds its part there.
        if trial_action_section not in TRIAL_ACTION_SECTIONS:  # the coordinator's choice to share it
            TRIAL_ACTION_SECTIONS.append(trial_action_section)
        if trial_action_form_section not in NEW_TRIAL_ACTION_SECTIONS:  # what others tried under the theme
            NEW_TRIAL_ACTION_SECTIONS.append(trial_action_form_section)
