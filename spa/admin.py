"""Spa screens: the day's bookings by therapist and time (the spa desk), bookings with cancel /
complete / no-show actions, booking for a guest from the stay page, and the per-hotel spa policy.
Every screen is scoped to the user's hotel; every action calls spa.services."""

from __future__ import annotations

import datetime as dt
import uuid
from itertools import groupby

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from mystay.api.errors import ApiError
from payments.money import format_money
from stays.admin_extensions import StayButton
from stays.admin_scoping import HotelScopedAdmin, user_hotel_id

from . import selectors
from .models import ACTIVE_STATUSES, SpaBooking, SpaBookingStatus, SpaSettings
from .services import bookings, charges


def _local(value, hotel) -> str:
    return value.astimezone(hotel.tzinfo).strftime("%Y-%m-%d %H:%M")


def _staff_stays(request):
    from stays.models import Stay

    stays = Stay.objects.select_related("hotel", "guest", "room")
    if request.user.is_superuser:
        return stays
    hotel_id = user_hotel_id(request)
    return stays.filter(hotel_id=hotel_id) if hotel_id is not None else stays.none()


def spa_stay_buttons(request, stay) -> list[StayButton]:
    """The stay page's spa section: book a treatment, and the stay's bookings."""
    if not request.user.has_perm("spa.change_spabooking"):
        return []
    buttons = []
    bookable = stay.status in bookings.BOOKABLE_STAY_STATUSES
    buttons.append(
        StayButton(
            label=str(_("Book spa treatment")),
            url=reverse("admin:spa_spabooking_book", args=[stay.pk]),
            style="primary",
            group="spa",
            disabled=not bookable,
            title="" if bookable else str(_("Only upcoming and current stays can book the spa.")),
        )
    )
    count = SpaBooking.objects.filter(stay_id=stay.pk, status__in=ACTIVE_STATUSES).count()
    buttons.append(
        StayButton(
            label=f"{_('Spa bookings')} ({count})",
            url=reverse("admin:spa_spabooking_changelist") + f"?stay__id__exact={stay.pk}",
            group="spa",
        )
    )
    return buttons


