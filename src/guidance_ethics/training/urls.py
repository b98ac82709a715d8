from django.urls import path

from guidance_ethics.training import views

app_name = "training"
urlpatterns = [
    path("opleiding/", views.home, name="home"),
    path("opleiding/groepen/nieuw/", views.cohort_create, name="cohort_create"),
    path("opleiding/groepen/<int:pk>/", views.cohort, name="cohort"),
    path("opleiding/deelname/<int:pk>/", views.enrolment, name="enrolment"),
    path("opleiding/deelname/<int:pk>/modules/<slug:key>/", views.module, name="module"),
    path("opleiding/oefenstappen/<int:pk>/", views.step, name="step"),
    path("opleiding/oefenen/", views.practice_home, name="practice"),
    path("opleiding/oefenen/<int:pk>/", views.practice_session, name="practice_session"),
    path("opleiding/gemeenschap/", views.space, name="community"),
    path("opleiding/groepen/<int:pk>/gemeenschap/", views.space, name="cohort_community"),
    path("opleiding/berichten/<int:pk>/", views.post, name="post"),
    path("organisaties/<slug:slug>/moderatoren/", views.register, name="register"),
]
