from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "advisory.requests"
    verbose_name = _("Interest and requests")
