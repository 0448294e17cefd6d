"""Referral by the klantmanager, the provider's inbox, and the intake by the trajectbegeleider.

Every write goes through `trajecten.actions`; the forms only make the errors land next to the
right field. Pages that show or echo participant data are never cached (`never_cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_htmx.http import HttpResponseClientRedirect

from hoofdzaak.access import rol_vereist
from hoofdzaak.models import Rol
from hoofdzaak.paginering import lijst_response, pagineer
from hoofdzaak.views.hulp import alle_geldig, voer_uit

from .. import access, actions
from ..forms.aanmelding import (
    AanmeldToestemmingForm,
    AccepteerForm,
    AfwijsForm,
    BevestigDubbelForm,
    DubbelcheckForm,
    IntakeForm,
    ToestemmingenFormSet,
    VerwijzingForm,
)
from ..forms.deelnemer import DeelnemerForm
from ..models import TrajectStatus

# --- Helpers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Veldfout:
    anker: str
    label: str
    tekst: str


def _foutoverzicht(*delen: tuple[str, forms.Form]) -> dict[str, list]:
    """One error summary for a page of several forms: (heading, form) pairs, heading may be empty."""
    algemeen: list[str] = []
    velden: list[Veldfout] = []
    for kop, form in delen:
        voorvoegsel = f"{kop}: " if kop else ""
        algemeen += [f"{voorvoegsel}{fout}" for fout in form.non_field_errors()]
        for field in form.hidden_fields():
            algemeen += [f"{voorvoegsel}{field.label}: {fout}" for fout in field.errors]
        for field in form.visible_fields():
            if field.errors:
                label = f"{kop} – {field.label}" if kop else str(field.label)
                velden.append(Veldfout(field.id_for_label or field.auto_id, label, field.errors[0]))
    return {"algemeen": algemeen, "velden": velden}


# --- Referral (klantmanager) ----------------------------------------------------------------------------


@never_cache
@rol_vereist(Rol.KLANTMANAGER)
def aanmelden(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    data = request.POST if request.method == "POST" else None
    deelnemer_form = DeelnemerForm(data, regio=ctx.regio)
    verwijzing_form = VerwijzingForm(data, regio=ctx.regio)
    toestemming_form = AanmeldToestemmingForm(data, organisatie=ctx.organisatie)
    if data is not None:
        uitkomst = voer_uit(
            [deelnemer_form, verwijzing_form, toestemming_form],
            lambda: actions.meld_aan(
                ctx=ctx,
                request=request,
                deelnemer=deelnemer_form.gegevens(),
                toestemming=toestemming_form.gegevens(),
                **verwijzing_form.cleaned_data,
            ),
            request=request,
            doel=lambda traject: reverse("aanmeldingen", kwargs={"regio": regio}),
        )
        if uitkomst:
            if uitkomst.nieuw:
                traject = uitkomst.waarde
                messages.success(
                    request,
                    _("%(naam)s (%(nummer)s) is aangemeld bij %(aanbieder)s.")
                    % {
                        "naam": traject.deelnemer.naam,
                        "nummer": traject.deelnemer.nummer,
                        "aanbieder": traject.aanbieder,
                    },
                )
            return redirect(uitkomst.url)
    context = {
        "deelnemer_form": deelnemer_form,
        "verwijzing_form": verwijzing_form,
        "toestemming_form": toestemming_form,
        "fouten": _foutoverzicht(("", deelnemer_form), ("", verwijzing_form), ("", toestemming_form)),
    }
    return TemplateResponse(request, "trajecten/aanmelding/aanmelden.html", context)


@never_cache
@rol_vereist(Rol.KLANTMANAGER)
def aanmeldingen(request: HttpRequest, regio: str) -> HttpResponse:
    """The referrals of the user's organisation and their outcome; progress only via the participant page."""
    ctx = request.regio_ctx
    trajecten = access.aanmeldingen_van(ctx).select_related("deelnemer", "aanbieder").order_by("-verwijsdatum", "-pk")
    page, querystring = pagineer(request, trajecten)
    rijen = list(page)
    # One query for the whole page: which of these participants may this user open (consent).
    te_openen = set(
        access.deelnemers_voor(ctx).filter(pk__in={t.deelnemer_id for t in rijen}).values_list("pk", flat=True)
    )
    for traject in rijen:
        traject.te_openen = traject.deelnemer_id in te_openen
    return lijst_response(
        request, "trajecten/aanmelding/aanmeldingen.html", {"page_obj": page, "querystring": querystring}
    )


