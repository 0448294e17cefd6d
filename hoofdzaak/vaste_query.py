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

    def _modellen(self) -> list[tuple[type[Model], str, str | None]]:
        """(model, alias, field name on the main model) of the main model and each related one."""
        modellen: list[tuple[type[Model], str, str | None]] = [(self.model, "t", None)]
        for i, naam in enumerate(self.relaties):
            modellen.append((self.model._meta.get_field(naam).related_model, f"r{i}", naam))
        return modellen

    def sql(self) -> str:
        if self._sql is None:
            kolommen, joins = [], []
            for model, alias, naam in self._modellen():
                for veld in model._meta.concrete_fields:
                    if hasattr(veld, "from_db_value"):
                        raise TypeError(f"{model.__name__}.{veld.name} wordt omgezet bij het lezen: gebruik de ORM")
                    kolommen.append(f'{alias}."{veld.column}"')
                if naam is not None:
                    fk = self.model._meta.get_field(naam)
                    joins.append(
                        f'INNER JOIN "{model._meta.db_table}" {alias} '
                        f'ON {alias}."{fk.target_field.column}" = t."{fk.column}"'
                    )
            # Names from the models' metadata and the module constants of the callers; values only as %s.
            tabel = self.model._meta.db_table
            limiet = f" LIMIT {int(self.limiet)}" if self.limiet else ""
            select = f'SELECT {", ".join(kolommen)} FROM "{tabel}" t {" ".join(joins)}'  # noqa: S608
            self._sql = f"{select} WHERE {self.waar} ORDER BY {self.volgorde}{limiet}"  # noqa: S608
        return self._sql

    def lijst(self, params: list, using: str = "default") -> list[Model]:
        sql = self.sql()
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rijen = cursor.fetchall()
        modellen = self._modellen()
        uit = []
        for rij in rijen:
            begin, hoofd = 0, None
            for model, _alias, naam in modellen:
                namen = [veld.attname for veld in model._meta.concrete_fields]
                instantie = model.from_db(using, namen, rij[begin : begin + len(namen)])
                begin += len(namen)
                if naam is None:
                    hoofd = instantie
                else:
                    setattr(hoofd, naam, instantie)
            uit.append(hoofd)
        return uit
