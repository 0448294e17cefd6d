"""Queries of a fixed shape on every request, with their SQL built once per process.

Every page reads the signed-in user with its verified device, and the user's memberships with their
region and organisation. Through the ORM each of these costs more to compile (Django resolves the
lookups, the joins of `select_related` and the select list again on every call) than PostgreSQL needs
to answer it. `VasteQuery` builds the same SELECT once from the models' metadata — every concrete
field of the model and of the related models it joins, so a new field is read without a change
here — runs it through Django's cursor (so it counts and shows in every query log like any other) and
builds the instances with `Model.from_db`, the related ones set as `select_related` would.

Only for models whose fields need no conversion from the database value (no `from_db_value`): a
model that gains such a field makes `VasteQuery` refuse at first use, and tests/test_vaste_query.py
compares each query with its ORM twin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Model


@dataclass
class VasteQuery:
    model: type[Model]
    # Forward foreign keys of `model` to join and set, as select_related would.
    relaties: tuple[str, ...]
    # Condition on the main table (alias "t"), with %s placeholders.
    waar: str
    volgorde: str = 't."id"'
    limiet: int | None = None
    _sql: str | None = field(default=None, init=False, repr=False)

    def _modellen(self, prefix: str = "") -> list[tuple[type[Model], str, str | None]]:
        """(model, alias, field name on the main model) of the main model and each related one."""
        modellen: list[tuple[type[Model], str, str | None]] = [(self.model, f"{prefix}t", None)]
        for i, naam in enumerate(self.relaties):
            modellen.append((self.model._meta.get_field(naam).related_model, f"{prefix}r{i}", naam))
        return modellen

    def _delen(self, prefix: str = "") -> tuple[list[str], str]:
        """The select list and the joins of the main table's related ones, with aliases `prefix`t, `prefix`r0, …"""
        kolommen, joins = [], []
        for model, alias, naam in self._modellen(prefix):
            for veld in model._meta.concrete_fields:
                if hasattr(veld, "from_db_value"):
                    raise TypeError(f"{model.__name__}.{veld.name} wordt omgezet bij het lezen: gebruik de ORM")
                kolommen.append(f'{alias}."{veld.column}"')
            if naam is not None:
                fk = self.model._meta.get_field(naam)
                joins.append(
                    f'INNER JOIN "{model._meta.db_table}" {alias} '
                    f'ON {alias}."{fk.target_field.column}" = {prefix}t."{fk.column}"'
                )
        return kolommen, " ".join(joins)

    def sql(self) -> str:
        if self._sql is None:
            kolommen, joins = self._delen()
            # Names from the models' metadata and the module constants of the callers; values only as %s.
            tabel = self.model._meta.db_table
            limiet = f" LIMIT {int(self.limiet)}" if self.limiet else ""
            select = f'SELECT {", ".join(kolommen)} FROM "{tabel}" t {joins}'  # noqa: S608
            self._sql = f"{select} WHERE {self.waar} ORDER BY {self.volgorde}{limiet}"  # noqa: S608
        return self._sql

    def _bouw(self, rij: tuple, begin: int, using: str) -> tuple[Model, int]:
        """The main instance (related ones set) from the row's columns at `begin`; and where its columns end."""
        hoofd = None
        for model, _alias, naam in self._modellen():
            namen = [veld.attname for veld in model._meta.concrete_fields]
            instantie = model.from_db(using, namen, rij[begin : begin + len(namen)])
            begin += len(namen)
            if naam is None:
                hoofd = instantie
            else:
                setattr(hoofd, naam, instantie)
        return hoofd, begin

    def lijst(self, params: list, using: str = "default") -> list[Model]:
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql(), params)
            rijen = cursor.fetchall()
        return [self._bouw(rij, 0, using)[0] for rij in rijen]


@dataclass
class MetErbij:
    """A VasteQuery's rows with, in the same round trip, the rows of another that belong to each (LEFT JOIN): e.g.
    the signed-in user's device and user with the user's memberships. `op`: the join condition, the main query's
    tables as t, r0, … and the other's as et, er0, … (no placeholders); the other's own `waar` is not used."""

    hoofd: VasteQuery
    erbij: VasteQuery
    op: str
    _sql: str | None = field(default=None, init=False, repr=False)

    def sql(self) -> str:
        if self._sql is None:
            kolommen, joins = self.hoofd._delen()
            erbij_kolommen, erbij_joins = self.erbij._delen("e")
            hoofd_tabel, erbij_tabel = self.hoofd.model._meta.db_table, self.erbij.model._meta.db_table
            van = f'"{hoofd_tabel}" t {joins} LEFT JOIN ("{erbij_tabel}" et {erbij_joins}) ON {self.op}'  # noqa: S608
            volgorde = f'{self.hoofd.volgorde}, et."{self.erbij.model._meta.pk.column}"'
            self._sql = (
                f"SELECT {', '.join(kolommen + erbij_kolommen)} FROM {van} "  # noqa: S608
                f"WHERE {self.hoofd.waar} ORDER BY {volgorde}"
            )
        return self._sql

    def lijst(self, params: list, using: str = "default") -> list[tuple[Model, list[Model]]]:
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql(), params)
            rijen = cursor.fetchall()
        velden = [veld.attname for veld in self.erbij.model._meta.concrete_fields]
        pk_plaats = velden.index(self.erbij.model._meta.pk.attname)
        uit: list[tuple[Model, list[Model]]] = []
        for rij in rijen:
            hoofd, begin = self.hoofd._bouw(rij, 0, using)
            if not uit or uit[-1][0].pk != hoofd.pk:
                uit.append((hoofd, []))
            if rij[begin + pk_plaats] is not None:  # NULL: the main row has none
                uit[-1][1].append(self.erbij._bouw(rij, begin, using)[0])
        return uit
