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
from werkgevers.models import Vacature, Werkgever

from . import actions
from .models import (
    ContactSoort,
    Contractvorm,
    Deelnemer,
    Eindreden,
    Methode,
    Traject,
    TrajectStatus,
    Uitkering,
    Voordracht,
    VoordrachtStatus,
)

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
    for regio in Regio.objects.filter(slug__in=["holland-rijnland", "midden-utrecht"]):
        if Voordracht.objects.filter(regio=regio).exists():
            continue
        voordrachten, plaatsingen = _laad_werk(regio)
        if stdout is not None:
            stdout.write(f"{regio.naam}: {voordrachten} demovoordrachten en {plaatsingen} plaatsingen.")


# --- Work: proposals in every status and placements -----------------------------------------------------

PROFIELEN = [
    "Heeft jaren in de horeca gewerkt, is gastvrij en werkt graag in een vast team. Wil starten met ochtenddiensten.",
    "Nauwkeurig en rustig, goed met cijfers en systemen. Zoekt een plek met duidelijke taken en een vaste begeleider.",
    "Handig met de handen, heeft een rijbewijs B en werkt graag buiten. Begint liever met minder uren en bouwt op.",
    "Sterk in klantcontact, spreekt Nederlands, Engels en Turks. Wil graag in de buurt van huis werken.",
    "Heeft een mbo-diploma logistiek en ervaring met orderpicken. Heeft baat bij een vast rooster.",
]


def _demo_vacatures(regio: Regio) -> list[Vacature]:
    """The region's open vacancies (werkgevers/demo.py); a couple of its own only when there are none."""
    vacatures = list(Vacature.objects.in_regio(regio).open().select_related("werkgever").order_by("pk"))
    if vacatures:
        return vacatures
    from werkgevers import actions as werkgever_actions

    adviseur = _ctx(_lid(regio, Rol.WERKGEVERSADVISEUR))
    for i, (naam, sector, titel) in enumerate(
        [
            ("Demo Horeca", Sector.HORECA, "Medewerker bediening"),
            ("Demo Logistiek", Sector.LOGISTIEK, "Orderpicker"),
            ("Demo Zorg", Sector.ZORG, "Facilitair medewerker"),
        ]
    ):
        kvk = f"9{regio.pk % 10}{i}{Werkgever.objects.count():05d}"[:8]
        werkgever = werkgever_actions.maak_werkgever(
            ctx=adviseur, naam=f"{naam} {regio.naam}", kvk_nummer=kvk, sector=sector, plaats="Centrum"
        )
        werkgever_actions.maak_vacature(
            ctx=adviseur, werkgever=werkgever, titel=titel, sector=sector, plaats="Centrum", uren_van=16, uren_tot=32
        )
    return list(Vacature.objects.in_regio(regio).open().select_related("werkgever").order_by("pk"))


