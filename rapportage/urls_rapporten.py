"""URLs of the report archive and the exports, under /<regio>/ (include with path("", include(...)))."""

from django.urls import path

from . import views_rapporten as views

urlpatterns = [
    path("rapporten/", views.rapporten, name="rapporten"),
    path("rapporten/nieuw/", views.rapport_nieuw, name="rapport_nieuw"),
    path("rapporten/abonnement/", views.rapport_abonnement, name="rapport_abonnement"),
    path("rapporten/export.csv", views.export_csv, name="rapporten_export_csv"),
    path("rapporten/export.xlsx", views.export_xlsx, name="rapporten_export_xlsx"),
    path("rapporten/ips-werkmonitor.csv", views.export_werkmonitor, name="rapporten_werkmonitor"),
    path("rapporten/<int:pk>/", views.rapport, name="rapport"),
    path("rapporten/<int:pk>/download/", views.rapport_download, name="rapport_download"),
]
