"""The target's versions and their split per gemeente and partner (hoofdzaak 0011) are read by the dashboard,
whose rendered figures are cached under the region's data version (`rapportage.voorberekening`): a write to
them gives the region a new version, like a write to any other table the figures read (migration 0002, whose
trigger function these triggers call)."""

from django.db import migrations

TABELLEN = ("hoofdzaak_doelversie", "hoofdzaak_doeldeel")


def _triggers(tabel: str) -> str:
    return f"""
CREATE TRIGGER {tabel}_cijfers_ins AFTER INSERT ON {tabel}
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
CREATE TRIGGER {tabel}_cijfers_upd AFTER UPDATE ON {tabel}
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
CREATE TRIGGER {tabel}_cijfers_del AFTER DELETE ON {tabel}
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
CREATE TRIGGER {tabel}_cijfers_trunc AFTER TRUNCATE ON {tabel}
    FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
"""


def maak_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabel in TABELLEN:
        schema_editor.execute(_triggers(tabel), params=None)


def verwijder_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabel in TABELLEN:
        for soort in ("ins", "upd", "del", "trunc"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabel}_cijfers_{soort} ON {tabel};", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("hoofdzaak", "0011_doelversies"),
        ("rapportage", "0005_rapport_partner"),
    ]

    operations = [migrations.RunPython(maak_triggers, verwijder_triggers)]
