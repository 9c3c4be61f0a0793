from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SamlConfig(AppConfig):
    name = "advisory.saml"
    verbose_name = _("Log-in with MitID Erhverv")
