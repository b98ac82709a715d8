from django.contrib import admin

from guidance_ethics.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by actions, never by hand."""

    list_display = ["created_at", "verb", "object_type", "object_id", "actor", "organisation"]
    list_filter = ["verb", "organisation"]
    list_select_related = ["actor", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
