from django.urls import path

from guidance_ethics.reports import views

app_name = "reports"
urlpatterns = [
    path("sessies/<int:pk>/verslag/", views.report, name="report"),
    path("sessies/<int:pk>/verslag/opstellen/", views.report_draft, name="draft"),
    path("sessies/<int:pk>/verslag/bewerken/", views.report_edit, name="edit"),
    path(
        "sessies/<int:pk>/verslag/<int:version>/definitief/",
        views.report_finalise,
        name="finalise",
    ),
    path(
        "sessies/<int:pk>/verslag/<int:version>/heropenen/",
        views.report_reopen,
        name="reopen",
    ),
    path(
        "sessies/<int:pk>/verslag/<int:version>/<str:audience>.<str:fmt>",
        views.report_download,
        name="download",
    ),
    path("sessies/<int:pk>/gegevens.zip", views.data_zip, name="data_zip"),
    path("sessies/<int:pk>/gegevens/<str:table>.csv", views.data_csv, name="data_csv"),
    path("casussen/<int:pk>/uitwisseling.json", views.case_export, name="case_export"),
    path("uitwisseling/schema-v1.json", views.exchange_schema, name="exchange_schema"),
    path(
        "organisaties/<slug:slug>/casus-importeren/",
        views.case_import,
        name="case_import",
    ),
]
