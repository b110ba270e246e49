"""Outbox screens: the notification list (scoped to the staff member's hotel) with a "retry" action,
and a notifications section on the stay page. Actions call the outbox services."""

from django.contrib import admin, messages
from unfold.admin import TabularInline

from stays.admin_extensions import ReadOnlyStayInlineFormSet, register_stay_inline
from stays.admin_scoping import HotelScopedAdmin

from . import selectors, services
from .models import Notification

READONLY = [
    "hotel",
    "stay",
    "channel",
    "masked_recipient",
    "template",
    "language",
    "context",
    "status",
    "attempts",
    "max_attempts",
    "next_attempt_at",
    "last_error",
    "provider_message_id",
    "dedupe_key",
    "created_at",
    "sent_at",
]


@admin.display(description="Recipient")
def masked_recipient(obj):
    return selectors.mask_recipient(obj.channel, obj.recipient)


@admin.register(Notification)
class NotificationAdmin(HotelScopedAdmin):
    hotel_field = "hotel"
    list_display = [
        "created_at",
        "template",
        "channel",
        "masked_recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "hotel",
    ]
    list_filter = ["status", "channel", "template", "created_at", "hotel"]
    search_fields = ["=recipient", "dedupe_key"]
    date_hierarchy = "created_at"
    list_select_related = ["hotel"]
    actions = ["retry"]
    readonly_fields = READONLY
    fields = READONLY
    show_full_result_count = False

    masked_recipient = staticmethod(masked_recipient)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.action(description="Retry the selected failed or dead notifications", permissions=["change"])
    def retry(self, request, queryset):
        count = services.retry_notifications(queryset.values_list("pk", flat=True))
        skipped = queryset.count() - count
        self.message_user(request, f"{count} notification(s) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} skipped (only failed or dead ones are retried).", messages.WARNING)


class StayNotificationInline(TabularInline):
    model = Notification
    formset = ReadOnlyStayInlineFormSet
    fk_name = "stay"
    fields = ["created_at", "template", "channel", "masked_recipient", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at"]
    verbose_name_plural = "notifications"

    masked_recipient = staticmethod(masked_recipient)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


register_stay_inline(StayNotificationInline)
