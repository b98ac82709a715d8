from django.urls import path

from guidance_ethics.workshops import views

app_name = "workshops"
urlpatterns = [
    path("casussen/<int:pk>/sessie/nieuw/", views.workshop_create, name="workshop_create"),
    path("sessies/<int:pk>/", views.workshop_detail, name="workshop"),
    path("sessies/<int:pk>/verwijderen/", views.workshop_delete, name="workshop_delete"),
    path("sessies/<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("sessies/<int:pk>/bord/", views.board, name="board"),
    path("sessies/<int:pk>/console/", views.console, name="console"),
    path("sessies/<int:pk>/werkplek/", views.workspace, name="workspace"),
    path("sessies/<int:pk>/deelnemen/", views.participate, name="participate"),
    path("j/", views.join_code, name="join_code"),
    path("j/<str:code>/", views.join, name="join"),
]
