"""An index for "which rows showed participant X": the list views' `getoonde_nummers` (PostgreSQL only).

A list view writes one audit row naming every participant number it showed (space-separated). The
participant's own access log (AVG art. 15) and the audit log search on a number look for a number among
them (`AuditRegelQuerySet.toont`), with `string_to_array(getoonde_nummers, ' ') @> ARRAY[nummer]`: this GIN
index over the same expression, partial to the rows that list numbers, finds them without reading the
region's whole log. Built CONCURRENTLY (so outside a transaction), so writers to the log are not held up
while it is built on a large table. SQLite (the demo) compares text and has no such index.
"""

from django.db import migrations

INDEX = "auditregel_getoonde_nummers"


def maak_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON hoofdzaak_auditregel "
        "USING gin (string_to_array(getoonde_nummers, ' ')) WHERE getoonde_nummers <> ''",
        params=None,
    )


def verwijder_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}", params=None)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("hoofdzaak", "0013_onbestelbaar_adres"),
    ]

    operations = [
        migrations.RunPython(maak_index, verwijder_index),
    ]
