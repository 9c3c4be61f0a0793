from django.core.management.base import BaseCommand, CommandError

from advisory.organisations.services import reference_data_load
from advisory.programmes.services import templates_load_builtin
from advisory.programmes.template_data import TemplateFileError, builtin_templates


class Command(BaseCommand):
    # In the programmes app, which builds on organisations: it loads both apps' reference data.
    help = (
        "Load the 98 municipalities and their regions from data/municipalities.csv and the programme templates "
        "from data/templates/*.json (idempotent). A template file that fails its schema stops the load."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            builtin_templates()  # read and checked before anything is loaded
        except TemplateFileError as exc:
            raise CommandError(f"Programme template not loaded: {exc}") from exc
        result = reference_data_load()
        self.stdout.write(
            f"Reference data: {result.municipalities} municipalities, {result.regions} regions, "
            f"{result.memberships} region memberships."
        )
        created = templates_load_builtin()
        self.stdout.write(f"Programme templates: {created} new.")
