"""Queries of a fixed shape on every request, with their SQL built once per process.

Every page reads the signed-in user with its verified device, and the user's memberships with their
region and organisation. Through the ORM each of these costs more to compile (Django resolves the
lookups, the joins of `select_related` and the select list again on every call) than PostgreSQL needs
to answer it. `VasteQuery` builds the same SELECT once from the models' metadata — every concrete
field of the model and of the related models it joins, so a new field is read without a change
here — runs it through Django's cursor (so it counts and shows in every query log like any other) and
builds the instances with `Model.from_db`, the related ones set as `select_related` would. On PostgreSQL it runs as a
statement prepared once per connection, as a QuerySjabloon's does (`_voorbereid`): planned once, not on every
request (the region home (a) ~0.2 ms, 10–15 %, cheaper in-process).

Only for models whose fields need no conversion from the database value (no `from_db_value`): a
model that gains such a field makes `VasteQuery` refuse at first use, and tests/test_vaste_query.py
compares each query with its ORM twin.

`QuerySjabloon` does the same for an ORM queryset of fixed shape (the access check of a participant's page, the
figures' shared queries in rapportage/figuren.py): Django compiles it once per process, later calls put their values
in its parameters' places (see its docstring).
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import logging
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import get_args, get_origin

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, ValuesListIterable
from django.db.models.sql.compiler import SQLCompiler
from psycopg.types.numeric import Int2, Int4, Int8


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
            cursor.execute(_uit_te_voeren(using, self.sql(), params), params)
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
            cursor.execute(_uit_te_voeren(using, self.sql(), params), params)
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


# Stand-ins for the values of a QuerySjabloon while Django compiles it once, in two sets (`basis` 0 and 7,000): of the
# field's type and within the range of even a small integer field (Django leaves an out-of-range integer out of the
# SQL), unlike the constants of a query, and a string as a normalised number leaves it (strip, upper). A list (`list`
# of ints, `list[str]`, for `__in`, at most MAX_LENGTE long) gets one stand-in per element; its length is part of the
# SQL's shape.
_SCHILDWACHTEN = {
    int: lambda k: 20_000 + k,
    str: lambda k: f"SCHILDWACHT-{k}-Q7X",
    datetime.date: lambda k: datetime.date(1900, 1, 2) + datetime.timedelta(days=k),
}
MAX_LENGTE = 99


def _element(soort) -> type | None:
    """The type of a list's elements (`list` alone: int), None for a single value."""
    if soort is list:
        return int
    return get_args(soort)[0] if get_origin(soort) is list else None


def _schildwacht(soort, basis: int, i: int, lengte: int):
    element = _element(soort)
    if element is None:
        return _SCHILDWACHTEN[soort](basis + i)
    return [_SCHILDWACHTEN[element](basis + 100 * (i + 1) + j) for j in range(lengte)]


def _past(waarde, soort) -> bool:
    element = _element(soort)
    if element is None:
        return type(waarde) is soort
    return type(waarde) is list and 0 < len(waarde) <= MAX_LENGTE and all(type(x) is element for x in waarde)


@dataclass(frozen=True)
class _Vast:
    """A parameter of the compiled SQL that is part of the query's shape (a codename, a status), not a value."""

    waarde: object


class _Gecompileerd:
    """Stands in for a QuerySet's Query: hands Django's ModelIterable the compiler with the SQL already made."""

    def __init__(self, compiler: SQLCompiler) -> None:
        self.compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True) -> SQLCompiler:
        return self.compiler


@dataclass(frozen=True)
class _Waarde:
    """A parameter of the compiled SQL that is a value of the call: `naam`, its element `index` for a list; `soort`
    the class Django gave the stand-in (psycopg's Int2/Int4 for a small integer field), so the value gets it too."""

    naam: str
    index: int | None
    soort: type

    def uit(self, waarden: dict):
        waarde = waarden[self.naam] if self.index is None else waarden[self.naam][self.index]
        return waarde if type(waarde) is self.soort else self.soort(waarde)


