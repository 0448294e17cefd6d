"""Demo participants: a few dozen per region in every status, with consents, contacts and peer support.

Everything goes through the actions, as a real user would do it, so grants and audit rows are
derived exactly as in production. Deterministic (seeded) and idempotent: a region that already
has participants is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hoofdzaak import actions as core_actions
from hoofdzaak.demo import demo_email
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Gebruiker, Lidmaatschap, Organisatie, Regio, Rol, Soort
from hoofdzaak.tenancy import RegioContext

from . import actions
from .models import ContactSoort, Deelnemer, Eindreden, Methode, Uitkering

VOORNAMEN = [
    "Sanne",
    "Mohamed",
    "Eva",
    "Daan",
    "Fatima",
    "Lucas",
    "Noor",
    "Sem",
    "Yara",
    "Bram",
    "Ilse",
    "Joris",
    "Aylin",
    "Thijs",
    "Lotte",
    "Kevin",
    "Priya",
    "Ruben",
    "Marieke",
    "Tim",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "el Amrani",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Yilmaz",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kaya",
    "Dekker",
    "van Leeuwen",
]
# Per region: (status, how many) — every status of the lifecycle occurs.
VERDELING = [("aangemeld", 4), ("afgewezen", 2), ("intake", 5), ("gestart", 16), ("beeindigd", 9)]


def _ctx(lidmaatschap: Lidmaatschap) -> RegioContext:
    return RegioContext(regio=lidmaatschap.regio, lidmaatschap=lidmaatschap, lidmaatschappen=(lidmaatschap,))


def _lid(regio: Regio, rol: str) -> Lidmaatschap:
    return Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(
        regio=regio, rol=rol, gebruiker__email=demo_email(rol, regio.slug)
    )


def _begeleiders(regio: Regio) -> list[Lidmaatschap]:
    """The demo trajectbegeleider plus one colleague (who cannot log in) at every other provider."""
    leden = [_lid(regio, Rol.TRAJECTBEGELEIDER)]
    for organisatie in Organisatie.objects.in_regio(regio).filter(soort__in=[Soort.GGZ, Soort.REINTEGRATIE]):
        if organisatie.pk == leden[0].organisatie_id:
            continue
        email = f"begeleider.{organisatie.pk}@{regio.slug}.voorbeeld"
        gebruiker = Gebruiker.objects.filter(email=email).first() or Gebruiker.objects.create_user(
            email=email, naam=f"Begeleider {organisatie.naam}"
        )
        lid = core_actions.voeg_lidmaatschap_toe(
            gebruiker=gebruiker, organisatie=organisatie, rol=Rol.TRAJECTBEGELEIDER
        )
        leden.append(Lidmaatschap.objects.select_related("regio", "organisatie", "gebruiker").get(pk=lid.pk))
    return leden


def _gegevens(rnd: random.Random, gemeenten: list[Organisatie]) -> dict:
    return {
        "voornaam": rnd.choice(VOORNAMEN),
        "achternaam": rnd.choice(ACHTERNAMEN),
        "geboortedatum": datetime.date(rnd.randint(1966, 2002), rnd.randint(1, 12), rnd.randint(1, 28)),
        "woongemeente": rnd.choice(gemeenten),
        "postcode": f"{rnd.randint(1000, 9999)} {rnd.choice(['AB', 'CD', 'EK', 'GH', 'LM'])}",
        "telefoon": f"06 {rnd.randint(10000000, 99999999)}",
        "email": f"deelnemer{rnd.randint(100, 999)}@voorbeeld.nl",
        "uitkering": rnd.choice(Uitkering.values),
        "wens_sectoren": rnd.sample(Sector.values, 2),
        "wens_uren": rnd.choice([12, 16, 20, 24, 32]),
        "wens_plaats": "",
    }


def _toestemming(organisatie: Organisatie, gegeven_op: datetime.date) -> dict:
    return {
        "organisatie": organisatie,
        "gegeven_op": gegeven_op,
        "geldig_tot": gegeven_op + datetime.timedelta(days=730),
        "vorm": "schriftelijk",
    }


@transaction.atomic
def _laad_regio(regio: Regio, rnd: random.Random) -> int:
    vandaag = timezone.localdate()
    klantmanager = _ctx(_lid(regio, Rol.KLANTMANAGER))
    peer = _lid(regio, Rol.PEER_SUPPORTER)
    begeleiders = [_ctx(lid) for lid in _begeleiders(regio)]
    gemeenten = list(Organisatie.objects.in_regio(regio).gemeenten())
    uwv = Organisatie.objects.in_regio(regio).filter(soort=Soort.UWV).first()
    aantal = 0
    for status, hoeveel in VERDELING:
        for i in range(hoeveel):
            aantal += 1
            # Most go to the demo begeleider's organisation, so its caseload is full; the rest spread out.
            begeleider = begeleiders[0] if i % 3 else rnd.choice(begeleiders)
            gegevens = _gegevens(rnd, gemeenten)
            if i % 4 == 0:
                gegevens["woongemeente"] = klantmanager.organisatie
            begin = vandaag - datetime.timedelta(days=rnd.randint(20, 520))
            if status in ("aangemeld", "afgewezen"):
                traject = actions.meld_aan(
                    ctx=klantmanager,
                    deelnemer=gegevens,
                    aanbieder=begeleider.organisatie,
                    methode=Methode.IPS if begeleider.organisatie.soort == Soort.GGZ else Methode.JOBCOACHING,
                    verwijsdatum=vandaag - datetime.timedelta(days=rnd.randint(1, 12)),
                    toelichting="Gemotiveerd om weer aan het werk te gaan.",
                    toestemming={
                        k: v
                        for k, v in _toestemming(
                            klantmanager.organisatie, vandaag - datetime.timedelta(days=12)
                        ).items()
                        if k != "organisatie"
                    },
                )
                if status == "afgewezen":
                    actions.wijs_aanmelding_af(
                        ctx=begeleider,
                        traject=traject,
                        versie=traject.versie,
                        reden="Past beter bij een traject met meer zorgbegeleiding.",
                    )
                continue
            toestemmingen = [_toestemming(gegevens["woongemeente"], begin)]
            if uwv is not None and gegevens["uitkering"] in (Uitkering.WW, Uitkering.WIA_WGA, Uitkering.WAJONG):
                toestemmingen.append(_toestemming(uwv, begin))
            traject = actions.registreer_intake(
                ctx=begeleider,
                deelnemer=gegevens,
                methode=Methode.IPS
                if begeleider.organisatie.soort == Soort.GGZ
                else rnd.choice([Methode.JOBCOACHING, Methode.GEMEENTE, Methode.WERK_ALS_BESTE_ZORG]),
                intakedatum=begin,
                startdatum=None if status == "intake" else begin + datetime.timedelta(days=rnd.randint(3, 14)),
                situatie_bij_start="met_werk" if i % 7 == 3 else "zonder_werk",
                verwijzer=gegevens["woongemeente"] if i % 2 else None,
                toestemmingen=toestemmingen if i % 5 else [],
            )
            if status == "intake":
                continue
            for dag in sorted(
                rnd.sample(
                    range(0, max(2, (vandaag - traject.startdatum).days)),
                    k=min(5, (vandaag - traject.startdatum).days or 1),
                )
            ):
                actions.log_contact(
                    ctx=begeleider,
                    traject=traject,
                    datum=traject.startdatum + datetime.timedelta(days=dag),
                    soort=rnd.choice(
                        [
                            ContactSoort.COACHING,
                            ContactSoort.WERKGEVERSCONTACT,
                            ContactSoort.COACHING,
                            ContactSoort.OVERLEG_BEHANDELAAR,
                            ContactSoort.UITKERINGSADVIES,
                        ]
                    ),
                    minuten=rnd.choice([30, 45, 60]),
                    face_to_face=rnd.random() < 0.7,
                    notitie="Gesproken over werkwensen en de volgende stap.",
                )
            deelnemer = traject.deelnemer
            if i % 3 == 0 and status == "gestart":
                deelnemer = actions.koppel_peer_supporter(
                    ctx=begeleider, deelnemer=deelnemer, peer_supporter=peer.gebruiker, versie=deelnemer.versie
                )
                actions.log_peer_contact(
                    ctx=_ctx(peer),
                    deelnemer=deelnemer,
                    datum=vandaag - datetime.timedelta(days=2),
                    minuten=60,
                    notitie="Ervaringen gedeeld over het eerste sollicitatiegesprek.",
                )
            if status == "beeindigd":
                traject.refresh_from_db()
                einde = min(vandaag, traject.startdatum + datetime.timedelta(days=rnd.randint(30, 300)))
                actions.beeindig_traject(
                    ctx=begeleider,
                    traject=traject,
                    einddatum=einde,
                    versie=traject.versie,
                    eindreden=rnd.choice(Eindreden.values),
                )
    return aantal


def laad(stdout=None) -> None:
    rnd = random.Random(2026)  # noqa: S311 - reproducible demo data, not security
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]):
        if Deelnemer.objects.filter(regio=regio).exists():
            continue
        aantal = _laad_regio(regio, rnd)
        if stdout is not None:
            stdout.write(f"{regio.naam}: {aantal} demodeelnemers met trajecten, toestemmingen en contacten.")
