"""Forms about work: proposing a participant, moving a proposal on, registering and ending placements."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak.forms import EenmaligForm
from hoofdzaak.models import Regio
from werkgevers.models import Vacature, Werkgever

from ..models import Contractvorm, VoordrachtStatus
from .deelnemer import VersieForm, datumveld

NIET_MEER_OPEN = _("Deze vacature is niet meer open.")
# Hours a week, as the models allow them.
UREN = {"min_value": 1, "max_value": 60}


class VoordragenForm(EenmaligForm):
    vacature = forms.ModelChoiceField(
        label=_("Vacature"), queryset=Vacature.objects.none(), empty_label=_("Kies een open vacature")
    )
    profiel = forms.CharField(
        label=_("Profiel voor de werkgeversadviseur"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Alleen wat de deelnemer wil delen: werkervaring, kwaliteiten, wensen en wat helpt op het werk. "
            "Geen naam, contactgegevens, diagnose of behandeling."
        ),
    )
    toestemming = forms.BooleanField(
        label=_("De deelnemer heeft ingestemd met het delen van dit profiel"),
        error_messages={
            "required": _("Draag alleen voor als de deelnemer heeft ingestemd met het delen van dit profiel.")
        },
    )

    def __init__(self, *args, vacatures: QuerySet[Vacature], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        veld = self.fields["vacature"]
        veld.queryset = vacatures
        veld.label_from_instance = lambda v: (
            f"{v.titel} — {v.werkgever.naam}, {v.plaats} ({v.uren_van}–{v.uren_tot} uur per week)"
        )
        # The list holds only open vacancies: one that is not in it any more was filled or closed meanwhile.
        veld.error_messages["invalid_choice"] = NIET_MEER_OPEN


class PlaatsingVeldenForm(forms.Form):
    """The job itself; shared by the begeleider's placement form and the werkgeversadviseur's 'aangenomen'."""

    functie = forms.CharField(label=_("Functie"), max_length=150)
    startdatum = datumveld(_("Startdatum"))
    einddatum = datumveld(
        _("Einddatum"), required=False, help_text=_("Alleen bij een tijdelijk contract met een bekende einddatum.")
    )
    uren_per_week = forms.IntegerField(label=_("Uren per week"), **UREN)
    contractvorm = forms.ChoiceField(label=_("Contractvorm"), choices=Contractvorm.choices)
    betaald = forms.BooleanField(
        label=_("Betaald werk"),
        required=False,
        initial=True,
        help_text=_("Een proefplaatsing zonder loon telt nooit als betaald werk."),
    )
    loonkostensubsidie = forms.BooleanField(label=_("Met loonkostensubsidie"), required=False)

    PLAATSING_VELDEN = (
        "functie",
        "startdatum",
        "einddatum",
        "uren_per_week",
        "contractvorm",
        "betaald",
        "loonkostensubsidie",
    )

    def clean(self):
        cleaned = super().clean()
        start, eind = cleaned.get("startdatum"), cleaned.get("einddatum")
        if start and eind and eind < start:
            self.add_error("einddatum", _("De einddatum ligt vóór de startdatum."))
        if cleaned.get("contractvorm") == Contractvorm.PROEFPLAATSING:
            cleaned["betaald"] = False
        return cleaned

    def plaatsing(self) -> dict:
        return {veld: self.cleaned_data[veld] for veld in self.PLAATSING_VELDEN}


class PlaatsingForm(EenmaligForm, PlaatsingVeldenForm):
    werkgever = forms.ModelChoiceField(
        label=_("Werkgever uit het register"),
        queryset=Werkgever.objects.none(),
        required=False,
        empty_label=_("Niet in het register"),
    )
    werkgever_naam = forms.CharField(
        label=_("Of: werkgever buiten het register"),
        max_length=150,
        required=False,
        help_text=_("Alleen als de werkgever niet in het register staat."),
    )

    field_order = ["werkgever", "werkgever_naam", *PlaatsingVeldenForm.PLAATSING_VELDEN]

    def __init__(self, *args, regio: Regio, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["werkgever"].queryset = Werkgever.objects.in_regio(regio).order_by("naam")
        self.fields["werkgever"].error_messages["invalid_choice"] = _("Kies een werkgever uit deze regio.")
        if not self.is_bound:
            self.initial.setdefault("startdatum", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        werkgever, naam = cleaned.get("werkgever"), (cleaned.get("werkgever_naam") or "").strip()
        if "werkgever" in self.errors:
            return cleaned
        if werkgever and naam:
            self.add_error(
                "werkgever_naam",
                _(
                    "Kies een werkgever uit het register óf vul de naam van een werkgever buiten het register in, "
                    "niet allebei."
                ),
            )
        elif not werkgever and not naam:
            self.add_error(
                "werkgever",
                _("Kies een werkgever uit het register of vul de naam van een werkgever buiten het register in."),
            )
        return cleaned

    def gegevens(self) -> dict:
        return {
            **self.plaatsing(),
            "werkgever": self.cleaned_data["werkgever"],
            "werkgever_naam": self.cleaned_data["werkgever_naam"],
        }


class AangenomenForm(VersieForm, PlaatsingVeldenForm):
    vacature_vervuld = forms.BooleanField(
        label=_("De vacature is hiermee vervuld"),
        required=False,
        help_text=_("De vacature gaat dan dicht: er kan niemand meer voor worden voorgedragen."),
    )


class AfgewezenForm(VersieForm):
    reden = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De trajectbegeleider ziet deze reden en bespreekt die met de deelnemer."),
        error_messages={"required": _("Geef aan waarom de kandidaat is afgewezen.")},
    )


class TerugtrekkenForm(VersieForm):
    reden = forms.CharField(
        label=_("Toelichting"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De werkgeversadviseur ziet deze toelichting: noem geen persoonlijke gegevens."),
    )


class PlaatsingBeeindigenForm(forms.Form):
    einddatum = datumveld(_("Laatste werkdag"))
    reden = forms.CharField(
        label=_("Reden van beëindiging"),
        max_length=200,
        help_text=_("Bijvoorbeeld: contract niet verlengd, andere baan gevonden, gestopt om gezondheidsredenen."),
        error_messages={"required": _("Geef aan waarom de plaatsing is beëindigd.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["einddatum"] = timezone.localdate()


# Filter values of the proposals list besides the statuses themselves.
LOPEND = "lopend"


class VoordrachtFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle statussen")),
            (LOPEND, _("Lopend (voorgedragen of gesprek)")),
            *VoordrachtStatus.choices,
        ],
    )
    vacature = forms.ModelChoiceField(
        label=_("Vacature"), required=False, queryset=Vacature.objects.none(), empty_label=_("Alle vacatures")
    )

    def __init__(self, *args, vacatures: QuerySet[Vacature], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vacature"].queryset = vacatures
        self.fields["vacature"].label_from_instance = lambda v: f"{v.titel} — {v.werkgever.naam}"
