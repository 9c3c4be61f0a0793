"""The themes (prerequisites) worded as seed 004 words them (issue 14): no "(CTI, ICM, ACT)" in the name."""

from django.db import migrations, models

CHOICES = [
    ("housing", "A systematic approach to securing housing for the effort"),
    (
        "support",
        "A systematic practice of offering homeless citizens who move into their own home social support by the "
        "specialised support methods",
    ),
    (
        "organisation",
        "An organisation of and collaboration between relevant actors that supports carrying out the effort",
    ),
    ("case_handling", "Legal and social-professional quality in case handling for the target group"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0004_typed_dates_in_range"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model,
            name="prerequisite",
            field=models.CharField(choices=CHOICES, max_length=20, verbose_name="prerequisite"),
        )
        for model in ("developmentpoint", "practicemapping", "recommendation", "prerequisiterating")
    ]