class SpaSearchForm(forms.Form):
    service = forms.ChoiceField(label=_("Treatment"))
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class BookForGuestForm(SpaSearchForm):
    slot = forms.ChoiceField(label=_("Time and therapist"))
    notes = forms.CharField(label=_("Notes for the spa"), max_length=500, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    waive_fee = forms.BooleanField(label=_("Waive the late-cancellation fee"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


@admin.register(SpaBooking)
class SpaBookingAdmin(HotelScopedAdmin):
    list_display = (
        "start_local",
        "practitioner_name",
        "service_name",
        "guest",
        "room",
        "status",
        "price_display",
        "charge_status",
    )
    list_filter = ("status", "charge_status", "practitioner_name", "hotel")
    list_select_related = ("hotel", "guest", "stay__room")
    search_fields = ("guest__last_name", "stay__confirmation_number", "vendor_reference", "service_name")
    date_hierarchy = "starts_at"
    ordering = ("starts_at",)
    actions = ["cancel_selected", "mark_completed", "mark_no_show", "mark_no_show_waived", "retry_charges"]
    readonly_fields = [f.name for f in SpaBooking._meta.fields]
    change_list_template = "admin/spa/spabooking/change_list.html"

    def has_add_permission(self, request):
        return False  # bookings are made for a guest from the stay page (the spa is asked first)

    def has_delete_permission(self, request, obj=None):
        return False  # a booking is cancelled, never deleted: its charge and history stay

    @admin.display(description=_("start"), ordering="starts_at")
    def start_local(self, obj):
        return _local(obj.starts_at, obj.hotel)

    @admin.display(description=_("room"))
    def room(self, obj):
        return obj.stay.room.number if obj.stay.room_id else ""

    @admin.display(description=_("price"))
    def price_display(self, obj):
        return format_money(obj.price, obj.currency)

    # -- pages -------------------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("day/", view(self.day_view), name="spa_spabooking_day"),
            path("book/<int:stay_pk>/", view(self.book_view), name="spa_spabooking_book"),
            path("<int:pk>/cancel/", view(self.cancel_view), name="spa_spabooking_cancel"),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def day_view(self, request):
        """The spa desk's day: bookings grouped by therapist, in time order."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        from stays.models import Hotel

        hotels = Hotel.objects.filter(is_active=True).order_by("code")
        if not request.user.is_superuser:
            hotels = hotels.filter(pk=user_hotel_id(request))
        hotel = hotels.filter(code=request.GET.get("hotel", "")).first() or hotels.first()
        if hotel is None:
            raise PermissionDenied
        try:
            day = dt.date.fromisoformat(request.GET.get("date", ""))
        except ValueError:
            day = hotel.local_today()
        rows = list(selectors.day_board(hotel, day))
        board = [
            {"therapist": name or _("(no therapist)"), "bookings": list(items)}
            for name, items in groupby(rows, key=lambda b: b.practitioner_name)
        ]
        for column in board:
            for booking in column["bookings"]:
                # In the hotel's zone (a template would show the server's).
                start, end = booking.starts_at.astimezone(hotel.tzinfo), booking.ends_at.astimezone(hotel.tzinfo)
                booking.local_range = f"{start:%H:%M}–{end:%H:%M}"
        context = self._context(
            request,
            title=f"{_('Spa day')} — {hotel.name} — {day.isoformat()}",
            hotel=hotel,
            hotels=hotels if request.user.is_superuser else [],
            day=day,
            previous_day=day - dt.timedelta(days=1),
            next_day=day + dt.timedelta(days=1),
            board=board,
            active=[SpaBookingStatus.REQUESTED, SpaBookingStatus.CONFIRMED],
            can_change=self.has_change_permission(request),
        )
        return TemplateResponse(request, "admin/spa/spabooking/day.html", context)

    def book_view(self, request, stay_pk):
        """Book a treatment for a guest: pick treatment and day, see free times, book."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        stay = get_object_or_404(_staff_stays(request), pk=stay_pk)
        stay_url = reverse("admin:stays_stay_change", args=[stay.pk])
        hotel = stay.hotel
        try:
            menu = selectors.catalogue(hotel)
        except ApiError as exc:
            messages.error(request, str(exc.detail))
            return redirect(stay_url)
        service_choices = [
            (s.id, f"{s.name} — {s.duration_minutes} min — {format_money(s.price, s.currency)}") for s in menu
        ]
        posted = request.POST if request.method == "POST" else None
        search = SpaSearchForm(posted or (request.GET if "service" in request.GET else None))
        search.fields["service"].choices = service_choices
        free = []
        if search.is_bound and search.is_valid():
            try:
                free = selectors.availability(hotel, search.cleaned_data["service"], search.cleaned_data["day"])
            except ApiError as exc:
                messages.error(request, str(exc.detail))
        form = BookForGuestForm(
            posted,
            initial={
                "day": max(stay.arrival, hotel.local_today()),
                "token": uuid.uuid4(),
                **(search.cleaned_data if search.is_bound and search.is_valid() else {}),
            },
        )
        form.fields["service"].choices = service_choices
        form.fields["slot"].choices = [
            (f"{s.start.isoformat()}|{s.practitioner_id}", f"{s.start:%H:%M}–{s.end:%H:%M} {s.practitioner_name}")
            for s in free
        ]
        if posted is not None and form.is_valid():
            start_text, practitioner_id = form.cleaned_data["slot"].split("|", 1)
            try:
                outcome = bookings.book(
                    stay=stay,
                    service_id=form.cleaned_data["service"],
                    start=dt.datetime.fromisoformat(start_text),
                    practitioner_id=practitioner_id,
                    notes=form.cleaned_data.get("notes", ""),
                    client_key=f"admin-{form.cleaned_data['token']}",
                    actor=request.user,
                )
            except ApiError as exc:
                messages.error(request, str(exc.detail))
            else:
                booking = outcome.booking
                level = messages.SUCCESS if booking.status == SpaBookingStatus.CONFIRMED else messages.WARNING
                messages.add_message(
                    request,
                    level,
                    f"{booking.service_name} with {booking.practitioner_name} at "
                    f"{_local(booking.starts_at, hotel)}: {booking.get_status_display().lower()}.",
                )
                return redirect(stay_url)
        context = self._context(
            request,
            title=_("Book spa treatment"),
            stay=stay,
            stay_url=stay_url,
            form=form,
            searched=search.is_bound and search.is_valid(),
            free=free,
        )
        return TemplateResponse(request, "admin/spa/spabooking/book.html", context)

    def cancel_view(self, request, pk):
        booking = self.get_object(request, str(pk))  # scoped to the user's hotel
        if booking is None or not self.has_change_permission(request, booking):
            raise PermissionDenied
        fee = bookings.late_fee(booking)
        form = CancelForm(request.POST if request.method == "POST" else None)
        back = (
            reverse("admin:spa_spabooking_day") + f"?date={booking.starts_at.astimezone(booking.hotel.tzinfo).date()}"
        )
        if request.method == "POST" and form.is_valid():
            try:
                done = bookings.cancel(
                    booking=booking,
                    actor=request.user,
                    waive_fee=form.cleaned_data["waive_fee"],
                    reason=form.cleaned_data["reason"],
                )
            except ApiError as exc:
                messages.error(request, str(exc.detail))
            else:
                if done.cancellation_fee and not done.fee_waived:
                    fee_text = format_money(done.cancellation_fee, done.currency)
                    note = f"fee {fee_text}: {done.get_charge_status_display().lower()}"
                else:
                    note = "no fee"
                messages.success(request, f"Cancelled {done.service_name} ({note}).")
                return redirect(back)
        policy = selectors.spa_settings(booking.hotel)
        intro = (
            f"{booking.service_name} with {booking.practitioner_name}, {_local(booking.starts_at, booking.hotel)}, "
            f"for {booking.guest}. "
            + (
                f"Within {policy.free_cancellation_hours} h of the treatment: the late-cancellation fee is "
                f"{format_money(fee, booking.currency)} unless you waive it."
                if fee
                else "Free cancellation."
            )
        )
        context = self._context(
            request, title=_("Cancel spa booking"), booking=booking, form=form, intro=intro, back=back
        )
        return TemplateResponse(request, "admin/spa/spabooking/cancel.html", context)

    # -- list actions ------------------------------------------------------------------------------
    def _each(self, request, queryset, perform, done: str):
        ok = 0
        for booking in queryset.select_related("hotel", "stay"):
            try:
                perform(booking)
                ok += 1
            except ApiError as exc:
                self.message_user(request, f"{booking}: {exc.detail}", messages.ERROR)
        if ok:
            self.message_user(request, f"{ok} {done}.", messages.SUCCESS)

    @admin.action(description=_("Cancel (choose fee)…"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one booking to cancel."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:spa_spabooking_cancel", args=[queryset.get().pk]))

    @admin.action(description=_("Mark completed (charge the treatment)"), permissions=["change"])
    def mark_completed(self, request, queryset):
        self._each(request, queryset, lambda b: bookings.complete(booking=b, actor=request.user), "marked completed")

    @admin.action(description=_("Mark no-show (charge the fee)"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._each(request, queryset, lambda b: bookings.mark_no_show(booking=b, actor=request.user), "marked no-show")

    @admin.action(description=_("Mark no-show (waive the fee)"), permissions=["change"])
    def mark_no_show_waived(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda b: bookings.mark_no_show(booking=b, actor=request.user, waive_fee=True),
            "marked no-show, fee waived",
        )

    @admin.action(description=_("Retry failed charges"), permissions=["change"])
    def retry_charges(self, request, queryset):
        self._each(request, queryset, charges.retry_charge, "charge(s) retried")

    def changelist_view(self, request, extra_context=None):
        extra = {"day_url": reverse("admin:spa_spabooking_day"), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)


@admin.register(SpaSettings)
class SpaSettingsAdmin(HotelScopedAdmin):
    list_display = (
        "hotel",
        "free_cancellation_hours",
        "late_cancellation_fee_percent",
        "reminder_hours",
        "min_lead_minutes",
        "charge_to",
    )

    def has_delete_permission(self, request, obj=None):
        return False
