"""The AVG art. 15 export of one participant: only its provider's trajectbegeleider, like changing it.

The PDF is built in the background and served only to the membership that asked for it: `inzage_pdf`'s kwargs
put a finished export of the trajectbegeleider in place first (without building it)."""

from hoofdzaak.models import Rol

from . import Regel, alleen, deelnemer_kwargs
from .trajecten_deelnemer import BEHEER_ALLEEN, BEHEER_VARIANTEN


def met_klare_export(situatie: str):
    """kwargs of the participant in `situatie`, whose PDF the trajectbegeleider of region A asked for and got."""

    def kwargs(w):
        import hashlib

        from hoofdzaak import achtergrond
        from trajecten import actions
        from trajecten.models import InzageExport, InzageStatus

        deelnemer = getattr(w.dossiers, situatie)
        export, _ = InzageExport.objects.get_or_create(
            regio=deelnemer.regio, deelnemer=deelnemer, lidmaatschap=w.a.lidmaatschappen[Rol.TRAJECTBEGELEIDER]
        )
        inhoud = b"%PDF-1.7 matrix"
        export.bestand = actions.inzage_bestand(export)
        achtergrond.schrijf_atomisch(achtergrond.bestand_in_opslag(export.bestand), inhoud)
        export.status, export.sha256 = InzageStatus.KLAAR, hashlib.sha256(inhoud).hexdigest()
        export.save(update_fields=["bestand", "status", "sha256"])
        return deelnemer_kwargs(situatie)(w)

    return kwargs


MATRIX = {
    "inzage_json": Regel(kwargs=deelnemer_kwargs("eigen"), rollen=BEHEER_ALLEEN, varianten=BEHEER_VARIANTEN),
    # The page of the PDF; a POST asks for it (302 back to the page).
    "inzage": Regel(
        kwargs=deelnemer_kwargs("eigen"),
        rollen=BEHEER_ALLEEN,
        varianten=BEHEER_VARIANTEN,
        post=alleen(Rol.TRAJECTBEGELEIDER, ok=302, anders=404),
    ),
    "inzage_pdf": Regel(
        kwargs=met_klare_export("eigen"),
        rollen=BEHEER_ALLEEN,
        dossiers=True,
        varianten={
            **BEHEER_VARIANTEN,
            "toestemming ingetrokken": (met_klare_export("ingetrokken"), BEHEER_ALLEEN),
        },
    ),
}
