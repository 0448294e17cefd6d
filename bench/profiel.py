"""Where the time of the region home (a) goes, per middleware, view and template (docs/performance.md).

    PGPASSWORD=hoofdzaak .venv/bin/python -m bench.profiel [requests] [path] [wie]

Against the benchmark database of `make bench` (hoofdzaak_landelijk, its settings), in-process with
Django's test client and the session of bench-<wie> (default km, the klantmanager of page (a)). Every
middleware is wrapped with a timer as Django builds the chain, so "self" is its own time without the
layers inside it; every template likewise (a template's blocks render inside the template it extends). Lazy objects are
evaluated where they are first touched (the session, `request.user` and the verified device in the
first middleware that reads `request.user`).
"""

from __future__ import annotations

import collections
import importlib.util
import sys
import time
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent


def _benchscript():
    spec = importlib.util.spec_from_file_location("benchscript", BASIS / "scripts/bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(aantal: int = 300, pad: str = "/rijnmond/", wie: str = "km") -> None:
    import django.core.handlers.base as base

    inclusief: dict[str, float] = collections.defaultdict(float)
    volgorde: list[str] = []
    origineel = base.convert_exception_to_response

    def met_klok(get_response):
        binnen = origineel(get_response)
        if hasattr(get_response, "__func__") or hasattr(get_response, "__code__"):
            naam = get_response.__qualname__
        else:
            naam = f"{type(get_response).__module__}.{type(get_response).__name__}"
        volgorde.append(naam)

        def getimed(request):
            start = time.perf_counter()
            antwoord = binnen(request)
            inclusief[naam] += time.perf_counter() - start
            return antwoord

        return getimed

    base.convert_exception_to_response = met_klok
    bench = _benchscript()
    bench.django_opzetten()

    from django.conf import settings
    from django.db import connection
    from django.template.backends import django as backend
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import landelijk
    from hoofdzaak.models import Gebruiker

    template_s = [0.0]
    render = backend.Template.render

    def getimede_render(self, *args, **kwargs):
        start = time.perf_counter()
        uit = render(self, *args, **kwargs)
        template_s[0] += time.perf_counter() - start
        return uit

    backend.Template.render = getimede_render

    # Per template (extends and includes included): own time = inclusive minus the templates inside it.
    from django.template import base as template_base

    per_template: dict[str, float] = collections.defaultdict(float)
    stapel: list[float] = []
    eigen_render = template_base.Template._render

    def getimede_eigen_render(self, context):
        stapel.append(0.0)
        start = time.perf_counter()
        try:
            return eigen_render(self, context)
        finally:
            duur = time.perf_counter() - start
            binnen = stapel.pop()
            per_template[self.origin.template_name or "?"] += duur - binnen
            if stapel:
                stapel[-1] += duur

    template_base.Template._render = getimede_eigen_render
    gebruiker = Gebruiker.objects.get(email=f"bench-{wie}@{landelijk.DOMEIN}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = bench.sessie_voor(gebruiker)
    for _ in range(30):
        client.get(pad)
    inclusief.clear()
    per_template.clear()
    template_s[0] = 0.0
    sql_s, queries = 0.0, 0
    start = time.perf_counter()
    for _ in range(aantal):
        with CaptureQueriesContext(connection) as vastgelegd:
            client.get(pad)
        sql_s += sum(float(q["time"]) for q in vastgelegd.captured_queries)
        queries += len(vastgelegd.captured_queries)
    totaal_ms = (time.perf_counter() - start) / aantal * 1000
    print(
        f"{pad}: {totaal_ms:.2f} ms per request (test client), {queries / aantal:.0f} queries, "
        f"SQL {sql_s / aantal * 1000:.2f} ms, template render {template_s[0] / aantal * 1000:.2f} ms"
    )
    lagen = list(reversed(volgorde))  # outermost first
    for i, naam in enumerate(lagen):
        incl = inclusief[naam] / aantal * 1000
        binnen = inclusief[lagen[i + 1]] / aantal * 1000 if i + 1 < len(lagen) else 0.0
        print(f"  {naam:<62} incl {incl:7.2f}  self {incl - binnen:7.2f} ms")
    print("templates (own time, without the templates they extend or include):")
    for naam, seconden in sorted(per_template.items(), key=lambda x: -x[1]):
        print(f"  {naam:<62} self {seconden / aantal * 1000:7.2f} ms")


if __name__ == "__main__":
    main(*(int(sys.argv[1]),) if len(sys.argv) > 1 else (), *sys.argv[2:4])
