"""One participant: the page (as much as the user's grant allows) and the changes made from it."""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hoofdzaak.views.hulp import voer_uit

from .. import access, actions
from ..access import Niveau
from ..forms.deelnemer import (
    BeeindigForm,
    ContactForm,
    DeelnemerBewerkenForm,
    FinancieringForm,
    IntrekkenForm,
    PeerGesprekForm,
    PeerKoppelForm,
    StartForm,
    ToestemmingForm,
)
from ..models import TrajectStatus


def _deelnemer_url(regio: str, nummer: str) -> str:
    return reverse("deelnemer", kwargs={"regio": regio, "nummer": nummer})


def _tijdlijn(traject) -> list[dict]:
    """Status changes and the contacts this user may see, of one trajectory, newest first."""
    items = [{"datum": w.datum, "soort": "status", "wijziging": w} for w in traject.statuswijzigingen.all()]
    items.extend({"datum": c.datum, "soort": "contact", "contact": c} for c in traject.contactmomenten.all())
    return sorted(items, key=lambda item: (item["datum"], item["soort"] == "contact"), reverse=True)


def _stand(plaatsing, vandaag) -> str:
    if plaatsing.startdatum > vandaag:
        return "gepland"
    return "loopt" if plaatsing.loopt_op(vandaag) else "beeindigd"


def _werk(ctx, deelnemer, trajecten: list) -> dict:
    """The work section of the provider's page: placements, proposals and, while a trajectory runs,
    fitting vacancies. The page's own trajectories bring their placements, so only the proposals (and the
    suggestions) need a query."""
    vandaag = timezone.localdate()
    werk = access.werk_van_trajecten(ctx, Niveau.BEHEER, trajecten)
    for plaatsing in werk.plaatsingen:
        plaatsing.stand = _stand(plaatsing, vandaag)
        plaatsing.eigen = plaatsing.traject.aanbieder_id == ctx.organisatie.pk
    for voordracht in werk.voordrachten:
        voordracht.eigen = voordracht.traject.aanbieder_id == ctx.organisatie.pk
    return {
        "lopend": werk.lopend,
        "plaatsingen": werk.plaatsingen,
        "voordrachten": werk.voordrachten,
        "suggesties": access.passende_vacatures_voor(ctx, deelnemer, voordrachten=werk.voordrachten)
        if werk.lopend
        else [],
    }


@never_cache
def deelnemer(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    if access.niveau_van(ctx) is Niveau.PSEUDONIEM:
        trajecten = access.pseudoniem_dossier_voor(ctx, nummer)
        return render(request, "trajecten/deelnemer/pseudoniem.html", {"nummer": nummer, "trajecten": trajecten})

    deelnemer, niveau = access.deelnemer_voor(ctx, nummer)
    trajecten = access.tijdlijn_van(ctx, deelnemer, niveau)
    for traject in trajecten:
        traject.tijdlijn = _tijdlijn(traject)
        traject.eigen = traject.aanbieder_id == ctx.organisatie.pk
        # A handover to another provider that waits for it to accept (the new trajectory is on this page too).
        traject.overdracht_naar = next(
            (t for t in trajecten if t.overgedragen_van_id == traject.pk and t.status == TrajectStatus.AANGEMELD),
            None,
        )
    context = {"deelnemer": deelnemer, "niveau": niveau, "trajecten": trajecten}
    if niveau is Niveau.HISTORIE:
        einde = max((t.einddatum for t in trajecten if t.einddatum), default=None)
        context["inzien_tot"] = einde and einde + datetime.timedelta(days=settings.PORTAAL_INZAGE_NA_OVERDRACHT_DAGEN)
    if niveau is Niveau.PEER:
        context["gesprekken"] = [c for traject in trajecten for c in traject.contactmomenten.all()]
    if niveau is Niveau.BEHEER:
        context["toestemmingen"] = access.toestemmingen_van(ctx, deelnemer, niveau)
        context["inzage"] = access.laatste_inzage_voor(ctx, deelnemer, niveau)
        context["werk"] = _werk(ctx, deelnemer, trajecten)
        context["elders"] = access.elders_voor(ctx, [traject.pk for traject in trajecten if traject.eigen])
    return render(request, f"trajecten/deelnemer/{niveau.name.lower()}.html", context)


@never_cache
def bewerken(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
    form = DeelnemerBewerkenForm(request.POST or None, instance=deelnemer, regio=ctx.regio)
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.wijzig_deelnemer(
            ctx=ctx,
            request=request,
            deelnemer=deelnemer,
            versie=form.cleaned_data["versie"],
            gegevens=form.cleaned_data,
        ),
    ):
        messages.success(request, _("De gegevens zijn opgeslagen."))
        return redirect("deelnemer", regio=regio, nummer=nummer)
    return render(request, "trajecten/deelnemer/bewerken.html", {"deelnemer": deelnemer, "form": form})


@never_cache
def toestemming_nieuw(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
    form = ToestemmingForm(request.POST or None, regio=ctx.regio)
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.voeg_toestemming_toe(ctx=ctx, request=request, deelnemer=deelnemer, **form.cleaned_data),
            request=request,
            doel=lambda _toestemming: _deelnemer_url(regio, nummer),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, _("De toestemming is vastgelegd."))
        return redirect(uitkomst.url)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {
            "deelnemer": deelnemer,
            "form": form,
            "titel": _("Toestemming vastleggen"),
            "knop": _("Toestemming vastleggen"),
        },
    )


