from django.urls import path

from guidance_ethics.library import views

app_name = "library"
urlpatterns = [
    path("bibliotheek/", views.library, name="library"),
    path("bibliotheek/casussen.json", views.open_data_json, name="open_data_json"),
    path("bibliotheek/casussen.csv", views.open_data_csv, name="open_data_csv"),
    path("bibliotheek/inzichten/", views.insights, name="insights"),
    path("bibliotheek/inzichten/<slug:slug>.csv", views.insights_csv, name="insights_csv"),
    path("bibliotheek/<int:pk>/", views.case, name="case"),
    path(
        "bibliotheek/<int:pk>/sessie-<int:number>.<str:fmt>",
        views.case_download,
        name="download",
    ),
    path("casussen/<int:pk>/publicatie/", views.publication, name="publication"),
    path("casussen/<int:pk>/publicatie/openen/", views.publication_prepare, name="prepare"),
    path("casussen/<int:pk>/publicatie/voorstellen/", views.publication_propose, name="propose"),
    path("casussen/<int:pk>/publicatie/goedkeuren/", views.publication_approve, name="approve"),
    path("casussen/<int:pk>/publicatie/terugsturen/", views.publication_return, name="return"),
    path("casussen/<int:pk>/publicatie/intrekken/", views.publication_withdraw, name="withdraw"),
    path("casussen/<int:pk>/delen/", views.shares, name="shares"),
    path("casussen/<int:pk>/delen/<int:share_pk>/stoppen/", views.share_stop, name="share_stop"),
]
