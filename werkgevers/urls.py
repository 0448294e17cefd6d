from django.urls import path

from .views import vacatures, werkgevers

urlpatterns = [
    # Employers (views/werkgevers.py)
    path("werkgevers/", werkgevers.werkgevers, name="werkgevers"),
    path("werkgevers/nieuw/", werkgevers.werkgever_nieuw, name="werkgever_nieuw"),
    path("werkgevers/<int:pk>/", werkgevers.werkgever, name="werkgever"),
    path("werkgevers/<int:pk>/bewerken/", werkgevers.werkgever_bewerken, name="werkgever_bewerken"),
    path("werkgevers/<int:pk>/contact/", werkgevers.werkgeverscontact_nieuw, name="werkgeverscontact_nieuw"),
    # Vacancies (views/vacatures.py)
    path("vacatures/", vacatures.vacatures, name="vacatures"),
    path("werkgevers/<int:pk>/vacatures/nieuw/", vacatures.vacature_nieuw, name="vacature_nieuw"),
    path("vacatures/<int:pk>/", vacatures.vacature, name="vacature"),
    path("vacatures/<int:pk>/bewerken/", vacatures.vacature_bewerken, name="vacature_bewerken"),
]
