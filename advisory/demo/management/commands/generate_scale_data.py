from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from advisory.demo.scale import SCALE_PASSWORD, ScaleDataExists, scale_data_generate


class Command(BaseCommand):
    help = (
        "Generate benchmark data: by default ten times the Danish national volume over ten years (about 1,000 "
        "organisations, 5,000 programmes, 500 people). Run load_reference_data first; refuses a second run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = ten times the national volume.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (the same seed gives the same data).")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = float(options["scale"])
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        try:
            result = scale_data_generate(scale=scale, seed=int(options["seed"]), log=self.stdout.write)
        except ScaleDataExists as exc:
            raise CommandError(str(exc)) from exc
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Scale data ({scale:g}) in {result.seconds:.1f} s: {result.organisations} organisations, "
            f"{result.people} people ({result.memberships} memberships), {result.programmes} programmes, "
            f"{result.activities} activities, {result.trial_actions} trial actions, "
            f"{result.participants} meeting participants. Password for all: {SCALE_PASSWORD}"
        )
