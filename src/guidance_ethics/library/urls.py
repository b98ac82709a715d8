from django.urls import path

from guidance_ethics.library import views
from guidance_ethics.library.publication_views import (
    publication,
    publication_approve,
    publication_prepare,
    publication_propose,
    publication_return,
    publication_withdraw,
    share_stop,
    shares,
)

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
    path("casussen/<int:pk>/publicatie/", publication, name="publication"),
    path("casussen/<int:pk>/publicatie/openen/", publication_prepare, name="prepare"),
    path("casussen/<int:pk>/publicatie/voorstellen/", publication_propose, name="propose"),
    path("casussen/<int:pk>/publicatie/goedkeuren/", publication_approve, name="approve"),
    path("casussen/<int:pk>/publicatie/terugsturen/", publication_return, name="return"),
    path("casussen/<int:pk>/publicatie/intrekken/", publication_withdraw, name="withdraw"),
    path("casussen/<int:pk>/delen/", shares, name="shares"),
    path("casussen/<int:pk>/delen/<int:share_pk>/stoppen/", share_stop, name="share_stop"),
]
