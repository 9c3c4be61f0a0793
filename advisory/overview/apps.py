from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "advisory.overview"
    verbose_name = _("The advisory function's overview")
