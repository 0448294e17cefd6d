"""`Deelnemer.persoon` required, now that 0010 filled it (a migration of its own: PostgreSQL refuses to alter a
table in the transaction that just updated its rows when trigger events are pending)."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0010_koppelsleutel"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deelnemer",
            name="persoon",
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="persoon"),
        ),
    ]
