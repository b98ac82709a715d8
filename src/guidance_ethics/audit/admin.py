from django.contrib import admin

from guidance_ethics.audit.models import AuditEntry
from guidance_ethics.lib.admin import ActionOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ActionOnlyAdmin):
    """Read-only: the audit log is written by actions, never by hand."""

    list_display = ["created_at", "verb", "object_type", "object_id", "actor", "organisation"]
    list_filter = ["verb", "organisation"]
    list_select_related = ["actor", "organisation"]
