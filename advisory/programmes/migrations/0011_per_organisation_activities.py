# Issue 14: an organisation's own calls and preparations are one activity per organisation, and the advisors
# offer times for those calls that each organisation's coordinator books.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import advisory.core.dates


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_verbose_names"),
        ("programmes", "0010_group_goals_feedback_wishes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="Set for an organisation's own call or preparation; empty for what the group shares.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programme_activities",
                to="organisations.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.CreateModel(
            name="SlotOffer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("template_key", models.CharField(max_length=64, verbose_name="template activity")),
                ("occurrence", models.PositiveSmallIntegerField(default=1, verbose_name="occurrence")),
                (
                    "starts_on",
                    models.DateField(validators=[advisory.core.dates.validate_date_in_range], verbose_name="date"),
                ),
                ("start_time", models.TimeField(verbose_name="start time")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "booked_by_activity",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="booked_offer",
                        to="programmes.activity",
                        verbose_name="booked for",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slot_offers",
                        to="programmes.programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "offered time",
                "verbose_name_plural": "offered times",
                "ordering": ("programme", "template_key", "occurrence", "starts_on", "start_time"),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme", "template_key", "occurrence", "starts_on", "start_time"),
                        name="unique_slot_offer",
                    )
                ],
            },
        ),
    ]
