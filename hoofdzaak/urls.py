from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import account, algemeen, audit, beheer, doel, meldingen, tweefactor

admin.site.site_header = "Hoofdzaak Werk — platformbeheer"
admin.site.site_title = "Platformbeheer"

account_patterns = [
    path("inloggen/", account.InlogView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", account.WachtwoordVergetenView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path("herstel/<uidb64>/<token>/", account.WachtwoordHerstelView.as_view(), name="password_reset_confirm"),
    path("herstel/klaar/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("activeren/<uidb64>/<token>/", account.activeren, name="activeren"),
    path("tweede-stap/", tweefactor.tweede_stap, name="tweede_stap"),
    path("tweede-stap/instellen/", tweefactor.tweede_stap_instellen, name="tweede_stap_instellen"),
    path("beveiliging/", tweefactor.beveiliging, name="beveiliging"),
]

beheer_patterns = [
    path("organisaties/", beheer.organisaties, name="beheer_organisaties"),
    path("organisaties/nieuw/", beheer.organisatie_nieuw, name="beheer_organisatie_nieuw"),
    path("organisaties/<int:pk>/", beheer.organisatie_bewerken, name="beheer_organisatie"),
    path("gebruikers/", beheer.gebruikers, name="beheer_gebruikers"),
    path("gebruikers/uitnodigen/", beheer.gebruiker_uitnodigen, name="beheer_uitnodigen"),
    path("gebruikers/<int:pk>/", beheer.lidmaatschap, name="beheer_lidmaatschap"),
    path("gebruikers/<int:pk>/actief/", beheer.lidmaatschap_actief, name="beheer_lidmaatschap_actief"),
    path("gebruikers/<int:pk>/teamleider/", beheer.lidmaatschap_teamleider, name="beheer_lidmaatschap_teamleider"),
    path("gebruikers/<int:pk>/uitnodiging/", beheer.uitnodiging_opnieuw, name="beheer_uitnodiging_opnieuw"),
    path("auditlog/", audit.auditlog, name="beheer_auditlog"),
]

regio_patterns = [
    path("", algemeen.regio_home, name="regio_home"),
    path("rol/", algemeen.kies_rol, name="kies_rol"),
    path("meldingen/", meldingen.meldingen, name="meldingen"),
    path("meldingen/aantal/", meldingen.meldingen_aantal, name="meldingen_aantal"),
    path("meldingen/e-mail/", meldingen.meldingvoorkeuren, name="meldingvoorkeuren"),
    path("meldingen/<int:pk>/", meldingen.melding_openen, name="melding_openen"),
    path("beheer/", include(beheer_patterns)),
    path("doel/<int:jaar>/", doel.doel, name="doel"),
    path("", include("werkgevers.urls")),
    path("", include("trajecten.urls")),
    path("", include("rapportage.urls")),
]

urlpatterns = [
    path("", algemeen.start, name="start"),
    path("gezondheid/", algemeen.gezondheid, name="gezondheid"),
    path("account/", include(account_patterns)),
    path("platformbeheer/", admin.site.urls),
    # Region slugs never collide with the prefixes above: see models.GERESERVEERDE_SLUGS.
    path("<slug:regio>/", include(regio_patterns)),
]
