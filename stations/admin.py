"""The Django admin, for superusers' maintenance only: domain records are read-only here, because every change
must go through the application's actions (reason, permission, history)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import (
    AccessLog,
    Attachment,
    Contract,
    Division,
    Operator,
    PasswordChangeRequired,
    RoleAssignment,
    Room,
    Station,
    StationUserObjectPermission,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Station)
class StationAdmin(ReadOnlyAdmin):
    list_display = ["name", "district"]
    list_select_related = ["district"]
    search_fields = ["name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "division", "station", "granted_at", "revoked_at"]
    list_select_related = ["user", "division", "station"]
    list_filter = ["role"]


@admin.register(StationUserObjectPermission)
class StationGrantAdmin(ReadOnlyAdmin):
    """Supervisors and assessors are assigned to stations only by `actions.assign_station` (issue 9 item 1)."""

    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]


@admin.register(PasswordChangeRequired)
class PasswordChangeRequiredAdmin(ReadOnlyAdmin):
    list_display = ["user", "set_by", "set_at"]


class OneTimePasswordUserAdmin(UserAdmin):
    """A password a superuser sets here, for a new account or another person's, is one-time (issue 9 item 1)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            _one_time(obj, request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            _one_time(get_user_model().objects.get(pk=id), request.user)
        return response


def _one_time(user, set_by) -> None:
    from .actions import require_password_change

    require_password_change(user=user, set_by=set_by)


if admin.site.is_registered(get_user_model()):
    admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), OneTimePasswordUserAdmin)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "target_type", "target_id"]
    list_select_related = ["user"]


@admin.register(Operator)
class OperatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "credit_code", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "credit_code"]


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin):
    list_display = ["station", "room_type", "also_serves", "area"]
    list_select_related = ["station"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["station", "operator", "starts_on", "ends_on", "amount"]
    list_select_related = ["station", "operator"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """No file links here: files are served only through the gated view."""

    list_display = ["station", "purpose", "original_name", "content_type", "size", "uploaded_at"]
    list_select_related = ["station"]
    exclude = ["file"]
