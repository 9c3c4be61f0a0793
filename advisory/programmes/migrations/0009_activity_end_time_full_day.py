from django.db import migrations, models


class Migration(migrations.Migration):
    """Full-day meetings (seed 003: "1 hel dag (4-6 timer)") as a day with a start and an end time (issue 14)."""

    dependencies = [
        ("programmes", "0008_activity_accepted_soft_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="end_time",
            field=models.TimeField(blank=True, null=True, verbose_name="end time"),
        ),
        migrations.AddField(
            model_name="activity",
            name="full_day",
            field=models.BooleanField(
                default=False,
                help_text="A full-day meeting (4–6 hours), from its start time to its end time.",
                verbose_name="full day",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_time__isnull", True),
                    models.Q(("end_time__gt", models.F("start_time")), ("start_time__isnull", False)),
                    _connector="OR",
                ),
                name="activity_time_range",
            ),
        ),
    ]