# --- Inbox (trajectbegeleider) ----------------------------------------------------------------------------


@never_cache
@rol_vereist(Rol.TRAJECTBEGELEIDER)
def inbox(request: HttpRequest, regio: str) -> HttpResponse:
    ctx = request.regio_ctx
    trajecten = (
        access.caseload_voor(ctx)
        .filter(status=TrajectStatus.AANGEMELD)
        .select_related("deelnemer__woongemeente", "verwijzer", "verwezen_door")
        .order_by("verwijsdatum", "pk")
    )
    page, querystring = pagineer(request, trajecten)
    return lijst_response(request, "trajecten/aanmelding/inbox.html", {"page_obj": page, "querystring": querystring})


def _verouderd(form: forms.Form) -> bool:
    return form.has_error(NON_FIELD_ERRORS, code="verouderd")


@never_cache
@rol_vereist(Rol.TRAJECTBEGELEIDER)
def aanmelding_behandelen(request: HttpRequest, regio: str, pk: int) -> HttpResponse:
    """Accept or decline one referral to the user's organisation; a handled one shows its outcome.

    Roles other than trajectbegeleider get 403 from the decorator before any lookup, the same for
    every pk, so the status tells nothing about the referral; a referral to another provider or in
    another region is 404 from `beheerbaar_traject_voor`, like one that does not exist.
    """
    ctx = request.regio_ctx
    traject = access.beheerbaar_traject_voor(ctx, pk)
    versie = {"versie": traject.versie}
    accepteer_form = AccepteerForm(
        prefix="accepteren", verwijsdatum=traject.verwijsdatum, regio=ctx.regio, initial=versie
    )
    afwijs_form = AfwijsForm(prefix="afwijzen", initial=versie)
    ingediend = None
    if request.method == "POST":
        if request.POST.get("actie") == "afwijzen":
            ingediend = afwijs_form = AfwijsForm(request.POST, prefix="afwijzen")
            if voer_uit(
                afwijs_form,
                lambda: actions.wijs_aanmelding_af(
                    ctx=ctx, request=request, traject=traject, **afwijs_form.cleaned_data
                ),
            ):
                messages.success(
                    request,
                    _("De aanmelding van %(nummer)s is afgewezen. De verwijzer ziet de reden.")
                    % {"nummer": traject.deelnemer.nummer},
                )
                return redirect("inbox", regio=regio)
        else:
            ingediend = accepteer_form = AccepteerForm(
                request.POST, prefix="accepteren", verwijsdatum=traject.verwijsdatum, regio=ctx.regio
            )
            if voer_uit(
                accepteer_form,
                lambda: actions.accepteer_aanmelding(
                    ctx=ctx, request=request, traject=traject, **accepteer_form.cleaned_data
                ),
            ):
                messages.success(
                    request,
                    _("De aanmelding van %(naam)s is geaccepteerd. Het traject staat in de intakefase.")
                    % {"naam": traject.deelnemer.naam},
                )
                return redirect("deelnemer", regio=regio, nummer=traject.deelnemer.nummer)
        # Someone else may have handled or changed the referral meanwhile: show it as it is now.
        traject = access.beheerbaar_traject_voor(ctx, pk)
        if _verouderd(ingediend):
            # The user has now seen the current version; keep what was typed and let it be sent again.
            ingediend.data = ingediend.data.copy()
            ingediend.data[ingediend.add_prefix("versie")] = str(traject.versie)
    # Personal data only while the organisation holds the grant: a declined referral grants nothing.
    toegang = access.deelnemers_voor(ctx).filter(pk=traject.deelnemer_id).exists()
    context = {
        "traject": traject,
        "toegang": toegang,
        "elders": access.elders_voor(ctx, [traject.pk]) if toegang else [],
        "accepteer_form": accepteer_form,
        "afwijs_form": afwijs_form,
        "ingediend": ingediend,
        "aangemeld": traject.status == TrajectStatus.AANGEMELD,
    }
    return TemplateResponse(request, "trajecten/aanmelding/behandelen.html", context)


