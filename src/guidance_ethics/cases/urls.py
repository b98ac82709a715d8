from django.urls import path

from guidance_ethics.cases import views

app_name = "cases"
urlpatterns = [
    path("organisaties/<slug:slug>/technologieen/", views.technology_list, name="technologies"),
    path(
        "organisaties/<slug:slug>/technologieen/nieuw/",
        views.technology_create,
        name="technology_create",
    ),
    path("organisaties/<slug:slug>/casussen/", views.case_list, name="cases"),
    path("technologieen/<int:pk>/", views.technology_detail, name="technology"),
    path("technologieen/<int:pk>/bewerken/", views.technology_edit, name="technology_edit"),
    path("technologieen/<int:pk>/casus/nieuw/", views.case_create, name="case_create"),
    path("casussen/<int:pk>/", views.case_detail, name="case"),
    path("casussen/<int:pk>/bewerken/", views.case_edit, name="case_edit"),
    path("casussen/<int:pk>/verwijderen/", views.case_delete, name="case_delete"),
]
