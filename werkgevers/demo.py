"""Demo employers: a dozen per region in every sector and betrokkenheid, with contacts and vacancies.

Everything goes through the actions, as the demo werkgeversadviseur would do it. Deterministic and
idempotent: a region that already has employers is left alone. Runs after hoofdzaak's demo (regions
and accounts) and before trajecten's (which may propose participants for these vacancies).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hoofdzaak.demo import demo_email
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Lidmaatschap, Regio, Rol
from hoofdzaak.tenancy import RegioContext

from . import actions
from .models import Betrokkenheid, VacatureStatus, Werkgever, Werkgeverscontact

B = Betrokkenheid
S = Sector

# Per region: (name, fictitious KvK number, sector, place, contact person, betrokkenheid).
WERKGEVERS = {
    "holland-rijnland": [
        ("Zorggroep Leiden-Noord", "28104417", S.ZORG, "Leiden", "Marloes de Graaf", B.INCLUSIEF),
        ("Bakkerij van der Meer Katwijk", "28211936", S.DETAILHANDEL, "Katwijk", "Henk van der Meer", B.IN_GESPREK),
        ("Logistiek Centrum Alphen", "28307752", S.LOGISTIEK, "Alphen aan den Rijn", "Sandra Koster", B.INCLUSIEF),
        ("Strandhotel De Duinpan", "28412083", S.HORECA, "Noordwijk", "Ahmed Benali", B.IN_GESPREK),
        ("Installatiebedrijf Rijnland Techniek", "28519640", S.TECHNIEK, "Leiderdorp", "Kees Verhoeven", B.BENADERD),
        ("Kwekerij Bloemendaal Lisse", "28623315", S.GROEN, "Lisse", "Ingrid Bloemendaal", B.INCLUSIEF),
        ("Schoonmaakbedrijf Sleutelstad", "28730471", S.SCHOONMAAK, "Leiden", "Petra Jansen", B.IN_GESPREK),
        ("Bouwbedrijf Van Egmond", "28836924", S.BOUW, "Oegstgeest", "Rob van Egmond", B.NIET_GEINTERESSEERD),
        ("Buurtsuper De Kooi", "28941258", S.DETAILHANDEL, "Leiden", "Yusuf Demir", B.INCLUSIEF),
        ("Kinderopvang Het Molentje", "29045587", S.ONDERWIJS, "Sassenheim", "Anouk Verbeek", B.BENADERD),
        ("Datawerk Leiden", "29152306", S.ICT, "Leiden", "Jeroen Smit", B.IN_GESPREK),
        ("Drukkerij Rijnstreek", "29258819", S.INDUSTRIE, "Alphen aan den Rijn", "", B.BENADERD),
    ],
    "midden-utrecht": [
        ("Zorgcentrum De Vechtoever", "30114562", S.ZORG, "Maarssen", "Esther van Leeuwen", B.INCLUSIEF),
        ("Stadsbakkerij Oudwijk", "30221879", S.DETAILHANDEL, "Utrecht", "Mark Hoogendoorn", B.IN_GESPREK),
        ("Distributiecentrum Nieuwegein-Zuid", "30327145", S.LOGISTIEK, "Nieuwegein", "Linda Vermeulen", B.INCLUSIEF),
        ("Eetcafé De Oudegracht", "30433690", S.HORECA, "Utrecht", "Samira El Idrissi", B.IN_GESPREK),
        ("Installatietechniek Houten", "30538207", S.TECHNIEK, "Houten", "Gert-Jan Bos", B.BENADERD),
        ("Hoveniersbedrijf Kromme Rijn", "30642918", S.GROEN, "Bunnik", "Femke Wouters", B.INCLUSIEF),
        ("Facilitair Bedrijf Domstad", "30749354", S.SCHOONMAAK, "Utrecht", "Dennis Kuipers", B.IN_GESPREK),
        ("Bouwcombinatie Lekstroom", "30855071", S.BOUW, "Nieuwegein", "Arjan de Wit", B.NIET_GEINTERESSEERD),
        ("Buurtsuper Lombok", "30961486", S.DETAILHANDEL, "Utrecht", "Mehmet Aydın", B.INCLUSIEF),
        ("Kinderdagverblijf De Zeister Eik", "31067723", S.ONDERWIJS, "Zeist", "Joke van Dam", B.BENADERD),
        ("Softwarehuis Leidsche Rijn", "31173340", S.ICT, "Utrecht", "Niels Brouwer", B.IN_GESPREK),
        ("Kringloopcentrum De Bilt", "31279965", S.OVERIG, "De Bilt", "", B.BENADERD),
    ],
}

NETNUMMERS = {"holland-rijnland": "071", "midden-utrecht": "030"}

# (employer index, title, hours from, hours to, status, closing date in days from today or None, what fits).
# Negative days only for vacancies that are no longer open.
VACATURES = [
    (0, "Medewerker huishoudelijke dienst", 12, 20, VacatureStatus.OPEN, 30, "Vaste collega als aanspreekpunt."),
    (0, "Helpende zorg en welzijn", 24, 32, VacatureStatus.OPEN, None, "Opleiding in de praktijk mogelijk."),
    (0, "Gastvrouw/gastheer restaurant", 16, 24, VacatureStatus.VERVULD, None, ""),
    (1, "Hulp in de bakkerij", 8, 16, VacatureStatus.OPEN, 21, "Vroege diensten, rustige werkplek achter."),
    (2, "Orderpicker", 20, 38, VacatureStatus.OPEN, 45, "Werken op eigen tempo, vaste route."),
    (2, "Medewerker magazijn", 32, 38, VacatureStatus.GESLOTEN, -20, ""),
    (3, "Afwasmedewerker", 12, 24, VacatureStatus.OPEN, 14, "Kleine ploeg, duidelijke taken."),
    (3, "Medewerker bediening", 16, 32, VacatureStatus.GESLOTEN, -45, ""),
    (4, "Leerling-monteur", 32, 40, VacatureStatus.OPEN, 60, "Werkplekbegeleider en BBL-opleiding."),
    (5, "Medewerker kwekerij", 20, 32, VacatureStatus.OPEN, None, "Buitenwerk, seizoenspieken."),
    (6, "Schoonmaker kantoren", 10, 15, VacatureStatus.VERVULD, None, "Avonduren, zelfstandig werk."),
    (8, "Vakkenvuller", 8, 20, VacatureStatus.OPEN, 10, "Rustige uren voor openingstijd mogelijk."),
    (9, "Pedagogisch medewerker (BBL)", 24, 32, VacatureStatus.OPEN, 40, ""),
    (10, "Junior testanalist", 24, 36, VacatureStatus.VERVULD, None, "Thuiswerken deels mogelijk."),
    (11, "Productiemedewerker", 32, 32, VacatureStatus.GESLOTEN, -10, ""),
]

# (employer index, days ago, kind, note).
CONTACTEN = [
    (0, 120, Werkgeverscontact.Soort.BEZOEK, "Kennismaking; interesse in inclusief werkgeverschap."),
    (0, 40, Werkgeverscontact.Soort.TELEFONISCH, "Afspraken over begeleiding op de werkvloer."),
    (0, 7, Werkgeverscontact.Soort.EMAIL, "Nieuwe vacatures doorgestuurd gekregen."),
    (1, 30, Werkgeverscontact.Soort.BEZOEK, "Rondleiding in de bakkerij; twee plekken mogelijk."),
    (2, 90, Werkgeverscontact.Soort.EVENEMENT, "Gesproken op de netwerkbijeenkomst van het WSP."),
    (2, 12, Werkgeverscontact.Soort.BEZOEK, "Werkplekken in het magazijn bekeken."),
    (3, 20, Werkgeverscontact.Soort.TELEFONISCH, "Seizoenswerk besproken."),
    (4, 5, Werkgeverscontact.Soort.EMAIL, "Informatie over loonkostensubsidie gestuurd."),
    (5, 60, Werkgeverscontact.Soort.BEZOEK, "Afspraak over proefplaatsingen."),
    (6, 15, Werkgeverscontact.Soort.TELEFONISCH, "Vraag naar kandidaten voor avondwerk."),
    (7, 50, Werkgeverscontact.Soort.TELEFONISCH, "Geen ruimte voor nieuwe medewerkers dit jaar."),
    (8, 25, Werkgeverscontact.Soort.BEZOEK, "Winkelmanager wil graag een jobcoach op de vloer."),
    (10, 8, Werkgeverscontact.Soort.EVENEMENT, "Kennismaking tijdens de inclusieve banenmarkt."),
]


def _werkgeversadviseur(regio: Regio) -> RegioContext | None:
    lid = (
        Lidmaatschap.objects.actief()
        .select_related("regio", "organisatie", "gebruiker")
        .filter(
            regio=regio, rol=Rol.WERKGEVERSADVISEUR, gebruiker__email=demo_email(Rol.WERKGEVERSADVISEUR, regio.slug)
        )
        .first()
    )
    return RegioContext(regio=lid.regio, lidmaatschap=lid, lidmaatschappen=(lid,)) if lid else None


@transaction.atomic
def _laad_regio(ctx: RegioContext, specificaties: list[tuple]) -> tuple[int, int]:
    vandaag = timezone.localdate()
    werkgevers = [
        actions.maak_werkgever(
            ctx=ctx,
            naam=naam,
            kvk_nummer=kvk_nummer,
            sector=sector,
            plaats=plaats,
            contactpersoon=contactpersoon,
            email=f"{contactpersoon.split()[0].lower()}@{slugify(naam)}.voorbeeld.nl" if contactpersoon else "",
            telefoon=f"{NETNUMMERS[ctx.regio.slug]} {kvk_nummer[1:4]} {kvk_nummer[4:]}" if contactpersoon else "",
            betrokkenheid=betrokkenheid,
            accountmanager=ctx.gebruiker,
        )
        for naam, kvk_nummer, sector, plaats, contactpersoon, betrokkenheid in specificaties
    ]
    for index, dagen_geleden, soort, notitie in CONTACTEN:
        actions.log_werkgeverscontact(
            ctx=ctx,
            werkgever=werkgevers[index],
            datum=vandaag - datetime.timedelta(days=dagen_geleden),
            soort=soort,
            notitie=notitie,
        )
    for index, titel, uren_van, uren_tot, status, dagen, wat_past in VACATURES:
        werkgever: Werkgever = werkgevers[index]
        actions.maak_vacature(
            ctx=ctx,
            werkgever=werkgever,
            titel=titel,
            sector=werkgever.sector,
            plaats=werkgever.plaats,
            uren_van=uren_van,
            uren_tot=uren_tot,
            omschrijving=f"{titel} bij {werkgever.naam} in {werkgever.plaats}.",
            sluitingsdatum=None if dagen is None else vandaag + datetime.timedelta(days=dagen),
            wat_past=wat_past,
            status=status,
        )
    return len(werkgevers), len(VACATURES)


def laad(stdout=None) -> None:
    for slug, specificaties in WERKGEVERS.items():
        regio = Regio.objects.filter(slug=slug).first()
        if regio is None or Werkgever.objects.in_regio(regio).exists():
            continue
        ctx = _werkgeversadviseur(regio)
        if ctx is None:
            continue
        aantal_werkgevers, aantal_vacatures = _laad_regio(ctx, specificaties)
        if stdout is not None:
            stdout.write(
                f"{regio.naam}: {aantal_werkgevers} demowerkgevers met contacten en {aantal_vacatures} vacatures."
            )
