from django.core.management.base import BaseCommand

from advisory.demo.demo import demo_data_load


class Command(BaseCommand):
    help = "Create the demo people, organisations and programmes (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        created = demo_data_load()
        self.stdout.write(f"Demo data ready ({created} new people).")
