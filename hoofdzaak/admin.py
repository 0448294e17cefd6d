"""Platform staff configure regions and organisations, and may invite a region's first projectleider.

No back door (DESIGN.md §4, issue 13 point 5): platform staff never get a role that sees names. Memberships are
granted inside the region, by its projectleider, through the portal's invitation and membership actions; here
they are read-only apart from deactivation. Every change made here goes through the same actions as the portal
(`hoofdzaak.actions`: same checks, same audit rows): `ViaActies` runs the action as part of the admin form's
validation, as `voer_uit` does in the portal, so a refusal shows next to the field and nothing is saved; deleting
goes through the actions too (a region or organisation only while it holds nothing), never as a bulk action.
Accounts are not made here (invitations; staff and superusers on the command line), and staff cannot set a
password, change an address or see a second-step key: they can only (de)activate an account and wipe its second
step. Participant data is never registered here: trajecten has no admin module on purpose, Django's group admin
(the organisations' grant groups) is taken out, and staff without a membership get 404 for every region URL like
anyone else (tests/test_platformbeheer.py).
"""

from importlib import import_module

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions
from .models import Doelstelling, Gebruiker, Lidmaatschap, Organisatie, Regio

# The organisations' grant groups are technical (one per organisation, its object permissions derived by
# trajecten.toegang): nothing for staff to see or edit. The second-step devices are wiped through
# `wis_tweede_stap` on the user's page, never shown (django-otp's own admin shows keys and backup codes).
# (hoofdzaak comes first in INSTALLED_APPS: register django-otp's admin now, so that it can be taken out.)
import_module("django_otp.plugins.otp_totp.admin")
import_module("django_otp.plugins.otp_static.admin")
for _model in (Group, TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _zet_fouten(form: forms.BaseForm, fout: ValidationError) -> None:
    """An action's refusal on the form: field errors next to their field, anything else above the form."""
    if not hasattr(fout, "error_dict"):
        form.add_error(None, fout)
        return
    for veld, fouten in fout.error_dict.items():
        form.add_error(veld if veld in form.fields else None, fouten)


class ViaActies(admin.ModelAdmin):
    """Add, change and delete through `hoofdzaak.actions`.

    `sla_op` runs the action when the form is otherwise valid (inside the form's validation, in a savepoint): its
    ValidationError lands on the form like any other error and nothing is saved. `save_model` and `save_related`
    then only take the saved object's key: the admin itself writes nothing (apart from its own LogEntry).
    """

    def sla_op(self, request, obj, form, change):
        """Run the action for the form's data; return the saved object."""
        raise PermissionDenied

    def verwijder(self, request, obj) -> None:
        raise PermissionDenied

    def verwijder_bezwaar(self, obj) -> str:
        return ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        basis = super().get_form(request, obj, change=change, **kwargs)
        modeladmin = self

        class ViaActieForm(basis):
            opgeslagen = None

            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                try:
                    with transaction.atomic():
                        self.opgeslagen = modeladmin.sla_op(request, self.instance, self, change)
                except ValidationError as fout:
                    _zet_fouten(self, fout)

        return ViaActieForm

    def save_model(self, request, obj, form, change):
        obj.pk = form.opgeslagen.pk

    def save_related(self, request, form, formsets, change):
        # Inlines are read-only: unsaved, only so the admin can describe the change (LogEntry).
        for formset in formsets:
            formset.save(commit=False)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or not self.verwijder_bezwaar(obj))

    def get_actions(self, request):
        # Bulk deletion would bypass the one-at-a-time checks and report rows it did not delete.
        acties = super().get_actions(request)
        acties.pop("delete_selected", None)
        return acties

    def delete_model(self, request, obj):
        self.verwijder(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.verwijder(request, obj)


@admin.register(Regio)
class RegioAdmin(ViaActies):
    list_display = ["naam", "slug", "code"]
    fields = ["naam", "slug", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in every URL and the code in every participant number: fixed once made.
        return ["slug", "code"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["naam"]} if obj is None else {}

    def sla_op(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return actions.wijzig_regio(regio=obj, naam=data["naam"], door=request.user, request=request)
        return actions.maak_regio(
            naam=data["naam"], slug=data["slug"], code=data["code"], door=request.user, request=request
        )

    def verwijder_bezwaar(self, obj) -> str:
        return actions.verwijder_bezwaar(obj)

    def verwijder(self, request, obj) -> None:
        actions.verwijder_regio(regio=obj, door=request.user, request=request)


class EersteProjectleiderForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=150)
    email = forms.EmailField(label="E-mailadres", max_length=254)


@admin.register(Organisatie)
class OrganisatieAdmin(ViaActies):
    list_display = ["naam", "regio", "soort", "cbs_code"]
    list_filter = ["regio", "soort"]
    search_fields = ["naam", "cbs_code"]
    fields = ["regio", "naam", "soort", "cbs_code", "dagen_zonder_contact", "eerste_projectleider"]

    def get_readonly_fields(self, request, obj=None):
        return ["regio", "eerste_projectleider"] if obj is not None else ["eerste_projectleider"]

    @admin.display(description="Eerste projectleider")
    def eerste_projectleider(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        if bezwaar := actions.eerste_projectleider_bezwaar(obj):
            return bezwaar
        url = reverse("admin:hoofdzaak_organisatie_eerste_projectleider", args=[obj.pk])
        return format_html('<a href="{}">Eerste projectleider van {} uitnodigen</a>', url, obj.regio)

    def sla_op(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in ("naam", "soort", "cbs_code", "dagen_zonder_contact")}
        if change:
            return actions.wijzig_organisatie(organisatie=obj, **data, door=request.user, request=request)
        return actions.maak_organisatie(regio=form.cleaned_data["regio"], **data, door=request.user, request=request)

    def verwijder_bezwaar(self, obj) -> str:
        return actions.verwijder_bezwaar(obj)

    def verwijder(self, request, obj) -> None:
        actions.verwijder_organisatie(organisatie=obj, door=request.user, request=request)

    def get_urls(self):
        eigen = [
            path(
                "<int:pk>/eerste-projectleider/",
                self.admin_site.admin_view(self.eerste_projectleider_uitnodigen),
                name="hoofdzaak_organisatie_eerste_projectleider",
            )
        ]
        return eigen + super().get_urls()

    def eerste_projectleider_uitnodigen(self, request, pk: int):
        """Invite the region's first projectleider (a pseudonymised role), through the portal's invitation."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        organisatie = get_object_or_404(Organisatie.objects.select_related("regio"), pk=pk)
        fout = actions.eerste_projectleider_bezwaar(organisatie)
        form = EersteProjectleiderForm(request.POST or None)
        if request.method == "POST" and not fout and form.is_valid():
            try:
                actions.nodig_eerste_projectleider_uit(
                    organisatie=organisatie,
                    basis_url=request.build_absolute_uri("/"),
                    door=request.user,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _zet_fouten(form, error)
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

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Gebruiker)
class GebruikerAdmin(ViaActies, UserAdmin):
    """Accounts: (de)activation through `actions.zet_gebruiker_actief`, and wiping the second step; nothing else.

    No accounts are added here (an invitation makes one; staff and superusers `createsuperuser`), none deleted
    (deactivate instead: the audit log keeps naming them), and no password, address, name or staff flag is set:
    with an address or password of their choosing staff could take an account over."""

    form = forms.ModelForm
    ordering = ["email"]
    list_display = ["email", "naam", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "lidmaatschappen__regio"]
    search_fields = ["email", "naam"]
    inlines = [LidmaatschapInline]
    fieldsets = [
        (None, {"fields": ["email", "naam"]}),
        ("Rechten", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Datums", {"fields": ["last_login", "aangemaakt_op"]}),
    ]
    readonly_fields = ["email", "naam", "is_staff", "is_superuser", "last_login", "aangemaakt_op"]
    actions = ["tweede_stap_wissen"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied

    def sla_op(self, request, obj, form, change):
        if "is_active" in form.changed_data:
            # (De)activation through the portal's action: its checks, its audit row, and a deactivated account
            # is signed out at once.
            return actions.zet_gebruiker_actief(
                gebruiker=obj, actief=form.cleaned_data["is_active"], door=request.user, request=request
            )
        return obj

    @admin.action(description="Tweede stap wissen (nieuwe telefoon): de gebruiker stelt hem opnieuw in")
    def tweede_stap_wissen(self, request, queryset):
        for gebruiker in queryset:
            try:
                actions.wis_tweede_stap(gebruiker=gebruiker, door=request.user, request=request)
            except ValidationError as error:
                messages.error(request, f"{gebruiker.email}: {' '.join(error.messages)}")
            else:
                messages.success(request, f"De tweede stap van {gebruiker.email} is gewist.")


@admin.register(Lidmaatschap)
class LidmaatschapAdmin(ViaActies):
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

    def sla_op(self, request, obj, form, change):
        if "actief" not in form.changed_data:
            return obj
        if form.cleaned_data["actief"]:
            raise ValidationError(
                {"actief": "Een lidmaatschap weer actief maken doet de projectleider in het portaal."}
            )
        return actions.zet_lidmaatschap_actief(lidmaatschap=obj, actief=False, door=request.user, request=request)


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