# --- Intake (trajectbegeleider) ---------------------------------------------------------------------------


def _zoek_dubbelen(request: HttpRequest, **zoek) -> list[dict[str, Any]]:
    # The access function logs the check (one 'zoeken' row with the numbers found).
    return access.mogelijke_dubbelen_voor(request.regio_ctx, **zoek)


def _dubbel_context(dubbelen: list[dict[str, Any]], bevestig_form: BevestigDubbelForm) -> dict[str, Any]:
    return {
        "dubbelen_te_openen": [d for d in dubbelen if d["te_openen"]],
        "dubbelen_verborgen": any(not d["te_openen"] for d in dubbelen),
        "dubbelen": bool(dubbelen),
        "bevestig_form": bevestig_form,
    }


@never_cache
@rol_vereist(Rol.TRAJECTBEGELEIDER)
def intake(request: HttpRequest, regio: str) -> HttpResponse:
    """Register participant, trajectory and consents at once, after a check for duplicates."""
    ctx = request.regio_ctx
    data = request.POST if request.method == "POST" else None
    deelnemer_form = DeelnemerForm(data, regio=ctx.regio)
    intake_form = IntakeForm(data, regio=ctx.regio)
    toestemmingen = ToestemmingenFormSet(data, prefix="toestemmingen", form_kwargs={"regio": ctx.regio})
    bevestig_form = BevestigDubbelForm(data)
    dubbelen: list[dict[str, Any]] = []
    if data is not None:
        formulieren = [deelnemer_form, intake_form, bevestig_form]
        alle_geldig([*formulieren, toestemmingen])
        naam = {k: deelnemer_form.cleaned_data.get(k) for k in ("voornaam", "achternaam", "geboortedatum")}
        if all(naam.values()):
            # Also when other fields are wrong, so users without JavaScript see possible duplicates early.
            dubbelen = _zoek_dubbelen(request, **naam)
        toch = bool(bevestig_form.cleaned_data.get("toch_registreren"))
        if dubbelen and not toch:
            bevestig_form.add_error("toch_registreren", actions.DUBBEL)
        uitkomst = voer_uit(
            formulieren,
            lambda: actions.registreer_intake(
                ctx=ctx,
                request=request,
                deelnemer=deelnemer_form.gegevens(),
                toestemmingen=toestemmingen.gegevens(),
                weiger_dubbel=not toch,
                **intake_form.cleaned_data,
            ),
            ook=[toestemmingen],
            request=request,
            doel=lambda traject: reverse("deelnemer", kwargs={"regio": regio, "nummer": traject.deelnemer.nummer}),
        )
        if uitkomst:
            if uitkomst.nieuw:
                traject = uitkomst.waarde
                messages.success(
                    request,
                    _("De intake van %(naam)s is geregistreerd onder nummer %(nummer)s.")
                    % {"naam": traject.deelnemer.naam, "nummer": traject.deelnemer.nummer},
                )
            return HttpResponseClientRedirect(uitkomst.url) if request.htmx else redirect(uitkomst.url)
    fouten = _foutoverzicht(
        ("", deelnemer_form),
        ("", bevestig_form),
        ("", intake_form),
        *((_("Toestemming %(nummer)s") % {"nummer": i}, form) for i, form in enumerate(toestemmingen.forms, 1)),
    )
    fouten["algemeen"] += toestemmingen.non_form_errors()
    context = {
        "deelnemer_form": deelnemer_form,
        "intake_form": intake_form,
        "toestemmingen": toestemmingen,
        "fouten": fouten,
        **_dubbel_context(dubbelen, bevestig_form),
    }
    template = "trajecten/aanmelding/intake.html"
    if request.htmx and not request.htmx.boosted:
        template += "#formulier"
    response = TemplateResponse(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@rol_vereist(Rol.TRAJECTBEGELEIDER)
def dubbelcheck(request: HttpRequest, regio: str) -> HttpResponse:
    """The duplicate notice next to the intake's name fields (htmx); empty until name and date are complete."""
    zoek = DubbelcheckForm(request.GET)
    dubbelen = _zoek_dubbelen(request, **zoek.cleaned_data) if zoek.is_valid() else []
    context = _dubbel_context(dubbelen, BevestigDubbelForm())
    return TemplateResponse(request, "trajecten/aanmelding/intake.html#dubbel", context)