def _plaats(param, schildwachten: dict) -> _Waarde | _Vast:
    """Which value of the call a parameter of the compiled SQL is, or _Vast: part of the query's shape."""
    for naam, schildwacht in schildwachten.items():
        kandidaten = schildwacht if isinstance(schildwacht, list) else [schildwacht]
        for index, kandidaat in enumerate(kandidaten):
            if isinstance(param, type(kandidaat)) and param == kandidaat and type(param) is not bool:
                return _Waarde(naam, index if isinstance(schildwacht, list) else None, type(param))
    return _Vast(param)


logger = logging.getLogger(__name__)

# PostgreSQL parameter types of a prepared statement, from the classes Django gives the parameters (psycopg's Int2 and
# Int4 for small and regular integer fields; a plain int is a key, bigint). Most specific first.
_PG_SOORTEN = (
    (bool, "boolean"),
    (Int2, "int2"),
    (Int4, "int4"),
    (Int8, "int8"),
    (int, "int8"),
    (str, "text"),
    (datetime.datetime, "timestamptz"),
    (datetime.date, "date"),
)
# Per open psycopg connection: the names of the statements prepared on it (gone with the connection).
_VOORBEREID: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _pg_soort(waarde) -> str | None:
    return next((naam for soort, naam in _PG_SOORTEN if isinstance(waarde, soort)), None)


def _met_dollars(sql: str) -> str:
    """Django's `%s` placeholders as PostgreSQL's `$1, $2, …` (and `%%` as `%`), for PREPARE."""
    teller = iter(range(1, 100_000))
    return re.sub(r"%s|%%", lambda m: "%" if m.group(0) == "%%" else f"${next(teller)}", sql)


def _voorbereid(using: str, sql: str, params: tuple) -> str | None:
    """`EXECUTE …` of `sql` prepared on this connection (PREPARE at its first use there), or None: not PostgreSQL,
    inside a transaction (a PREPARE that fails there would abort it; the statement is prepared at a later call in
    autocommit), a parameter of another type, switched off (PORTAAL_VOORBEREIDE_QUERIES) or refused by PostgreSQL.
    A prepared statement is planned once per connection instead of on every call (PostgreSQL's plan cache: custom
    plans for the first five runs, then the generic one where it is as good)."""
    verbinding = connections[using]
    if verbinding.vendor != "postgresql" or not settings.PORTAAL_VOORBEREIDE_QUERIES:
        return None
    soorten = [_pg_soort(p) for p in params]
    if None in soorten:
        return None
    naam = "hz_" + hashlib.sha256(f"{sql}|{soorten}".encode()).hexdigest()[:24]
    uitvoeren = f"EXECUTE {naam}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {naam}"
    bekend = _VOORBEREID.get(verbinding.connection) if verbinding.connection is not None else None
    if bekend is not None and naam in bekend:
        return uitvoeren
    if verbinding.in_atomic_block or not verbinding.get_autocommit():
        return None
    try:
        with verbinding.cursor() as cursor:
            cursor.execute(f"PREPARE {naam} ({', '.join(soorten)}) AS {_met_dollars(sql)}")
    except DatabaseError:
        logger.warning("query niet voor te bereiden; gewoon uitgevoerd: %s", sql[:200], exc_info=True)
        return None
    _VOORBEREID.setdefault(verbinding.connection, set()).add(naam)
    return uitvoeren


def _uit_te_voeren(using: str, sql: str, params) -> str:
    """What to send for `sql` with `params`: `EXECUTE` of its prepared statement where it can be (`_voorbereid`), else
    the SQL itself."""
    return _voorbereid(using, sql, tuple(params)) or sql


# What a QuerySjabloon's queryset may give: model instances, dicts (values()) or tuples (values_list(), not flat).
_RIJEN = (ModelIterable, ValuesIterable, ValuesListIterable)


@dataclass(frozen=True)
class _Vertaald:
    """A QuerySjabloon compiled: the compiler, its SQL, per parameter its place, what the rows are (one of _RIJEN)
    and their columns' names (the keys of values()' dicts)."""

    compiler: SQLCompiler
    sql: str
    plaatsen: list
    rijen: type
    kolommen: tuple[str, ...]


