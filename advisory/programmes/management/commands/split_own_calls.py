from django.core.management.base import BaseCommand
from django.db import transaction

from advisory.programmes import scheduling
from advisory.programmes.models import Programme, ProgrammeStatus
from advisory.programmes.services import per_organisation_rows_sync


class Command(BaseCommand):
    help = (
        "Give every planned or running programme made before per-organisation calls one row per organisation of "
        "each call and preparation its template makes per organisation (the shared row's date, time and place go "
        "to each; those booked on it are booked on their organisation's row). Idempotent; run once after "
        "deploying this version."
    )

    def handle(self, *args: object, **options: object) -> None:
        programmes = Programme.objects.filter(status__in=[ProgrammeStatus.PLANNED, ProgrammeStatus.RUNNING])
        changed = created = 0
        for programme in programmes.select_related("template_version").iterator():
            template = programme.template_version.engine_template()
            split = {spec.key for spec in template.activities if scheduling.splits_per_organisation(spec)}
            if not split or not programme.activities.filter(template_key__in=split, organisation__isnull=True).exists():
                continue
            with transaction.atomic():
                keys = per_organisation_rows_sync(programme)
            changed += 1
            created += len(keys)
        self.stdout.write(f"Per-organisation rows: {created} made in {changed} programme(s).")
