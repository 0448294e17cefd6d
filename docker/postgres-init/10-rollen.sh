#!/usr/bin/env bash
# Runs once, when the `db` volume is first initialised (docker-entrypoint-initdb.d), as the image's superuser.
#
# Creates the two roles of docs/security.md "Databaserollen" and the portal's database:
#   * PORTAAL_DB_OWNER (owner): owns the database and, after `migrate`, every table; used only by the one-off
#     `migrate` service. Not a superuser, cannot create roles or databases.
#   * PORTAAL_DB_APP_ROLE (application role): web, worker and beat. Owns nothing; `migrate` grants it its
#     rights (hoofdzaak/rechten.py): on the audit table only SELECT and INSERT.
# The superuser (POSTGRES_USER) is used by nobody after this script.
set -euo pipefail

: "${PORTAAL_DB_NAME:?}" "${PORTAAL_DB_OWNER:?}" "${PORTAAL_DB_OWNER_PASSWORD:?}"
: "${PORTAAL_DB_APP_ROLE:?}" "${PORTAAL_DB_APP_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v eigenaar="$PORTAAL_DB_OWNER" -v eigenaar_ww="$PORTAAL_DB_OWNER_PASSWORD" \
    -v app="$PORTAAL_DB_APP_ROLE" -v app_ww="$PORTAAL_DB_APP_PASSWORD" -v db="$PORTAAL_DB_NAME" <<'SQL'
CREATE ROLE :"eigenaar" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'eigenaar_ww';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_ww';
CREATE DATABASE :"db" OWNER :"eigenaar";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
\connect :"db"
-- PostgreSQL 15: the public schema belongs to the database owner and PUBLIC may not create in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
SQL
