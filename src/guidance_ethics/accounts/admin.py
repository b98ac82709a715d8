from django.contrib import admin

from guidance_ethics.accounts import actions
from guidance_ethics.accounts.forms import OrganisationForm
from guidance_ethics.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from guidance_ethics.lib.admin import ActionOnlyAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm  # its text cleaned as every form's (lib/forms.py)
    list_display = ["name", "kind", "slug", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = ["name", "kind", "slug"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            actions.update_organisation(request.user, obj, name=data["name"], kind=data["kind"])
        else:
            saved = actions.create_organisation(
                request.user, name=data["name"], kind=data["kind"], slug=data.get("slug", "")
            )
            obj.pk = saved.pk


@admin.register(User)
class UserAdmin(ActionOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "is_active", "is_staff", "date_joined", "last_login"]


@admin.register(Membership)
class MembershipAdmin(ActionOnlyAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(ActionOnlyAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["organisation", "role"]
    list_select_related = ["organisation"]
    exclude = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(ActionOnlyAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    exclude = ["token_hash"]
