"""URLs of the report archive, under /<regio>/ (included by rapportage/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("rapporten/", views.rapporten, name="rapporten"),
    path("rapporten/nieuw/", views.rapport_nieuw, name="rapport_nieuw"),
    path("rapporten/abonnement/", views.rapport_abonnement, name="rapport_abonnement"),
    path("rapporten/<int:pk>/", views.rapport, name="rapport"),
    path("rapporten/<int:pk>/download/", views.rapport_download, name="rapport_download"),
    path("rapporten/<int:pk>/goedkeuren/", views.rapport_goedkeuren, name="rapport_goedkeuren"),
    path("rapporten/<int:pk>/bevestigen/", views.rapport_erkennen, name="rapport_erkennen"),
]
