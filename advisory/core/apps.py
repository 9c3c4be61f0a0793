from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "advisory.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app declares its access rules in policies.py; importing registers them.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("policies")
