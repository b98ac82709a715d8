from django.urls import path

from guidance_ethics.followup import request_views, views

app_name = "followup"
urlpatterns = [
    path("sessie-aanvragen/", request_views.request_session, name="request_session"),
    path("sessie-aanvragen/verzonden/", request_views.request_sent, name="request_sent"),
    path("organisaties/<slug:slug>/aanvragen/", request_views.request_inbox, name="requests"),
    path("aanvragen/", request_views.platform_inbox, name="platform_requests"),
    path("aanvragen/<int:pk>/", request_views.request_detail, name="request"),
    path("casussen/<int:pk>/acties/", views.case_actions, name="case_actions"),
    path("casussen/<int:pk>/vervolgsessie/", views.plan_followup, name="plan_followup"),
    path("organisaties/<slug:slug>/acties/", views.action_list, name="actions"),
    path("organisaties/<slug:slug>/acties.ics", views.calendar, name="calendar"),
    path("technologieen/<int:pk>/tijdlijn/", views.technology_timeline, name="timeline"),
    path(
        "organisaties/<slug:slug>/evaluaties/",
        views.organisation_evaluations,
        name="evaluations",
    ),
    path("sessies/<int:pk>/evaluatie/", views.workshop_evaluation, name="workshop_evaluation"),
    path("acties/<int:pk>/", views.action_detail, name="action"),
    path("acties/<int:pk>/bewerken/", views.action_edit, name="action_edit"),
    path("acties/<int:pk>/delen/", views.action_shares, name="action_shares"),
    path(
        "acties/<int:pk>/delen/<int:share_pk>/stoppen/",
        views.action_share_stop,
        name="action_share_stop",
    ),
]
