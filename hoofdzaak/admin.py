"""Platform staff configure regions, organisations, users, memberships and targets.

Participant data is never registered here: trajecten has no admin module on purpose.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from . import actions
from .models import Doelstelling, Gebruiker, Lidmaatschap, Organisatie, Regio


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "code"]
    prepopulated_fields = {"slug": ["naam"]}


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


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    fields = ["organisatie", "rol", "actief"]
    autocomplete_fields = ["organisatie"]


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
    readonly_fields = ["last_login", "aangemaakt_op"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Same effect as actions.zet_gebruiker_actief: a deactivated account is signed out everywhere.
            actions.beeindig_sessies_na_commit(gebruiker_id=obj.pk)

    def save_formset(self, request, form, formset, change):
        # A membership's region always follows its organisation's.
        for lid in formset.save(commit=False):
            lid.regio = lid.organisatie.regio
            lid.save()
        for lid in formset.deleted_objects:
            lid.delete()


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(admin.ModelAdmin):
    list_display = ["gebruiker", "organisatie", "regio", "rol", "actief"]
    list_filter = ["regio", "rol", "actief"]
    search_fields = ["gebruiker__email", "gebruiker__naam", "organisatie__naam"]
    autocomplete_fields = ["gebruiker", "organisatie"]

    def save_model(self, request, obj, form, change):
        obj.regio = obj.organisatie.regio
        super().save_model(request, obj, form, change)
        if change and "actief" in form.changed_data and not obj.actief:
            actions.beeindig_sessies_na_commit(gebruiker_id=obj.gebruiker_id)


@admin.register(Doelstelling)
class DoelstellingAdmin(admin.ModelAdmin):
    list_display = ["regio", "jaar", "aantal"]
    list_filter = ["regio"]