@dataclass
class QuerySjabloon:
    """A queryset of fixed shape, compiled by Django once per process and run with new values since.

    `bouw(**waarden)` builds the queryset with the ORM, as the caller would on every request; `soorten` names its
    values and their types (int, str, datetime.date; `list` of ints or `list[str]`, compiled once per length). At first
    use it is built with a stand-in per value and compiled; each stand-in must come out as a parameter of the SQL
    as it went in, so that the value of a later call can take its place (a value that a lookup changes makes it
    refuse). Values that are equal in a call get one stand-in, and the SQL is compiled once per such pattern: `bouw`
    may compare its values for equality (the figures count two equal date ranges once), not for order. Later calls
    put their values in the stand-ins' places and run that SQL through Django's own compiler and ModelIterable
    (select_related, only, annotations and converters as with the queryset itself; not prefetch_related, whose
    querysets may hold the call's values: the caller prefetches), or for `values()` and `values_list()` their dicts
    and tuples. On PostgreSQL only; a call on another database (the demo's SQLite), with a value of another type
    (None, which changes the SQL's shape) or with an empty list runs the ORM's queryset instead.

    With settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN (the test suite) every call compiles the ORM's queryset too
    and raises when its SQL or parameters differ, so every test that reaches a caller checks the template.
    """

    bouw: Callable[..., QuerySet]
    soorten: dict[str, type]
    _vertaald: dict = field(default_factory=dict, init=False, repr=False)

    def _compileer(self, using: str, lengtes: tuple[int, ...], gelijk: tuple[int, ...], basis: int) -> _Vertaald:
        lengte = iter(lengtes)
        namen = list(self.soorten)
        schildwachten: dict = {}
        for i, (naam, soort) in enumerate(self.soorten.items()):
            n = next(lengte) if _element(soort) else 0
            # A value equal to an earlier one of the call gets that one's stand-in (see the class docstring).
            eerder = namen[gelijk[i]]
            schildwachten[naam] = schildwachten[eerder] if eerder != naam else _schildwacht(soort, basis, i, n)
        queryset = self.bouw(**schildwachten)
        if queryset._iterable_class not in _RIJEN or queryset._prefetch_related_lookups:
            # A prefetch's queryset may hold values of the call (the region): the caller prefetches itself.
            raise TypeError("QuerySjabloon: alleen modelrijen, values() of values_list(), zonder prefetch_related")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        plaatsen = [_plaats(p, schildwachten) for p in params]
        gebruikt = {p.naam for p in plaatsen if isinstance(p, _Waarde)}
        ontbrekend = sorted(naam for i, naam in enumerate(namen) if namen[gelijk[i]] not in gebruikt)
        if ontbrekend:
            raise ValueError(f"QuerySjabloon: {ontbrekend} niet letterlijk in de SQL")
        if any(isinstance(p, _Vast) and isinstance(p.waarde, datetime.date) for p in plaatsen):
            # E.g. timezone.localdate() inside a queryset method: compiled once, it would stay that day's.
            raise ValueError("QuerySjabloon: een datum in de SQL die geen waarde is; geef hem mee als waarde")
        query = queryset.query
        kolommen = tuple(query.selected or (*query.values_select, *query.annotation_select))
        return _Vertaald(compiler, sql, plaatsen, queryset._iterable_class, kolommen)

    def _vertaal(self, using: str, lengtes: tuple[int, ...], gelijk: tuple[int, ...]) -> _Vertaald:
        gevonden = self._vertaald.get((using, lengtes, gelijk))
        if gevonden is None:
            gevonden = self._compileer(using, lengtes, gelijk, 0)
            # Again with other stand-ins: a constant that happened to equal one, or a shape that follows a value,
            # shows as a difference.
            nogmaals = self._compileer(using, lengtes, gelijk, 7_000)
            if (nogmaals.sql, nogmaals.plaatsen) != (gevonden.sql, gevonden.plaatsen):
                raise ValueError("QuerySjabloon: de SQL hangt af van de waarden")
            self._vertaald[(using, lengtes, gelijk)] = gevonden
        return gevonden

    def _gelijk(self, waarden: dict) -> tuple[int, ...]:
        """Per value, the position of the first value of the call equal to it (of the same type): its own or earlier."""
        eerste: dict = {}
        uit = []
        for i, naam in enumerate(self.soorten):
            waarde = waarden[naam]
            sleutel = (type(waarde), tuple(waarde) if type(waarde) is list else waarde)
            uit.append(eerste.setdefault(sleutel, i))
        return tuple(uit)

    def lijst(self, using: str = "default", **waarden) -> list:
        if waarden.keys() != self.soorten.keys():
            raise TypeError(f"QuerySjabloon verwacht {sorted(self.soorten)}, kreeg {sorted(waarden)}")
        if connections[using].vendor != "postgresql" or not all(
            _past(waarden[naam], soort) for naam, soort in self.soorten.items()
        ):
            # The demo's SQLite adapts some values as they go in (a date becomes text): the ORM's queryset there.
            return list(self.bouw(**waarden).using(using))
        lengtes = tuple(len(waarden[naam]) for naam, soort in self.soorten.items() if _element(soort))
        vertaald = self._vertaal(using, lengtes, self._gelijk(waarden))
        compiler, sql = vertaald.compiler, vertaald.sql
        params = tuple(p.waarde if isinstance(p, _Vast) else p.uit(waarden) for p in vertaald.plaatsen)
        if settings.PORTAAL_QUERYSJABLONEN_CONTROLEREN:
            orm_sql, orm_params = self.bouw(**waarden).query.get_compiler(using=using).as_sql()
            if (orm_sql, tuple(orm_params)) != (sql, params):
                raise RuntimeError(f"QuerySjabloon wijkt af van de ORM:\n{sql}\n{params}\n{orm_sql}\n{orm_params}")
        uit_te_voeren = _uit_te_voeren(using, sql, params)
        kopie = copy.copy(compiler)
        kopie.connection = connections[using]
        kopie.as_sql = lambda *_args, **_kwargs: (uit_te_voeren, params)
        if vertaald.rijen is ValuesListIterable:
            return list(kopie.results_iter(tuple_expected=True))
        if vertaald.rijen is ValuesIterable:  # dicts, as ValuesIterable makes them
            return [dict(zip(vertaald.kolommen, rij, strict=True)) for rij in kopie.results_iter()]
        return list(QuerySet(compiler.query.model, query=_Gecompileerd(kopie), using=using))


