from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "advisory.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from advisory.core import checks  # noqa: F401  (registers the system checks)
        from advisory.core.changes import install_after_migrate
        from advisory.core.lookups import register_integer_lookups

        register_integer_lookups()  # an id out of the integer range matches nothing (not a 500)
        # The data version's triggers on every tracked table, after every migrate (advisory/core/changes.py).
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="core-data-version-triggers")

        # Each app declares in its own modules:
        # policies.py: access rules; audit.py: its models in the audit log; retention.py: kinds of record.
        autodiscover_modules("policies")
        autodiscover_modules("audit")
        autodiscover_modules("retention")
