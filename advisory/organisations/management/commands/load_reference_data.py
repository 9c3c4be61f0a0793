from django.core.management.base import BaseCommand

from advisory.organisations.services import reference_data_load


class Command(BaseCommand):
    help = "Load the 98 municipalities and their regions from data/municipalities.csv (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        result = reference_data_load()
        self.stdout.write(
            f"Reference data: {result.municipalities} municipalities, {result.regions} regions, "
            f"{result.memberships} region memberships."
        )
        from advisory.programmes.services import templates_load_builtin

        created = templates_load_builtin()
        self.stdout.write(f"Programme templates: {created} new.")