def zet_voorgeladen(instanties: list[Model], naam: str, rijen: list[Model]) -> None:
    """Leave the reverse foreign key `naam` of each of `instanties` as prefetch_related leaves it, with `rijen` (the
    related rows of all of them, in the order wanted, e.g. from a QuerySjabloon): `instantie.<naam>.all()` gives its
    own rows without a query, and each row's foreign key is the instance. What Django's prefetch_one_level does for
    a reverse foreign key to the primary key; the manager's queryset keeps its relation filter, so a `.filter()` on
    it later still reads only the instance's own rows."""
    if not instanties:
        return
    veld = getattr(type(instanties[0]), naam).field
    if veld.many_to_many or veld.remote_field.field_name != veld.related_model._meta.pk.name:
        raise TypeError(f"zet_voorgeladen: {naam} is geen omgekeerde foreign key naar de primaire sleutel")
    per_id: dict = {}
    for rij in rijen:
        per_id.setdefault(getattr(rij, veld.attname), []).append(rij)
    for instantie in instanties:
        eigen = per_id.get(instantie.pk, [])
        for rij in eigen:
            if not veld.is_cached(rij):
                veld.set_cached_value(rij, instantie)
        queryset = getattr(instantie, naam).get_queryset()
        queryset._result_cache = eigen
        queryset._prefetch_done = True
        instantie.__dict__.setdefault("_prefetched_objects_cache", {})[veld.remote_field.cache_name] = queryset
