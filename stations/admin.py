"""The Django admin, for superusers' maintenance only: domain records are read-only here, because every change
must go through the application's actions (reason, permission, history)."""

from django.contrib import admin

from .models import AccessLog, Attachment, Contract, Division, Operator, RoleAssignment, Room, Station


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
