"""Existing deployments get the corrected built-in templates (issue 14) and their full-day meetings as a day with a
start and an end time.

- Each template whose newest version is still the one stored from the seeds (``load_reference_data``: version 1,
  "Fra kildedokumenterne.") and differs from today's ``data/templates/<kind>.json`` gets that file as a new version;
  new programmes use it, running ones keep theirs until an advisor moves them (after a preview). A template that
  administrators have versioned since is left to them.
- Stored meetings of 4 hours or more with a start time (the full days of seed 003, shown as "300 minutter") become
  full days ending when they ended (09:30 + 300 minutes: 14:30).

A database without templates (a new deployment, the tests) has nothing to change: ``load_reference_data`` then
stores today's files as version 1.
"""

import datetime

from django.db import migrations

SEEDED_NOTES = "Fra kildedokumenterne."
NOTES = (
    "Rettet efter kildedokumenterne (issue 14): gruppeforløbets tre faser (Forankre omfatter opfølgningen "
    "3 måneder efter), fasernes fokus, heldagsmøder med start- og sluttidspunkt, Social- og Boligstyrelsen."
)
FULL_DAY_MINUTES = 240
MEETING_FORMATS = ("virtual", "in_person")


def forwards(apps, schema_editor):
    from advisory.programmes.template_data import builtin_templates, template_from_dict

    ProgrammeTemplate = apps.get_model("programmes", "ProgrammeTemplate")
    TemplateVersion = apps.get_model("programmes", "TemplateVersion")
    Activity = apps.get_model("programmes", "Activity")
    templates = {template.kind: template for template in ProgrammeTemplate.objects.all()}
    for data in builtin_templates() if templates else ():
        template = templates.get(data["kind"])
        if template is None:
            continue
        newest = TemplateVersion.objects.filter(template=template).order_by("-number").first()
        if newest is None or newest.number != 1 or newest.notes != SEEDED_NOTES or newest.spec == data:
            continue
        template_from_dict(data)  # checked as the load checks it
        TemplateVersion.objects.create(template=template, number=2, spec=data, notes=NOTES, published=True)

    long_meetings = Activity.objects.filter(
        format__in=MEETING_FORMATS,
        duration_minutes__gte=FULL_DAY_MINUTES,
        start_time__isnull=False,
        full_day=False,
    )
    for activity in long_meetings.iterator():
        start = datetime.datetime.combine(datetime.date(2000, 1, 1), activity.start_time)
        end = start + datetime.timedelta(minutes=activity.duration_minutes)
        if end.date() != start.date():
            continue  # past midnight: not a day's meeting
        activity.full_day, activity.end_time, activity.duration_minutes = True, end.time(), None
        activity.save(update_fields=["full_day", "end_time", "duration_minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0011_per_organisation_activities"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
