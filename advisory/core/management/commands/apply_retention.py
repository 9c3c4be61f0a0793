"""Report, and with --apply delete or anonymise, the records that have passed their retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from advisory.core import retention


class Command(BaseCommand):
    help = (
        "Report the records that have passed their retention period (settings.RETENTION). "
        "Nothing changes unless --apply is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run", action="store_true", default=True, help="Only report what would happen (the default)."
        )
        mode.add_argument("--apply", action="store_true", help="Delete or anonymise what has passed its period.")
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KEY",
            help="Only this kind of record (repeatable). Known: "
            + ", ".join(kind.key for kind in retention.registered_kinds()),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        apply = bool(options["apply"])
        try:
            results = retention.run(apply=apply, keys=options["kinds"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from None
        self.stdout.write("Applying retention:" if apply else "Dry run (nothing is changed; use --apply):")
        for result in results:
            verb = {"delete": "deleted", "anonymise": "anonymised"}[result.kind.action]
            if not apply:
                verb = f"to be {verb}"
            cutoff = timezone.localtime(result.cutoff).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"  {result.kind.key}: {result.count} {verb} "
                f"(kept {result.days} days, before {cutoff}): {result.kind.description}"
            )
