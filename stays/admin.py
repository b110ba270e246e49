"""Front-desk screens for hotels, rooms, guests, stays and staff, scoped to the user's hotel.

The admin runs on the unfold theme: every ModelAdmin inherits unfold's ModelAdmin (through
stays.admin_scoping.HotelScopedAdmin for hotel-owned models) and inlines use unfold's TabularInline.
The landing page is the Today board (stays.admin_today); the stay page is the front desk's cockpit.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField as PhoneNumberFormField
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import display
from unfold.forms import AdminPasswordChangeForm
from unfold.forms import UserChangeForm as UnfoldUserChangeForm
from unfold.forms import UserCreationForm as UnfoldUserCreationForm

from .admin_cockpit import StayCockpitMixin
from .admin_extensions import STAY_ACTIONS, STAY_INLINES, ReadOnlyStayInlineFormSet
from .admin_scoping import HotelScopedAdmin, HotelScopedAdminMixin, user_hotel_id
from .models import Guest, Hotel, PmsSyncRun, Room, StaffToken, Stay, User
from .phones import is_valid_phone
from .services import rooms

STAY_STATUS_LABELS = {
    "confirmed": "info",
    "checked_in": "success",
    "checked_out": "",
    "cancelled": "danger",
    "no_show": "danger",
}
ROOM_STATUS_LABELS = {"clean": "info", "inspected": "success", "dirty": "warning", "out_of_order": "danger"}


@admin.register(Hotel)
class HotelAdmin(SimpleHistoryAdmin, ModelAdmin):
    change_form_outer_after_template = "admin/audit/history.html"
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
class RoomAdmin(SimpleHistoryAdmin, HotelScopedAdmin):
    change_form_outer_after_template = "admin/audit/history.html"
    list_display = ["number", "room_type", "floor", "status", "status_", "occupancy", "hotel"]
    list_display_links = ["number"]
    list_filter = ["hotel", "status", "room_type", "floor"]
    search_fields = ["number", "room_type"]
    list_editable = ["status"]
    ordering = ["hotel", "number"]
    actions = ["mark_clean", "mark_inspected", "mark_dirty", "mark_out_of_order"]

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        return fields if request.user.is_superuser else [f for f in fields if f != "hotel"]

    def changelist_view(self, request, extra_context=None):
        # Occupancy for the page in one query: the in-house stay of each room, in the room's hotel today.
        self._in_house = {}
        hotels = Hotel.objects.filter(pk=user_hotel_id(request)) if user_hotel_id(request) else Hotel.objects.all()
        today = Q()
        for hotel in hotels:
            today |= Q(hotel=hotel, arrival__lte=hotel.local_today(), departure__gte=hotel.local_today())
        if today:
            for stay in Stay.objects.filter(today, status="checked_in", room__isnull=False).select_related("guest"):
                self._in_house[stay.room_id] = stay
        return super().changelist_view(request, extra_context)

    @display(description=_("housekeeping"), label=ROOM_STATUS_LABELS)
    def status_(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("occupancy"))
    def occupancy(self, obj):
        stay = getattr(self, "_in_house", {}).get(obj.pk)
        return f"{stay.guest.full_name} → {stay.departure:%d %b}" if stay else _("vacant")

    def _mark(self, request, queryset, status):
        count = 0
        for room in queryset:
            rooms.set_room_status(room, status)
            count += 1
        self.message_user(request, _("%(count)d room(s) marked %(status)s.") % {"count": count, "status": status})

    @admin.action(description=_("Mark clean"), permissions=["change"])
    def mark_clean(self, request, queryset):
        self._mark(request, queryset, Room.Status.CLEAN)

    @admin.action(description=_("Mark inspected"), permissions=["change"])
    def mark_inspected(self, request, queryset):
        self._mark(request, queryset, Room.Status.INSPECTED)

    @admin.action(description=_("Mark dirty"), permissions=["change"])
    def mark_dirty(self, request, queryset):
        self._mark(request, queryset, Room.Status.DIRTY)

    @admin.action(description=_("Mark out of order"), permissions=["change"])
    def mark_out_of_order(self, request, queryset):
        self._mark(request, queryset, Room.Status.OUT_OF_ORDER)


class StayInline(TabularInline):
    model = Stay
    formset = ReadOnlyStayInlineFormSet
    fields = ["confirmation_number", "arrival", "departure", "status", "room"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Guest)
class GuestAdmin(SimpleHistoryAdmin, HotelScopedAdmin):
    change_form_outer_after_template = "admin/audit/history.html"
    list_display = ["last_name", "first_name", "email", "phone_", "nationality", "language", "hotel"]
    list_filter = ["hotel", "language", "nationality"]
    search_fields = ["last_name", "last_name_key", "first_name", "email", "phone", "pms_profile_id"]
    inlines = [StayInline]

    @display(description=_("phone"), ordering="phone")
    def phone_(self, obj):
        # A number that could not be read (kept as typed by an older version or the PMS) is flagged.
        if obj.phone and not is_valid_phone(obj.phone):
            return format_html('{} <span class="fd-badge fd-warn">{}</span>', obj.phone, _("invalid"))
        return obj.phone

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        hotel = obj.hotel if obj else (request.user.hotel if user_hotel_id(request) else None)
        if "phone" in form.base_fields:
            # Validated by phonenumbers; a national number is read in the hotel's country.
            old = form.base_fields["phone"]
            form.base_fields["phone"] = PhoneNumberFormField(
                required=False, region=(hotel.country or None) if hotel else None, help_text=old.help_text
            )
        return form

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        return fields if request.user.is_superuser else [f for f in fields if f != "hotel"]


def _per_hotel_day(request, field, days=0) -> Q:
    hotel_id = user_hotel_id(request)
    hotels = [request.user.hotel] if hotel_id else list(Hotel.objects.all())
    q = Q(pk__in=[])
    for hotel in hotels:
        q |= Q(hotel_id=hotel.pk, **{field: hotel.local_today() + dt.timedelta(days=days)})
    return q


class DayFilter(admin.SimpleListFilter):
    """The front desk's day: arrivals, in-house and departures, "today" being each hotel's own today."""

    title = _("today (hotel time)")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        return [
            ("arrivals", _("Arriving today")),
            ("arrivals_tomorrow", _("Arriving tomorrow")),
            ("in_house", _("In house")),
            ("departures", _("Departing today")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "arrivals":
            return queryset.filter(_per_hotel_day(request, "arrival")).exclude(status__in=["cancelled", "no_show"])
        if value == "arrivals_tomorrow":
            return queryset.filter(_per_hotel_day(request, "arrival", 1)).exclude(status__in=["cancelled", "no_show"])
        if value == "in_house":
            return queryset.filter(status="checked_in")
        if value == "departures":
            return queryset.filter(_per_hotel_day(request, "departure"), status__in=["confirmed", "checked_in"])
        return queryset


class RoomChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, labels=None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.labels.get(obj.pk) or f"{obj.number} · {obj.room_type} · {obj.get_status_display()}"


class StayAdminForm(forms.ModelForm):
    """The room is offered from the ready, vacant rooms (booked type first, upgrades flagged) and
    checked against the other stays' nights: a double booking is refused with the other stay named."""

    class Meta:
        model = Stay
        exclude: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("room")
        stay = self.instance
        if field is None or not stay.pk or not stay.hotel_id:
            return
        # Offered first: ready, vacant rooms (booked type, then upgrades). Then every other room of the
        # hotel with why it is not offered: choosing one answers with the reason instead of a bare
        # "invalid choice".
        offered = rooms.assignable_rooms(stay)
        labels = {a.room.pk: a.label for a in offered}
        taken = rooms.occupied_room_ids(stay.hotel_id, stay.arrival, stay.departure, exclude_stay_id=stay.pk)
        others = Room.objects.filter(hotel_id=stay.hotel_id).exclude(pk__in=labels).order_by("number")
        for room in others:
            if room.pk == stay.room_id:
                why = _("current")
            elif room.pk in taken:
                why = _("occupied on these nights")
            else:
                why = room.get_status_display().lower()
            labels[room.pk] = f"{room.number} · {room.room_type} · {why}"
        self.fields["room"] = RoomChoiceField(
            queryset=Room.objects.filter(hotel_id=stay.hotel_id),
            required=False,
            labels=labels,
            help_text=_("Ready, vacant rooms for these nights come first; upgrades are marked."),
        )
        self.fields["room"].choices = [("", "—"), *labels.items()]

    def clean(self):
        data = super().clean()
        room, arrival, departure = data.get("room"), data.get("arrival"), data.get("departure")
        arrival = arrival or self.instance.arrival
        departure = departure or self.instance.departure
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


