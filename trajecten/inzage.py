"""The AVG right of access (art. 15): everything the portal holds about one participant.

`verzamel` builds one plain structure (dicts, lists, strings, numbers) that both formats render:
JSON for a machine-readable copy (art. 15(3), art. 20) and PDF for handing over on paper. It is
fetched through trajecten.access with the provider's full grant, like the participant page.

The log of who opened the record (NEN 7513) names, per row, the moment, the action, the
organisation and the role, not the individual employee: the participant has the right to know when
and by which organisation the data was consulted and why, not who the staff member was (CJEU
C-579/21); the projectleider can trace a row to a person in the audit log when the participant asks
about a specific access. IP addresses, request ids and hashes stay out.
"""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from hoofdzaak import pdf
from hoofdzaak.models import AuditActie, AuditRegel, Rol
from hoofdzaak.tenancy import RegioContext

from . import access
from .access import Niveau
from .models import Deelnemer


def _datum(waarde: datetime.date | datetime.datetime | None) -> str | None:
    if waarde is None:
        return None
    if isinstance(waarde, datetime.datetime):
        return timezone.localtime(waarde).isoformat(timespec="seconds")
    return waarde.isoformat()


def _naam(gebruiker) -> str:
    return gebruiker.naam if gebruiker is not None else ""


def _deelnemer(deelnemer: Deelnemer) -> dict:
    return {
        "nummer": deelnemer.nummer,
        "voornaam": deelnemer.voornaam,
        "achternaam": deelnemer.achternaam,
        "geboortedatum": _datum(deelnemer.geboortedatum),
        "woongemeente": deelnemer.woongemeente.naam,
        "postcode": deelnemer.postcode,
        "telefoon": deelnemer.telefoon,
        "email": deelnemer.email,
        "uitkeringssituatie": deelnemer.get_uitkering_display(),
        "gewenste_sectoren": deelnemer.sector_labels,
        "gewenste_uren_per_week": deelnemer.wens_uren,
        "gewenste_werkplaats": deelnemer.wens_plaats,
        "peer_supporter": _naam(deelnemer.peer_supporter),
        "geregistreerd_op": _datum(deelnemer.aangemaakt_op),
        "geanonimiseerd_op": _datum(deelnemer.geanonimiseerd_op),
    }


def _traject(traject, plaatsingen: list, voordrachten: list) -> dict:
    return {
        "methode": traject.get_methode_display(),
        "aanbieder": traject.aanbieder.naam,
        "trajectbegeleider": _naam(traject.trajectbegeleider),
        "verwijzer": traject.verwijzer.naam if traject.verwijzer else "",
        "financier": traject.financier.naam if traject.financier else "",
        "financieringsstroom": traject.get_financieringsstroom_display() if traject.financieringsstroom else "",
        "status": traject.get_status_display(),
        "aanmelddatum": _datum(traject.verwijsdatum),
        "toelichting_bij_aanmelding": traject.verwijs_toelichting,
        "reden_van_afwijzing": traject.afwijsreden,
        "intakedatum": _datum(traject.intakedatum),
        "startdatum": _datum(traject.startdatum),
        "einddatum": _datum(traject.einddatum),
        "reden_van_beeindiging": traject.get_eindreden_display() if traject.eindreden else "",
        "situatie_bij_start": traject.get_situatie_bij_start_display(),
        "statusgeschiedenis": [
            {
                "datum": _datum(wijziging.datum),
                "van": wijziging.get_van_status_display() if wijziging.van_status else "",
                "naar": wijziging.get_naar_status_display(),
                "toelichting": wijziging.toelichting,
            }
            for wijziging in traject.statuswijzigingen.all()
        ],
        "contactmomenten": [
            {
                "datum": _datum(contact.datum),
                "soort": contact.get_soort_display(),
                "face_to_face": contact.face_to_face,
                "duur_in_minuten": contact.minuten,
                "werkgever": contact.werkgever.naam if contact.werkgever_id else "",
                "notitie": contact.notitie,
            }
            for contact in sorted(traject.contactmomenten.all(), key=lambda c: (c.datum, c.pk))
        ],
        "voordrachten": [
            {
                "vacature": voordracht.vacature.titel,
                "werkgever": voordracht.vacature.werkgever.naam,
                "voorgedragen_op": _datum(voordracht.voorgedragen_op),
                "status": voordracht.get_status_display(),
                "gedeeld_profiel": voordracht.profiel,
                "reden": voordracht.afwijsreden,
            }
            for voordracht in voordrachten
            if voordracht.traject_id == traject.pk
        ],
        "plaatsingen": [
            {
                "werkgever": plaatsing.werkgever_weergave,
                "functie": plaatsing.functie,
                "startdatum": _datum(plaatsing.startdatum),
                "einddatum": _datum(plaatsing.einddatum),
                "reden_van_beeindiging": plaatsing.eindreden,
                "uren_per_week": plaatsing.uren_per_week,
                "contractvorm": plaatsing.get_contractvorm_display(),
                "betaald_werk": plaatsing.betaald,
                "loonkostensubsidie": plaatsing.loonkostensubsidie,
            }
            for plaatsing in plaatsingen
            if plaatsing.traject_id == traject.pk
        ],
    }


