from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "advisory.offers"
    verbose_name = _("The public offers")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from advisory.intake.models import IntakeRound
        from advisory.offers import cache
        from advisory.requests.models import DirectStart, Season, TaskforceRequest

        # What the pages show besides the texts and contacts: a new generation of the cached pages at once.
        for model in (IntakeRound, Season, TaskforceRequest, DirectStart):
            post_save.connect(cache.clear, sender=model, dispatch_uid=f"offers-cache-{model.__name__}-save")
            post_delete.connect(cache.clear, sender=model, dispatch_uid=f"offers-cache-{model.__name__}-delete")
