from django.urls import path

from guidance_ethics.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("overzicht/", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("privacy/", views.privacy, name="privacy"),
]
