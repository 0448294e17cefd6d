from django.urls import path

from .views import aanmelding, deelnemer, lijsten

urlpatterns = [
    # Lists (lijsten.py)
    path("caseload/", lijsten.caseload, name="caseload"),
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
]
