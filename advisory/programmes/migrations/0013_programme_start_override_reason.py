"""Programme.start_override_reason: why a programme of a kind that starts in seasons only (taskforce: spring and
autumn, seed 004) starts outside them – the advisor's override, kept with the programme (and in its audit log)."""

from django.db import migrations, models

import advisory.core.cpr


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0012_template_versions_from_corrected_seeds"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="start_override_reason",
            field=models.TextField(
                blank=True,
                help_text="Why the programme starts outside its kind's start seasons (empty: it starts within them).",
                max_length=2000,
                validators=[advisory.core.cpr.validate_no_cpr],
                verbose_name="reason for starting outside the seasons",
            ),
        ),
    ]