def _inzagelog(ctx: RegioContext, deelnemer: Deelnemer) -> list[dict]:
    rollen = dict(Rol.choices)
    acties = dict(AuditActie.choices)
    # Also the list views that showed the participant (caseload, search results, the hand-over form …).
    regels = AuditRegel.objects.over_deelnemer(ctx.regio, deelnemer.nummer).order_by("tijdstip", "id")
    return [
        {
            "tijdstip": _datum(regel.tijdstip),
            "actie": str(acties.get(regel.actie, regel.actie)),
            "organisatie": regel.organisatie_naam or ("Het portaal (automatisch)" if not regel.gebruiker_id else ""),
            "rol": str(rollen.get(regel.rol, regel.rol)),
            "omschrijving": regel.omschrijving,
        }
        for regel in regels.only("tijdstip", "actie", "organisatie_naam", "rol", "omschrijving", "gebruiker_id")
    ]


def verzamel(ctx: RegioContext, deelnemer: Deelnemer) -> dict:
    """Everything about the participant, for its provider's trajectbegeleider (others: Http404)."""
    trajecten = list(
        access.trajecten_met_tijdlijn_voor(ctx, deelnemer, Niveau.BEHEER)
        .select_related("trajectbegeleider", "financier")
        .prefetch_related("contactmomenten__werkgever")
    )
    plaatsingen, voordrachten = access.werk_van_deelnemer(ctx, deelnemer)
    toestemmingen = deelnemer.toestemmingen.select_related("organisatie").order_by("gegeven_op", "pk")
    return {
        "export": {
            "soort": "Inzage persoonsgegevens (AVG artikel 15)",
            "aangemaakt_op": _datum(timezone.now()),
            "regio": ctx.regio.naam,
            "aangemaakt_door_organisatie": ctx.organisatie.naam,
        },
        "deelnemer": _deelnemer(deelnemer),
        "toestemmingen": [
            {
                "organisatie": toestemming.organisatie.naam,
                "gegeven_op": _datum(toestemming.gegeven_op),
                "geldig_tot": _datum(toestemming.geldig_tot),
                "ingetrokken_op": _datum(toestemming.ingetrokken_op),
                "vorm": toestemming.get_vorm_display(),
            }
            for toestemming in toestemmingen
        ],
        "aantal_verwijderde_toestemmingen": deelnemer.aantal_toestemmingen,
        "trajecten": [_traject(traject, plaatsingen, voordrachten) for traject in trajecten],
        "inzagelog": _inzagelog(ctx, deelnemer),
    }


def als_json(gegevens: dict) -> bytes:
    return json.dumps(gegevens, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def als_pdf(gegevens: dict) -> bytes:
    html = render_to_string("trajecten/inzage/pdf.html", {"inzage": gegevens})
    return pdf.html_naar_pdf(html)
