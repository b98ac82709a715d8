from django.urls import path

from guidance_ethics.api import own, stream, views

app_name = "api"
workshop = "workshops/<int:workshop_id>"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("join", views.join, name="join"),
    path("cases", views.cases, name="cases"),
    path("value-suggestions", views.value_suggestions, name="value_suggestions"),
    path(workshop, views.workshop_state, name="workshop"),
    path(f"{workshop}/events", stream.events, name="events"),
    path(f"{workshop}/presence", views.presence, name="presence"),
    path(f"{workshop}/questions", views.questions, name="questions"),
    path(f"{workshop}/actors", views.actors, name="actors"),
    path(f"{workshop}/effects", views.effects, name="effects"),
    path(f"{workshop}/votes", views.votes, name="votes"),
    path(f"{workshop}/options", views.options, name="options"),
    path(f"{workshop}/evaluations", views.evaluations, name="evaluations"),
    path(f"{workshop}/phase", views.phase, name="phase"),
    path(f"{workshop}/timer", views.timer, name="timer"),
    path(f"{workshop}/values", views.values, name="values"),
    path(f"{workshop}/effects/<int:effect_id>/values", views.effect_values, name="effect_values"),
    path(f"{workshop}/contributions/<str:kind>/<int:item_id>", own.edit, name="own_edit"),
    path(
        f"{workshop}/contributions/<str:kind>/<int:item_id>/withdrawal",
        own.withdraw,
        name="own_withdrawal",
    ),
    path(f"{workshop}/merges", views.merges, name="merges"),
    path(f"{workshop}/suggestions", views.workshop_suggestions, name="suggestions"),
    path(
        f"{workshop}/suggestions/rejections",
        views.suggestion_rejections,
        name="suggestion_rejections",
    ),
    path(f"{workshop}/moderation", views.moderation, name="moderation"),
]
