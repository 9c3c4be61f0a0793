from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "advisory.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from advisory.documents import evidence
        from advisory.programmes import criteria

        # The success criterion "presentation uploaded" is judged from this app's documents.
        criteria.evidence_register(evidence.NAME, evidence.presentation_uploaded, evidence.LABEL)
