from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "advisory.reports"
    verbose_name = _("The year's figures and exports")
