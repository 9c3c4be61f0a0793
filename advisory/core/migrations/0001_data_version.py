"""The data version's one-row table (advisory/core/changes.py). Made here rather than by a model so that
``flush`` leaves it alone and the number never goes back; the triggers that raise it are put on the tables by
``changes.install_triggers`` after every migrate."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE TABLE core_data_version (id integer PRIMARY KEY, version bigint NOT NULL)",
                "INSERT INTO core_data_version (id, version) VALUES (1, 0)",
            ],
            reverse_sql=["DROP TABLE core_data_version"],
        ),
    ]
