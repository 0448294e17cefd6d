"""The per-region version of the figure data, kept by PostgreSQL triggers (`rapportage.cijfercache`).

Every INSERT, UPDATE and DELETE on a table the figures are computed from gives the regions of the
changed rows a new random `versie`, in the same transaction (statement triggers with transition
tables: one upsert per statement, however many rows). TRUNCATE of such a table renews every version.
A new region gets its row at once, so reading a version is always one SELECT.

SQLite (the local demo) gets no triggers: `cijfercache` does not cache there.
"""

import uuid

from django.db import migrations, models

# Tables whose rows the figures read (rapportage/figuren.py), each with a regio_id column.
BRONNEN = (
    "trajecten_traject",
    "trajecten_plaatsing",
    "trajecten_contactmoment",
    "trajecten_deelnemer",
    "hoofdzaak_organisatie",
    "hoofdzaak_doelstelling",
)

FUNCTIE = """
CREATE OR REPLACE FUNCTION rapportage_cijfers_gewijzigd() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE rapportage_cijferstand SET versie = gen_random_uuid();
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO rapportage_cijferstand (regio_id, versie)
        SELECT regio_id, gen_random_uuid() FROM (SELECT DISTINCT regio_id FROM nieuw) r
        WHERE regio_id IS NOT NULL ORDER BY regio_id
        ON CONFLICT (regio_id) DO UPDATE SET versie = EXCLUDED.versie;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO rapportage_cijferstand (regio_id, versie)
        SELECT regio_id, gen_random_uuid()
        FROM (SELECT regio_id FROM nieuw UNION SELECT regio_id FROM oud) r
        WHERE regio_id IS NOT NULL ORDER BY regio_id
        ON CONFLICT (regio_id) DO UPDATE SET versie = EXCLUDED.versie;
    ELSE
        INSERT INTO rapportage_cijferstand (regio_id, versie)
        SELECT regio_id, gen_random_uuid() FROM (SELECT DISTINCT regio_id FROM oud) r
        WHERE regio_id IS NOT NULL ORDER BY regio_id
        ON CONFLICT (regio_id) DO UPDATE SET versie = EXCLUDED.versie;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION rapportage_regio_erbij() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rapportage_cijferstand (regio_id, versie)
    SELECT id, gen_random_uuid() FROM nieuw ORDER BY id
    ON CONFLICT (regio_id) DO UPDATE SET versie = EXCLUDED.versie;
    RETURN NULL;
END;
$$;
"""


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
    schema_editor.execute(FUNCTIE, params=None)
    for tabel in BRONNEN:
        schema_editor.execute(_triggers(tabel), params=None)
    schema_editor.execute(
        "CREATE TRIGGER hoofdzaak_regio_cijferstand AFTER INSERT ON hoofdzaak_regio "
        "REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION rapportage_regio_erbij();",
        params=None,
    )
    schema_editor.execute(
        "INSERT INTO rapportage_cijferstand (regio_id, versie) SELECT id, gen_random_uuid() FROM hoofdzaak_regio "
        "ON CONFLICT (regio_id) DO NOTHING;",
        params=None,
    )


def verwijder_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabel in BRONNEN:
        for soort in ("ins", "upd", "del", "trunc"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabel}_cijfers_{soort} ON {tabel};", params=None)
    schema_editor.execute("DROP TRIGGER IF EXISTS hoofdzaak_regio_cijferstand ON hoofdzaak_regio;", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS rapportage_cijfers_gewijzigd();", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS rapportage_regio_erbij();", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0001_rapport_abonnement"),
        ("hoofdzaak", "0004_sessie_inloggen_geblokkeerd"),
        ("trajecten", "0004_retentie"),
    ]

    operations = [
        migrations.CreateModel(
            name="Cijferstand",
            fields=[
                ("regio_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("versie", models.UUIDField(default=uuid.uuid4)),
            ],
            options={"verbose_name": "cijferstand", "verbose_name_plural": "cijferstanden"},
        ),
        migrations.RunPython(maak_triggers, verwijder_triggers),
    ]
