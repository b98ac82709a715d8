"""The Django admin as a back office that respects the one door for writes.

Domain objects are listed and shown here; changes are made on the platform's own pages,
which call actions (and so validate, audit and publish). Where the admin does allow a
change, its ``save_model`` calls the action too.
"""

from django.contrib import admin


class ActionOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