@never_cache
def toestemming_intrekken(request: HttpRequest, regio: str, nummer: str, pk: int) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
    toestemming = access.toestemming_voor(ctx, deelnemer, pk)
    form = IntrekkenForm(request.POST or None)
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.trek_toestemming_in(
            ctx=ctx, request=request, toestemming=toestemming, datum=form.cleaned_data["datum"]
        ),
    ):
        messages.success(request, _("De toestemming voor %(org)s is ingetrokken.") % {"org": toestemming.organisatie})
        return redirect("deelnemer", regio=regio, nummer=nummer)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {
            "deelnemer": deelnemer,
            "form": form,
            "titel": _("Toestemming intrekken"),
            "uitleg": _(
                "Na het intrekken ziet %(org)s de voortgang van deze deelnemer niet meer. De toestemming blijft "
                "bewaard met de datum van intrekking."
            )
            % {"org": toestemming.organisatie},
            "knop": _("Toestemming intrekken"),
            "gevaar": True,
        },
    )


@never_cache
def peer_koppelen(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.beheerde_deelnemer_voor(ctx, nummer)
    form = PeerKoppelForm(
        request.POST or None,
        peer_supporters=access.peer_supporters_voor(ctx),
        initial={"peer_supporter": deelnemer.peer_supporter_id, "versie": deelnemer.versie},
    )
    if request.method == "POST" and voer_uit(
        form,
        lambda: actions.koppel_peer_supporter(
            ctx=ctx,
            request=request,
            deelnemer=deelnemer,
            peer_supporter=form.cleaned_data["peer_supporter"],
            versie=form.cleaned_data["versie"],
        ),
    ):
        messages.success(request, _("De peer supporter is bijgewerkt."))
        return redirect("deelnemer", regio=regio, nummer=nummer)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {"deelnemer": deelnemer, "form": form, "titel": _("Peer supporter koppelen"), "knop": _("Opslaan")},
    )


@never_cache
def peer_gesprek(request: HttpRequest, regio: str, nummer: str) -> HttpResponse:
    ctx = request.regio_ctx
    deelnemer = access.peer_deelnemer_voor(ctx, nummer)
    form = PeerGesprekForm(request.POST or None)
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: actions.log_peer_contact(ctx=ctx, request=request, deelnemer=deelnemer, **form.cleaned_data),
            request=request,
            doel=lambda _contact: _deelnemer_url(regio, nummer),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, _("Het gesprek is vastgelegd."))
        return redirect(uitkomst.url)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {"deelnemer": deelnemer, "form": form, "titel": _("Peer-supportgesprek vastleggen"), "knop": _("Opslaan")},
    )


def _traject_formulier(
    request: HttpRequest, regio: str, pk: int, form_class, action, titel: str, succes: str, *, extra=None
):
    """A form about one trajectory of the user's provider. `extra(traject)`: initial values and context of its own."""
    ctx = request.regio_ctx
    traject = access.beheerbaar_traject_voor(ctx, pk)
    initial, context = extra(traject) if extra else ({}, {})
    form = form_class(request.POST or None, initial={**initial, "versie": traject.versie})
    if request.method == "POST" and (
        uitkomst := voer_uit(
            form,
            lambda: action(ctx=ctx, request=request, traject=traject, **form.cleaned_data),
            request=request,
            doel=lambda _resultaat: _deelnemer_url(regio, traject.deelnemer.nummer),
        )
    ):
        if uitkomst.nieuw:
            messages.success(request, succes)
        return redirect(uitkomst.url)
    return render(
        request,
        "trajecten/deelnemer/formulier.html",
        {"deelnemer": traject.deelnemer, "traject": traject, "form": form, "titel": titel, "knop": titel, **context},
    )


@never_cache
def traject_starten(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    return _traject_formulier(
        request, regio, pk, StartForm, actions.start_traject, _("Traject starten"), _("Het traject is gestart.")
    )


@never_cache
def traject_beeindigen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    return _traject_formulier(
        request,
        regio,
        pk,
        BeeindigForm,
        actions.beeindig_traject,
        _("Traject beëindigen"),
        _("Het traject is beëindigd."),
    )


@never_cache
def financiering_corrigeren(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    def extra(traject):
        return (
            {"financier": traject.financier_id, "financieringsstroom": traject.financieringsstroom},
            {"financieringswijzigingen": access.financieringswijzigingen_van(traject)},
        )

    return _traject_formulier(
        request,
        regio,
        pk,
        partial(FinancieringForm, regio=request.regio_ctx.regio),
        actions.corrigeer_financiering,
        _("Financiering corrigeren"),
        _("De financiering is aangepast."),
        extra=extra,
    )


@never_cache
def contact_nieuw(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    # The employer of an employer contact is chosen from the region's register.
    form_class = partial(ContactForm, regio=request.regio_ctx.regio)
    return _traject_formulier(
        request, regio, pk, form_class, actions.log_contact, _("Contact vastleggen"), _("Het contact is vastgelegd.")
    )
