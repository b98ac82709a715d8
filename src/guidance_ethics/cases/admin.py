from django.contrib import admin

from guidance_ethics.cases.models import Case, Technology
from guidance_ethics.lib.admin import ActionOnlyAdmin


@admin.register(Technology)
class TechnologyAdmin(ActionOnlyAdmin):
    list_display = ["name", "kind", "organisation", "created_at"]
    list_filter = ["kind", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "description"]


@admin.register(Case)
class CaseAdmin(ActionOnlyAdmin):
    list_display = ["title", "technology", "organisation", "domain", "phase", "created_at"]
    list_filter = ["domain", "phase", "organisation"]
    list_select_related = ["technology", "organisation"]
    search_fields = ["title", "context", "question"]
