from django.core.management.base import BaseCommand
from django.utils import translation

from advisory.demo.demo import demo_logins_text


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args: object, **options: object) -> None:
        with translation.override("da"):
            self.stdout.write(demo_logins_text())
