from django.urls import include, path

from .views import dashboard, exports, modeltrouw

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("modeltrouw/", modeltrouw.modeltrouw, name="modeltrouw"),
    path("rapporten/export.csv", exports.export_csv, name="rapporten_export_csv"),
    path("rapporten/export.xlsx", exports.export_xlsx, name="rapporten_export_xlsx"),
    path("rapporten/werkmonitor/", exports.werkmonitor, name="werkmonitor"),
    path("rapporten/werkmonitor.csv", exports.export_werkmonitor, name="rapporten_werkmonitor"),
    path("", include("rapportage.archief.urls")),
]
