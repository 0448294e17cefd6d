"""Database roles (DESIGN.md §4): what the application role may do, granted by the owner after `migrate`.

Two PostgreSQL roles:

- the **owner** (`DATABASE_URL` of the one-off `migrate` step) owns the schema and every table; it runs
  migrations and nothing else;
- the **application role** (`PORTAAL_DB_APP_ROLE`; `DATABASE_URL` of web, worker and beat) owns nothing. It may
  read and write the portal's tables, but on the audit table only SELECT and INSERT: no UPDATE, DELETE,
  TRUNCATE, REFERENCES or TRIGGER, and since it is not the owner it cannot ALTER the table, disable or drop its
  trigger. The retention purge reaches the old rows only through `hoofdzaak_auditlog_opschonen`, a SECURITY
  DEFINER function the owner owns (migration 0009), which deletes nothing younger than five years.

`ken_rechten_toe` runs after every `migrate` (post_migrate) when `PORTAAL_DB_APP_ROLE` is set, so a new table
is granted the moment it is created; default privileges cover tables made outside migrations. SQLite (the
demo) has no roles; nothing happens there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections
from psycopg import sql

AUDIT_TABEL = "hoofdzaak_auditregel"
OPSCHOON_FUNCTIE = "hoofdzaak_auditlog_opschonen(timestamp with time zone)"


def ken_rechten_toe(*, using: str = "default", app_rol: str | None = None) -> bool:
    """Grant the application role its rights in the database `using` connects to (as the owner)."""
    app_rol = app_rol if app_rol is not None else getattr(settings, "PORTAAL_DB_APP_ROLE", "")
    connection = connections[using]
    if not app_rol or connection.vendor != "postgresql":
        return False
    rol = sql.Identifier(app_rol)
    opdrachten = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}"),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"),
        # UPDATE (setval) for the benchmark generator, which writes ids itself; on the audit table's sequence it
        # could only cause gaps or failed inserts, never change a row (the chain does not rely on ids).
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}"),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"),
        # The audit table: read and append, nothing else.
        sql.SQL("REVOKE ALL ON TABLE " + AUDIT_TABEL + " FROM {}"),
        sql.SQL("GRANT SELECT, INSERT ON TABLE " + AUDIT_TABEL + " TO {}"),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [OPSCHOON_FUNCTIE])
        if cursor.fetchone()[0]:
            opdrachten += [
                sql.SQL("REVOKE ALL ON FUNCTION " + OPSCHOON_FUNCTIE + " FROM PUBLIC"),
                sql.SQL("GRANT EXECUTE ON FUNCTION " + OPSCHOON_FUNCTIE + " TO {}"),
            ]
        for opdracht in opdrachten:
            cursor.execute(opdracht.format(rol).as_string(cursor.connection))
    return True


def na_migreren(sender, using="default", **kwargs) -> None:
    # post_migrate fires once per app; granting once, after the last app, is enough.
    if sender.label == "hoofdzaak":
        ken_rechten_toe(using=using)
