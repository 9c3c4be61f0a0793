from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "advisory.development"
    verbose_name = _("Development work")

    def ready(self) -> None:
        # policies.py is found by CoreConfig.ready; the agreement's, the ratings' and the anchoring plan's policies
        # build on it, in their own module.
        from advisory.development import policies_agreement  # noqa: F401
