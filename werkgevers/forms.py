"""Forms for employers, contacts and vacancies, and the filters of their lists.

Forms check what they can see in the submitted data; the actions check the rest against the
database (duplicate KvK numbers, stale versions, closing dates) and `hoofdzaak.views.hulp.voer_uit`
puts those messages on the same fields.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoofdzaak import invoer
from hoofdzaak.forms import EenmaligForm
from hoofdzaak.keuzes import Sector
from hoofdzaak.models import Gebruiker

from .actions import normaliseer_kvk
from .models import (
    UREN_VOLGORDE_FOUT,
    VERLOPEN,
    Betrokkenheid,
    Vacature,
    VacatureStatus,
    Werkgever,
    Werkgeverscontact,
    kvk_validator,
)

DATUM = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def versieveld() -> forms.IntegerField:
    """Carries the version an edit form was rendered from, so a stale submission is refused."""
    return forms.IntegerField(label=_("Versie"), widget=forms.HiddenInput)


class WerkgeverForm(EenmaligForm, forms.ModelForm):
    # Wider than the 8 stored digits: spaces and dots are allowed while typing and removed here.
    kvk_nummer = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        help_text=_("De 8 cijfers van het KvK-nummer, bijvoorbeeld 28123456."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Werkgever
        fields = [
            "naam",
            "kvk_nummer",
            "sector",
            "plaats",
            "contactpersoon",
            "email",
            "telefoon",
            "betrokkenheid",
            "accountmanager",
        ]
        labels = {"naam": _("Naam"), "email": _("E-mailadres contactpersoon"), "telefoon": _("Telefoonnummer")}
        help_texts = {
            "betrokkenheid": _("Hoe ver de werkgever is met inclusief werkgeverschap."),
            "accountmanager": _("De werkgeversadviseur die contact houdt met deze werkgever."),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "telefoon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, accountmanagers: QuerySet[Gebruiker], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.accountmanager_id:
            # Keep the current accountmanager selectable even if it has left the WSP since.
            accountmanagers = accountmanagers | Gebruiker.objects.filter(pk=self.instance.accountmanager_id)
        veld = self.fields["accountmanager"]
        veld.queryset = accountmanagers
        veld.empty_label = _("Nog geen accountmanager")
        veld.label_from_instance = lambda gebruiker: gebruiker.naam or gebruiker.email
        veld.error_messages["invalid_choice"] = _("Kies een werkgeversadviseur uit deze regio.")
        self.fields["sector"].choices = [("", _("Kies een sector")), *Sector.choices]

    def clean_kvk_nummer(self) -> str:
        kvk_nummer = normaliseer_kvk(self.cleaned_data["kvk_nummer"])
        kvk_validator(kvk_nummer)
        return kvk_nummer


class WerkgeverBewerkenForm(WerkgeverForm):
    versie = versieveld()
    inzendsleutel = None  # an edit is guarded by its version, not by a one-time key

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["versie"].initial = self.instance.versie


class WerkgeverscontactForm(EenmaligForm, forms.ModelForm):
    class Meta:
        model = Werkgeverscontact
        formfield_callback = invoer.formveld
        fields = ["datum", "soort", "notitie"]
        labels = {"datum": _("Datum"), "soort": _("Soort contact"), "notitie": _("Notitie")}
        help_texts = {
            "soort": _(
                "Een bedrijfsbezoek telt mee als face-to-face werkgeverscontact (IPS). Een contact over één "
                "deelnemer leg je vast bij diens traject."
            ),
            "notitie": _("Wat is besproken en wat is afgesproken. Geen gegevens over deelnemers."),
        }
        widgets = {"datum": DATUM, "notitie": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate
        self.fields["soort"].choices = [("", _("Kies de soort contact")), *Werkgeverscontact.Soort.choices]


class VacatureForm(EenmaligForm, forms.ModelForm):
    class Meta:
        model = Vacature
        formfield_callback = invoer.formveld
        fields = [
            "titel",
            "omschrijving",
            "sector",
            "plaats",
            "uren_van",
            "uren_tot",
            "sluitingsdatum",
            "wat_past",
        ]
        labels = {
            "titel": _("Functie"),
            "omschrijving": _("Omschrijving"),
            "uren_van": _("Uren per week vanaf"),
            "uren_tot": _("Uren per week tot en met"),
            "sluitingsdatum": _("Sluitingsdatum"),
            "wat_past": _("Wat past bij deze vacature"),
        }
        help_texts = {
            "uren_van": _("Tussen 1 en 60."),
            "uren_tot": _("Tussen 1 en 60; gelijk aan ‘vanaf’ bij een vast aantal uren."),
            "sluitingsdatum": _("Laat leeg als de vacature openstaat tot hij vervuld is."),
            "wat_past": _("Wat voor iemand past hier, en welke aanpassingen de werkgever kan bieden."),
        }
        widgets = {
            "sluitingsdatum": DATUM,
            "omschrijving": forms.Textarea(attrs={"rows": 4}),
            "wat_past": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, werkgever: Werkgever, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Most vacancies are in the employer's own sector and place.
            self.fields["sector"].initial = werkgever.sector
            self.fields["plaats"].initial = werkgever.plaats
        self.fields["sector"].choices = [("", _("Kies een sector")), *Sector.choices]
        for veld in ("uren_van", "uren_tot"):
            self.fields[veld].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        uren_van, uren_tot = cleaned.get("uren_van"), cleaned.get("uren_tot")
        # Here and not only in the action: the model's check constraint would otherwise report it first,
        # in general words and not at the field.
        if uren_van is not None and uren_tot is not None and uren_van > uren_tot:
            self.add_error("uren_tot", UREN_VOLGORDE_FOUT)
        return cleaned


class VacatureBewerkenForm(VacatureForm):
    versie = versieveld()
    inzendsleutel = None  # an edit is guarded by its version, not by a one-time key

    class Meta(VacatureForm.Meta):
        fields = [*VacatureForm.Meta.fields[:6], "status", *VacatureForm.Meta.fields[6:]]
        labels = {**VacatureForm.Meta.labels, "status": _("Status")}
        help_texts = {
            **VacatureForm.Meta.help_texts,
            "status": _("Vervuld of gesloten: trajectbegeleiders zien de vacature dan niet meer."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["versie"].initial = self.instance.versie


# --- list filters (GET forms: an invalid field is ignored) ---


def _zoekveld(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class _FilterForm(forms.Form):
    def filters(self) -> dict[str, str]:
        """The valid, non-empty filter values."""
        self.is_valid()
        return {naam: waarde for naam, waarde in getattr(self, "cleaned_data", {}).items() if waarde}

    def clean_zoek(self) -> str:
        return " ".join(self.cleaned_data["zoek"].split())


class WerkgeversFilterForm(_FilterForm):
    zoek = _zoekveld(_("Zoek op naam, KvK-nummer of contactpersoon"))
    betrokkenheid = forms.ChoiceField(
        label=_("Betrokkenheid"), required=False, choices=[("", _("Alle")), *Betrokkenheid.choices]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("Alle sectoren")), *Sector.choices])
    plaats = forms.ChoiceField(label=_("Plaats"), required=False)

    def __init__(self, *args, plaatsen: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plaats"].choices = [("", _("Alle plaatsen")), *((p, p) for p in plaatsen)]


class VacaturesFilterForm(_FilterForm):
    zoek = _zoekveld(_("Zoek op functie of werkgever"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle statussen")),
            (VacatureStatus.OPEN, _("Open")),
            (VERLOPEN, _("Verlopen (sluitingsdatum voorbij)")),
            (VacatureStatus.VERVULD, _("Vervuld")),
            (VacatureStatus.GESLOTEN, _("Gesloten")),
        ],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("Alle sectoren")), *Sector.choices])
    plaats = forms.ChoiceField(label=_("Plaats"), required=False)

    def __init__(self, *args, plaatsen: list[str], met_status: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plaats"].choices = [("", _("Alle plaatsen")), *((p, p) for p in plaatsen)]
        if not met_status:
            # Trajectbegeleiders only ever see open vacancies.
            del self.fields["status"]
