"""Front-desk screens for hotels, rooms, guests, stays and staff, scoped to the user's hotel."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_extensions import STAY_ACTIONS, STAY_INLINES
from .admin_scoping import HotelScopedAdmin, HotelScopedAdminMixin, user_hotel_id
from .models import Guest, Hotel, PmsSyncRun, Room, StaffToken, Stay, User
from .services import rooms


@admin.register(Hotel)
class HotelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "timezone", "currency", "is_active"]
    search_fields = ["code", "name", "city"]
    list_filter = ["is_active", "currency"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.hotel_id)

    def _in_scope(self, request, obj):
        return obj is None or request.user.is_superuser or obj.pk == request.user.hotel_id

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["code", "is_active"]


@admin.register(Room)
class RoomAdmin(HotelScopedAdmin):
    list_display = ["number", "room_type", "floor", "status", "hotel"]
    list_filter = ["hotel", "status", "room_type", "floor"]
    search_fields = ["number", "room_type"]
    list_editable = ["status"]
    ordering = ["hotel", "number"]


class StayInline(admin.TabularInline):
    model = Stay
    fields = ["confirmation_number", "arrival", "departure", "status", "room"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Guest)
class GuestAdmin(HotelScopedAdmin):
    list_display = ["last_name", "first_name", "email", "phone", "language", "hotel"]
    list_filter = ["hotel", "language"]
    search_fields = ["last_name", "last_name_key", "first_name", "email", "phone", "pms_profile_id"]
    inlines = [StayInline]


class DayFilter(admin.SimpleListFilter):
    """The front desk's day: arrivals, in-house and departures in the hotel's own time zone."""

    title = _("today")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        return [
            ("arrivals", _("Arriving today")),
            ("arrivals_tomorrow", _("Arriving tomorrow")),
            ("in_house", _("In house")),
            ("departures", _("Departing today")),
        ]

    def queryset(self, request, queryset):
        hotel = request.user.hotel
        today = hotel.local_today() if hotel else timezone.localdate()
        value = self.value()
        if value == "arrivals":
            return queryset.filter(arrival=today).exclude(status__in=["cancelled", "no_show"])
        if value == "arrivals_tomorrow":
            return queryset.filter(arrival=today + dt.timedelta(days=1)).exclude(status__in=["cancelled", "no_show"])
        if value == "in_house":
            return queryset.filter(status="checked_in")
        if value == "departures":
            return queryset.filter(departure=today, status__in=["confirmed", "checked_in"])
        return queryset


class StayAdminForm(forms.ModelForm):
    class Meta:
        model = Stay
        exclude: list[str] = []

    def clean(self):
        data = super().clean()
        room, arrival, departure = data.get("room"), data.get("arrival"), data.get("departure")
        status = data.get("status", self.instance.status)
        if room and arrival and departure and status in rooms.ACTIVE_STATUSES:
            other = rooms.overlapping_stays(room, arrival, departure, exclude_stay_id=self.instance.pk).first()
            if other is not None:
                self.add_error(
                    "room",
                    rooms.RoomUnavailable(
                        f"Room {room.number} is already assigned to {rooms.describe_stay(other)}."
                    ).message,
                )
        return data


@admin.register(Stay)
class StayAdmin(HotelScopedAdmin):
    form = StayAdminForm
    list_display = [
        "confirmation_number",
        "guest",
        "arrival",
        "departure",
        "room",
        "status",
        "online_checkin_status",
        "hotel",
    ]
    list_filter = [DayFilter, "status", "online_checkin_status", "hotel", "arrival", "departure"]
    search_fields = [
        "confirmation_number",
        "pms_reservation_id",
        "guest__last_name",
        "guest__last_name_key",
        "guest__first_name",
        "guest__email",
        "room__number",
    ]
    list_select_related = ["guest", "room", "hotel"]
    date_hierarchy = "arrival"
    autocomplete_fields = ["guest"]
    readonly_fields = ["pms_synced_at", "checked_in_at", "checked_out_at", "created_at", "updated_at"]

    def get_inlines(self, request, obj):
        # Other apps (payments, keys, ocr, ...) add their sections through stays.admin_extensions.
        return [*super().get_inlines(request, obj), *STAY_INLINES] if obj else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action in STAY_ACTIONS:
            actions[action.__name__] = self.get_action(action)
        return actions

    fieldsets = [
        (None, {"fields": ["hotel", "confirmation_number", "pms_reservation_id", "guest"]}),
        (
            _("Dates and room"),
            {"fields": ["arrival", "departure", "room_type", "room", "adults", "children"]},
        ),
        (_("Status"), {"fields": ["status", "online_checkin_status", "checked_in_at", "checked_out_at"]}),
        (_("Sync"), {"fields": ["pms_synced_at", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]


class StaffCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "hotel", "role")


class StaffChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    departments = forms.JSONField(required=False, help_text='e.g. ["reception", "spa"]')


@admin.register(User)
class StaffAdmin(HotelScopedAdminMixin, UserAdmin):
    """Staff accounts: hotel admins manage their own hotel's staff; only superusers grant superuser."""

    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ["email", "first_name", "last_name", "role", "hotel", "is_active", "last_login"]
    list_filter = ["hotel", "role", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name"]}),
        (_("Hotel"), {"fields": ["hotel", "role", "departments"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "hotel", "role", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "is_staff"]
        return fields

    def save_model(self, request, obj, form, change):
        if not obj.username:
            obj.username = obj.email
        obj.is_staff = True
        if user_hotel_id(request) is not None:
            obj.is_superuser = False
        super().save_model(request, obj, form, change)


@admin.register(StaffToken)
class StaffTokenAdmin(HotelScopedAdmin):
    hotel_field = "user__hotel"
    list_display = ["user", "created_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "digest", "created_at", "expires_at", "user_agent"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count})


@admin.register(PmsSyncRun)
class PmsSyncRunAdmin(HotelScopedAdmin):
    """Read-only history of PMS syncs (`manage.py sync_pms` and the scheduled task)."""

    list_display = [
        "started_at",
        "hotel",
        "business_date",
        "status",
        "total",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "seconds",
    ]
    list_filter = ["status", "hotel", "business_date"]
    list_select_related = ["hotel"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "hotel",
        "business_date",
        "started_at",
        "finished_at",
        "status",
        "total",
        "created",
        "updated",
        "unchanged",
        "skipped",
        "error",
    ]
    fields = readonly_fields

    @admin.display(description=_("seconds"))
    def seconds(self, obj):
        return f"{obj.duration.total_seconds():.2f}" if obj.duration else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
