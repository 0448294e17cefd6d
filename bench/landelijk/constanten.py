"""The fixed facts of the national data set: regions, benchmark accounts, names and weights."""

from __future__ import annotations

from hoofdzaak.models import AuditActie, Rol
from trajecten import demo
from trajecten.models import ContactSoort
from trajecten.toegang import BEHEER, PEER, VOLG

BENCH_WACHTWOORD = "Bench-landelijk-2026"
DOMEIN = "landelijk.test"
BENCH_REGIO = "Rijnmond"
GROOT = "GGZ Groot Rijnmond"
KLEIN = "Re-integratie Klein Rijnmond"

# (key, e-mail, role, organisation name or "" for a role-specific default, display name)
BENCH_ACCOUNTS = [
    ("tb_groot", f"bench-tb-groot@{DOMEIN}", Rol.TRAJECTBEGELEIDER, GROOT, "Bench Begeleider Groot"),
    ("tb_klein", f"bench-tb-klein@{DOMEIN}", Rol.TRAJECTBEGELEIDER, KLEIN, "Bench Begeleider Klein"),
    ("pl", f"bench-pl@{DOMEIN}", Rol.PROJECTLEIDER, "", "Bench Projectleider"),
    ("wga", f"bench-wga@{DOMEIN}", Rol.WERKGEVERSADVISEUR, "", "Bench Werkgeversadviseur"),
    ("km", f"bench-km@{DOMEIN}", Rol.KLANTMANAGER, "", "Bench Klantmanager"),
    ("peer", f"bench-peer@{DOMEIN}", Rol.PEER_SUPPORTER, "", "Bench Peer Supporter"),
    ("bestuurder", f"bench-bestuurder@{DOMEIN}", Rol.BESTUURDER, "", "Bench Bestuurder"),
]

# The 35 labour-market regions, with a code for the participant numbers and a relative size.
REGIOS = [
    ("Groningen", "GR", 1.0),
    ("Friesland", "FR", 1.1),
    ("Drenthe", "DR", 0.8),
    ("Regio Zwolle", "ZW", 0.9),
    ("Twente", "TW", 1.0),
    ("Stedendriehoek en Noordwest Veluwe", "SNV", 0.9),
    ("Achterhoek", "AH", 0.6),
    ("Midden-Gelderland", "MG", 1.0),
    ("Rijk van Nijmegen", "RN", 0.9),
    ("FoodValley", "FV", 0.6),
    ("Rivierenland", "RL", 0.5),
    ("Amersfoort", "AF", 0.7),
    ("Midden-Utrecht", "MU", 1.5),
    ("Flevoland", "FL", 0.7),
    ("Gooi en Vechtstreek", "GV", 0.5),
    ("Groot Amsterdam", "GA", 2.2),
    ("Zaanstreek-Waterland", "ZWL", 0.5),
    ("Noord-Holland Noord", "NHN", 1.0),
    ("Zuid-Kennemerland en IJmond", "ZKI", 0.8),
    ("Holland Rijnland", "HR", 1.0),
    ("Haaglanden", "HL", 1.9),
    ("Midden-Holland", "MH", 0.5),
    ("Zuid-Holland Centraal", "ZHC", 0.5),
    ("Rijnmond", "RM", 2.4),
    ("Drechtsteden", "DS", 0.6),
    ("Gorinchem", "GO", 0.3),
    ("Zeeland", "ZE", 0.7),
    ("West-Brabant", "WB", 1.1),
    ("Midden-Brabant", "MB", 0.9),
    ("Noordoost-Brabant", "NOB", 1.2),
    ("Zuidoost-Brabant", "ZOB", 1.4),
    ("Helmond-De Peel", "HP", 0.5),
    ("Noord-Limburg", "NL", 0.5),
    ("Midden-Limburg", "ML", 0.5),
    ("Zuid-Limburg", "ZL", 1.1),
]
GEMEENTEN_TOTAAL = 342

# The demo's names and a few more (trajecten/demo.py).
VOORNAMEN = [*demo.VOORNAMEN, "Anouk", "Jesse", "Sara", "Milan"]
ACHTERNAMEN = [*demo.ACHTERNAMEN, "Brouwer", "de Graaf"]
NOTITIES = [
    "Gesprek over werkwensen en dagritme.",
    "Samen vacatures doorgenomen; cv bijgewerkt.",
    "Werkgever bezocht, kennismaking gepland.",
    "Voortgang besproken, volgende stap afgesproken.",
    "Spanning rond sollicitatie besproken.",
    "",
]
FUNCTIES = [
    "Medewerker logistiek",
    "Kassamedewerker",
    "Hovenier",
    "Schoonmaker",
    "Administratief medewerker",
    "Zorghulp",
    "Monteur",
    "Keukenhulp",
    "Magazijnmedewerker",
    "Servicemedewerker",
]

# Contact kinds and their weights.
CONTACTSOORTEN = [
    (ContactSoort.COACHING, 55),
    (ContactSoort.WERKGEVERSCONTACT, 25),
    (ContactSoort.PEER_SUPPORT, 10),
    (ContactSoort.UITKERINGSADVIES, 5),
    (ContactSoort.OVERLEG_BEHANDELAAR, 5),
]
AUDITACTIES = [
    (AuditActie.LEZEN, 55),
    (AuditActie.ZOEKEN, 10),
    (AuditActie.WIJZIGEN, 12),
    (AuditActie.AANMAKEN, 8),
    (AuditActie.INLOGGEN, 10),
    (AuditActie.UITLOGGEN, 4),
    (AuditActie.GEWEIGERD, 1),
]
GRONDSLAG = {
    Rol.TRAJECTBEGELEIDER: BEHEER,
    Rol.KLANTMANAGER: VOLG,
    Rol.PEER_SUPPORTER: PEER,
    Rol.PROJECTLEIDER: "projectleider",
}
