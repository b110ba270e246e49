"""Digital keys in the admin: a read-only section of the stay page and a hotel-scoped list.
Keys change only through the journey's actions (issue / extend / revoke), which call the services."""

from django.contrib import admin
from unfold.admin import TabularInline

from stays.admin_extensions import ReadOnlyStayInlineFormSet
from stays.admin_scoping import HotelScopedAdmin

from .models import DigitalKey

KEY_FIELDS = (
    "room_number",
    "status",
    "provider",
    "valid_from",
    "valid_until",
    "delivery_channel",
    "invite_url",
    "failure_code",
    "failure_message",
    "issued_at",
    "revoked_at",
    "revoke_reason",
)


class DigitalKeyInline(TabularInline):
    model = DigitalKey
    formset = ReadOnlyStayInlineFormSet
    fields = KEY_FIELDS
    readonly_fields = KEY_FIELDS
    extra = 0
    can_delete = False
    verbose_name_plural = "Digital keys"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigitalKey)
class DigitalKeyAdmin(HotelScopedAdmin):
    list_display = ("stay", "room_number", "status", "provider", "valid_until", "failure_code", "created_at")
    list_filter = ("status", "provider", "hotel")
    search_fields = ("stay__confirmation_number", "room_number", "vendor_key_id")
    list_select_related = ("stay",)
    readonly_fields = ("hotel", "stay", "room", "vendor_key_id", "vendor_reference", "idempotency_key", *KEY_FIELDS)
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
