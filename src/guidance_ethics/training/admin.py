from django.contrib import admin

from guidance_ethics.training.models import Trainer


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    """Platform administrators appoint trainers here."""

    list_display = ["user", "appointed_at"]
    autocomplete_fields = ["user"]
    search_fields = ["user__email", "user__full_name"]