# Fields the PMS owns: staff read them here and change them in the PMS (the next sync would undo it).
PMS_OWNED = [
    "hotel",
    "confirmation_number",
    "pms_reservation_id",
    "guest",
    "arrival",
    "departure",
    "room_type",
    "adults",
    "children",
]
# Changed only by the journey's services (check-in, check-out), never typed in.
JOURNEY_OWNED = ["status", "online_checkin_status", "checked_in_at", "checked_out_at"]


@admin.register(Stay)
class StayAdmin(StayCockpitMixin, SimpleHistoryAdmin, HotelScopedAdmin):
    form = StayAdminForm
    list_display = ["confirmation_number", "guest", "arrival", "departure", "room", "status_", "checkin_", "hotel"]
    list_filter = [DayFilter, "status", "online_checkin_status", "hotel"]
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
    list_per_page = 50
    date_hierarchy = "arrival"
    autocomplete_fields = ["guest"]
    readonly_fields = ["pms_synced_at", "checked_in_at", "checked_out_at", "created_at", "updated_at"]

    fieldsets = [
        (None, {"fields": ["hotel", "confirmation_number", "pms_reservation_id", "guest"]}),
        (
            _("Dates and room"),
            {"fields": ["arrival", "departure", "room_type", "room", "adults", "children"]},
        ),
        (_("Status"), {"fields": ["status", "online_checkin_status", "checked_in_at", "checked_out_at"]}),
        (_("Sync"), {"fields": ["pms_synced_at", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        return fields if request.user.is_superuser else [f for f in fields if f != "hotel"]

    @display(description=_("status"), label=STAY_STATUS_LABELS, ordering="status")
    def status_(self, obj):
        return obj.status, obj.get_status_display()

    @display(
        description=_("online check-in"),
        label={"not_started": "", "in_progress": "warning", "completed": "success"},
        ordering="online_checkin_status",
    )
    def checkin_(self, obj):
        return obj.online_checkin_status, obj.get_online_checkin_status_display()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        # An existing stay: the journey's fields only move through its actions; the PMS's fields are
        # read-only when the stay came from the PMS (superusers may still correct them).
        fields += [f for f in JOURNEY_OWNED if f not in fields]
        if obj.pms_reservation_id and not request.user.is_superuser:
            fields += [f for f in PMS_OWNED if f not in fields]
        return fields

    def get_inlines(self, request, obj):
        # Other apps (payments, keys, ocr, ...) add their sections through stays.admin_extensions.
        return [*super().get_inlines(request, obj), *STAY_INLINES] if obj else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action in STAY_ACTIONS:
            actions[action.__name__] = self.get_action(action)
        return actions

    def save_model(self, request, obj, form, change):
        new_room = form.cleaned_data.get("room") if "room" in form.changed_data else None
        if change and "room" in form.changed_data:
            obj.room_id = form.initial.get("room")  # the room moves through the rooms service below
        super().save_model(request, obj, form, change)
        if change and "room" in form.changed_data:
            try:
                if new_room is None:
                    rooms.unassign_room(stay=obj, actor=request.user)
                else:
                    rooms.assign_room(stay=obj, room=new_room, actor=request.user)
            except rooms.RoomUnavailable as refused:
                messages.error(request, refused.message)
            obj.refresh_from_db()


class StaffCreationForm(UnfoldUserCreationForm, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "hotel", "role")


class StaffChangeForm(UnfoldUserChangeForm, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    departments = forms.JSONField(required=False, help_text='e.g. ["reception", "spa"]')


@admin.register(User)
class StaffAdmin(HotelScopedAdminMixin, UserAdmin, ModelAdmin):
    """Staff accounts: hotel admins manage their own hotel's staff; only superusers grant superuser."""

    form = StaffChangeForm
    change_password_form = AdminPasswordChangeForm
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
