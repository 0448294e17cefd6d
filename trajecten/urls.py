from django.urls import path

from .views import aanmelding, deelnemer, inzage, lijsten, overdracht, werk, werklijst

urlpatterns = [
    # Lists (lijsten.py)
    path("caseload/", lijsten.caseload, name="caseload"),
    path("caseload/overdragen/", overdracht.overdragen, name="overdragen"),
    path("deelnemers/", lijsten.deelnemers, name="deelnemers"),
    # Referral, inbox and intake (aanmelding.py)
    path("aanmeldingen/", aanmelding.aanmeldingen, name="aanmeldingen"),
    path("aanmeldingen/nieuw/", aanmelding.aanmelden, name="aanmelden"),
    path("aanmeldingen/inbox/", aanmelding.inbox, name="inbox"),
    path("aanmeldingen/<int:pk>/", aanmelding.aanmelding_behandelen, name="aanmelding_behandelen"),
    path("intake/", aanmelding.intake, name="intake"),
    path("intake/dubbel/", aanmelding.dubbelcheck, name="intake_dubbelcheck"),
    # One participant (deelnemer.py)
    path("deelnemers/<str:nummer>/", deelnemer.deelnemer, name="deelnemer"),
    path("deelnemers/<str:nummer>/bewerken/", deelnemer.bewerken, name="deelnemer_bewerken"),
    path("deelnemers/<str:nummer>/toestemmingen/nieuw/", deelnemer.toestemming_nieuw, name="toestemming_nieuw"),
    path(
        "deelnemers/<str:nummer>/toestemmingen/<int:pk>/intrekken/",
        deelnemer.toestemming_intrekken,
        name="toestemming_intrekken",
    ),
    path("deelnemers/<str:nummer>/peer-supporter/", deelnemer.peer_koppelen, name="peer_koppelen"),
    path("deelnemers/<str:nummer>/gesprek/", deelnemer.peer_gesprek, name="peer_gesprek"),
    path("trajecten/<int:pk>/starten/", deelnemer.traject_starten, name="traject_starten"),
    path("trajecten/<int:pk>/beeindigen/", deelnemer.traject_beeindigen, name="traject_beeindigen"),
    path("trajecten/<int:pk>/contact/", deelnemer.contact_nieuw, name="contact_nieuw"),
    path("trajecten/<int:pk>/financiering/", deelnemer.financiering_corrigeren, name="financiering_corrigeren"),
    path("trajecten/<int:pk>/overdragen/", overdracht.traject_overdragen, name="traject_overdragen"),
    path("koppelingen/<int:pk>/overdracht-vragen/", overdracht.overdracht_vragen, name="overdracht_vragen"),
    # Work: proposals, placements and suggestions (werk.py)
    path("deelnemers/<str:nummer>/voordragen/", werk.voordragen, name="voordragen"),
    path(
        "deelnemers/<str:nummer>/voordrachten/<int:pk>/terugtrekken/",
        werk.voordracht_terugtrekken,
        name="voordracht_terugtrekken",
    ),
    path("trajecten/<int:pk>/plaatsing/", werk.plaatsing_nieuw, name="plaatsing_nieuw"),
    path("plaatsingen/<int:pk>/beeindigen/", werk.plaatsing_beeindigen, name="plaatsing_beeindigen"),
    path("vacatures/<int:pk>/kandidaten/", werk.vacature_kandidaten, name="vacature_kandidaten"),
    path("voordrachten/", werk.voordrachten, name="voordrachten"),
    path("voordrachten/<int:pk>/", werk.voordracht, name="voordracht"),
    path("voordrachten/<int:pk>/<slug:naar>/", werk.voordracht_status, name="voordracht_status"),
    # The worklist on the start page (werklijst.py)
    path("werklijst/<int:pk>/<slug:soort>/uitstellen/", werklijst.uitstellen, name="werkpunt_uitstellen"),
    # The AVG export (inzage.py): JSON at once, the PDF built in the background
    path("deelnemers/<str:nummer>/inzage/", inzage.inzage, name="inzage"),
    path("deelnemers/<str:nummer>/inzage.json", inzage.inzage_json, name="inzage_json"),
    path("deelnemers/<str:nummer>/inzage.pdf", inzage.inzage_pdf, name="inzage_pdf"),
]