@transaction.atomic
def _laad_werk(regio: Regio) -> tuple[int, int]:
    """Per region: proposals in every status (one hired, which fills its vacancy) and placements that are
    paid, an unpaid trial, one lasting over six months and one ended; with employer contacts that name the
    employer. Everything through the actions, as the begeleider and the werkgeversadviseur would do it."""
    vandaag = timezone.localdate()
    begeleider = _ctx(_lid(regio, Rol.TRAJECTBEGELEIDER))
    adviseur = _ctx(_lid(regio, Rol.WERKGEVERSADVISEUR))
    vacatures = _demo_vacatures(regio)
    lopend = list(
        Traject.objects.filter(regio=regio, aanbieder=begeleider.organisatie, status=TrajectStatus.GESTART)
        .select_related("deelnemer")
        .order_by("startdatum", "pk")
    )
    # The longest-running one carries the lasting placement; the others take their turn below.
    lang = lopend.pop(0) if lopend and lopend[0].startdatum <= vandaag - datetime.timedelta(days=200) else None
    if not vacatures or len(lopend) < 8:
        return 0, 0

    voordrachten = 0
    for i, (traject, status) in enumerate(
        zip(
            lopend,
            [
                VoordrachtStatus.VOORGEDRAGEN,
                VoordrachtStatus.GESPREK,
                VoordrachtStatus.AANGENOMEN,
                VoordrachtStatus.AFGEWEZEN,
                VoordrachtStatus.TERUGGETROKKEN,
            ],
            strict=False,
        )
    ):
        vacature = vacatures[i % len(vacatures)]
        actions.log_contact(
            ctx=begeleider,
            traject=traject,
            datum=max(traject.startdatum, vandaag - datetime.timedelta(days=7)),
            soort=ContactSoort.WERKGEVERSCONTACT,
            werkgever=vacature.werkgever,
            minuten=30,
            face_to_face=i % 2 == 0,
            notitie=f"Kennismaking bij {vacature.werkgever.naam} over de vacature {vacature.titel}.",
        )
        voordracht = actions.draag_voor(
            ctx=begeleider, traject=traject, vacature=vacature, profiel=PROFIELEN[i % len(PROFIELEN)], toestemming=True
        )
        voordrachten += 1
        if status == VoordrachtStatus.TERUGGETROKKEN:
            actions.trek_voordracht_in(
                ctx=begeleider, voordracht=voordracht, versie=voordracht.versie, reden="Heeft zelf een baan gevonden."
            )
            continue
        if status == VoordrachtStatus.VOORGEDRAGEN:
            continue
        if status in (VoordrachtStatus.GESPREK, VoordrachtStatus.AANGENOMEN):
            voordracht = actions.zet_voordracht_status(
                ctx=adviseur, voordracht=voordracht, status=VoordrachtStatus.GESPREK, versie=voordracht.versie
            )
        if status == VoordrachtStatus.AFGEWEZEN:
            actions.zet_voordracht_status(
                ctx=adviseur,
                voordracht=voordracht,
                status=status,
                versie=voordracht.versie,
                reden="De werkgever koos voor een kandidaat met meer ervaring in de keuken.",
            )
        elif status == VoordrachtStatus.AANGENOMEN:
            actions.zet_voordracht_status(
                ctx=adviseur,
                voordracht=voordracht,
                status=status,
                versie=voordracht.versie,
                plaatsing={
                    "functie": vacature.titel,
                    "startdatum": max(traject.startdatum, vandaag - datetime.timedelta(days=14)),
                    "uren_per_week": vacature.uren_van,
                    "contractvorm": Contractvorm.TIJDELIJK,
                    "betaald": True,
                    "loonkostensubsidie": True,
                },
                vacature_vervuld=True,
            )

    plaatsingen = 1  # the hired one above
    werkgever = vacatures[-1].werkgever
    betaald, proef, geeindigd = lopend[5], lopend[6], lopend[7]
    actions.registreer_plaatsing(
        ctx=begeleider,
        traject=betaald,
        werkgever=werkgever,
        functie="Medewerker magazijn",
        startdatum=max(betaald.startdatum, vandaag - datetime.timedelta(days=40)),
        uren_per_week=20,
        contractvorm=Contractvorm.UITZEND,
    )
    actions.registreer_plaatsing(
        ctx=begeleider,
        traject=proef,
        werkgever_naam="Kringloopwinkel De Tweede Kans",
        functie="Winkelmedewerker (proefplaatsing)",
        startdatum=max(proef.startdatum, vandaag - datetime.timedelta(days=10)),
        einddatum=vandaag + datetime.timedelta(days=50),
        uren_per_week=12,
        contractvorm=Contractvorm.PROEFPLAATSING,
        betaald=False,
    )
    plaatsing = actions.registreer_plaatsing(
        ctx=begeleider,
        traject=geeindigd,
        werkgever=werkgever,
        functie="Schoonmaakmedewerker",
        startdatum=geeindigd.startdatum + datetime.timedelta(days=3),
        uren_per_week=16,
        contractvorm=Contractvorm.TIJDELIJK,
    )
    actions.beeindig_plaatsing(
        ctx=begeleider,
        plaatsing=plaatsing,
        einddatum=min(vandaag, plaatsing.startdatum + datetime.timedelta(days=60)),
        reden="Tijdelijk contract niet verlengd",
    )
    plaatsingen += 3
    if lang is not None:
        actions.registreer_plaatsing(
            ctx=begeleider,
            traject=lang,
            werkgever=vacatures[0].werkgever,
            functie="Administratief medewerker",
            startdatum=lang.startdatum + datetime.timedelta(days=7),
            uren_per_week=24,
            contractvorm=Contractvorm.VAST,
        )
        plaatsingen += 1
    return voordrachten, plaatsingen
