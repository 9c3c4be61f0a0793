from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "advisory.taskforce"
    verbose_name = _("Taskforce programmes")
