"""Platform staff configure regions and organisations, and may invite a region's first projectleider.

No back door (DESIGN.md §4, issue 13): platform staff never get a role that sees names. Memberships are
granted inside the region, by its projectleider, through the portal's invitation and membership actions;
here they are read-only apart from deactivation. Every change made here goes through the same actions as
the portal (same checks). Participant data is never registered here: trajecten has no admin module on
purpose, and staff without a membership get 404 for every region URL like anyone else.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import actions
from .models import ROLLEN_PER_SOORT, Doelstelling, Gebruiker, Lidmaatschap, Organisatie, Regio, Rol


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "code"]
    prepopulated_fields = {"slug": ["naam"]}


class EersteProjectleiderForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=150)
    email = forms.EmailField(label="E-mailadres", max_length=254)


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "regio", "soort", "cbs_code"]
    list_filter = ["regio", "soort"]
    search_fields = ["naam", "cbs_code"]

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in ("naam", "soort", "cbs_code")}
        if change:
            saved = actions.wijzig_organisatie(organisatie=obj, **data)
        else:
            saved = actions.maak_organisatie(regio=form.cleaned_data["regio"], **data)
        obj.pk, obj.groep = saved.pk, saved.groep

    def get_urls(self):
        eigen = [
            path(
                "<int:pk>/eerste-projectleider/",
                self.admin_site.admin_view(self.eerste_projectleider),
                name="hoofdzaak_organisatie_eerste_projectleider",
            )
        ]
        return eigen + super().get_urls()

    def eerste_projectleider(self, request, pk: int):
        """Invite the region's first projectleider (a pseudonymised role), through the portal's invitation."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        organisatie = get_object_or_404(Organisatie.objects.select_related("regio"), pk=pk)
        fout = ""
        if Rol.PROJECTLEIDER not in ROLLEN_PER_SOORT[organisatie.soort]:
            fout = "Bij deze soort organisatie hoort geen projectleider."
        elif Lidmaatschap.objects.filter(regio=organisatie.regio, rol=Rol.PROJECTLEIDER, actief=True).exists():
            fout = "Deze regio heeft al een projectleider; die nodigt de andere gebruikers uit in het portaal."
        form = EersteProjectleiderForm(request.POST or None)
        if request.method == "POST" and not fout and form.is_valid():
            try:
                actions.nodig_uit(
                    organisatie=organisatie,
                    rol=Rol.PROJECTLEIDER,
                    basis_url=request.build_absolute_uri("/"),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                for veld, meldingen in error.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, meldingen)
            else:
                messages.success(request, f"{form.cleaned_data['email']} is uitgenodigd als projectleider.")
                return redirect(reverse("admin:hoofdzaak_organisatie_change", args=[organisatie.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Eerste projectleider van {organisatie.regio} uitnodigen",
            "organisatie": organisatie,
            "form": form,
            "fout": fout,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/hoofdzaak/eerste_projectleider.html", context)


class LidmaatschapInline(admin.TabularInline):
    """Read-only: memberships are granted in the portal by the region's projectleider."""

    model = Lidmaatschap
    extra = 0
    fields = ["organisatie", "regio", "rol", "actief"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class GebruikerCreationForm(UserCreationForm):
    class Meta:
        model = Gebruiker
        fields = ["email", "naam"]


class GebruikerChangeForm(UserChangeForm):
    class Meta:
        model = Gebruiker
        fields = "__all__"


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    form = GebruikerChangeForm
    add_form = GebruikerCreationForm
    ordering = ["email"]
    list_display = ["email", "naam", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "lidmaatschappen__regio"]
    search_fields = ["email", "naam"]
    inlines = [LidmaatschapInline]
    fieldsets = [
        (None, {"fields": ["email", "naam", "password"]}),
        ("Rechten", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Datums", {"fields": ["last_login", "aangemaakt_op"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "naam", "password1", "password2"]})]
    # Superusers are made on the command line (createsuperuser), never by clicking.
    readonly_fields = ["last_login", "aangemaakt_op", "is_superuser"]

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data:
            # (De)activation through the portal's action: its checks, and a deactivated account is signed out.
            actief = obj.is_active
            obj.is_active = form.initial.get("is_active", not actief)
            super().save_model(request, obj, form, change)
            try:
                actions.zet_gebruiker_actief(gebruiker=obj, actief=actief, door=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return
        super().save_model(request, obj, form, change)


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(admin.ModelAdmin):
    """Read-only apart from deactivation, which goes through `actions.zet_lidmaatschap_actief`."""

    list_display = ["gebruiker", "organisatie", "regio", "rol", "actief"]
    list_filter = ["regio", "rol", "actief"]
    search_fields = ["gebruiker__email", "gebruiker__naam", "organisatie__naam"]
    fields = ["gebruiker", "organisatie", "regio", "rol", "actief"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        # Only an active membership can be changed, and only to inactive.
        if obj is not None and obj.actief:
            return ["gebruiker", "organisatie", "regio", "rol"]
        return self.fields

    def save_model(self, request, obj, form, change):
        if change and "actief" in form.changed_data and not obj.actief:
            try:
                actions.zet_lidmaatschap_actief(lidmaatschap=obj, actief=False, door=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))


@admin.register(Doelstelling)
class DoelstellingAdmin(admin.ModelAdmin):
    """Read-only: the projectleider sets the target and its split in the portal (/<regio>/doel/<jaar>/), as a
    new audited version (`actions.stel_doel_vast`); an edit here would bypass the history and the split."""

    list_display = ["regio", "jaar", "aantal"]
    list_filter = ["regio"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
