"""The figures now read general employer contacts too (a begeleider's company visit counts as a face-to-face
employer contact for IPS, rapportage.figuren), so a write to them gives the region a new data version, like a
write to any other table the figures read (rapportage migration 0002: the trigger function lives there; the
statement is repeated here rather than imported, so this app imports nothing from rapportage)."""

from django.db import migrations

TABEL = "werkgevers_werkgeverscontact"


def maak_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
CREATE TRIGGER {TABEL}_cijfers_ins AFTER INSERT ON {TABEL}
    REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
CREATE TRIGGER {TABEL}_cijfers_upd AFTER UPDATE ON {TABEL}
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
CREATE TRIGGER {TABEL}_cijfers_del AFTER DELETE ON {TABEL}
    REFERENCING OLD TABLE AS oud FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
CREATE TRIGGER {TABEL}_cijfers_trunc AFTER TRUNCATE ON {TABEL}
    FOR EACH STATEMENT EXECUTE FUNCTION rapportage_cijfers_gewijzigd();
""",
        params=None,
    )


def verwijder_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for soort in ("ins", "upd", "del", "trunc"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABEL}_cijfers_{soort} ON {TABEL};", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("werkgevers", "0002_werkgeverscontact_index"),
        ("rapportage", "0002_cijferstand"),
    ]

    operations = [migrations.RunPython(maak_triggers, verwijder_triggers)]
