"""Make the audit log append-only in PostgreSQL (NEN 7513, DESIGN.md §4).

A row trigger refuses every UPDATE and DELETE on hoofdzaak_auditregel. The one way out is the
retention purge (`hoofdzaak.audit.purge_oude_auditregels`): a DELETE goes through only while the
transaction-local setting `hoofdzaak.audit_purge` is 'on' (`SET LOCAL hoofdzaak.audit_purge = 'on'`
or `set_config(..., true)`) AND the row is older than five years; a younger row is refused even
then. TRUNCATE is not blocked, because the test suite's flush between transactional tests uses it;
protection against the table's owner needs separate database roles, not a trigger.

SQLite (the local demo) has no such trigger; the hash chain still shows any change there.
"""

from django.db import migrations

FUNCTIE = """
CREATE OR REPLACE FUNCTION hoofdzaak_auditregel_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND COALESCE(current_setting('hoofdzaak.audit_purge', true), '') = 'on' THEN
        IF OLD.tijdstip < now() - interval '5 years' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit log is append-only: row % is younger than 5 years and may not be purged', OLD.id
            USING HINT = 'Audit log rows are kept at least 5 years (NEN 7513).';
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % of row % in hoofdzaak_auditregel is refused', TG_OP, OLD.id
        USING HINT = 'Only hoofdzaak.audit.purge_oude_auditregels may delete rows older than 5 years.';
END;
$$;
"""

TRIGGER = """
CREATE TRIGGER hoofdzaak_auditregel_alleen_toevoegen
BEFORE UPDATE OR DELETE ON hoofdzaak_auditregel
FOR EACH ROW EXECUTE FUNCTION hoofdzaak_auditregel_alleen_toevoegen();
"""


def maak_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIE, params=None)
    schema_editor.execute(TRIGGER, params=None)


def verwijder_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS hoofdzaak_auditregel_alleen_toevoegen ON hoofdzaak_auditregel;", params=None
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS hoofdzaak_auditregel_alleen_toevoegen();", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("hoofdzaak", "0002_auditregel"),
    ]

    operations = [
        migrations.RunPython(maak_trigger, verwijder_trigger),
    ]
