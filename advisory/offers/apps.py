from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "advisory.offers"
    verbose_name = _("The public offers")
