"""Spa screens: the day's bookings by therapist, bookings with cancel/complete/no-show actions,
the per-hotel spa policy, and the stay page's "Book spa treatment" button."""

from __future__ import annotations

from django.contrib import admin

from stays.admin_extensions import StayButton
from stays.admin_scoping import HotelScopedAdmin

from .models import SpaSettings


def spa_stay_buttons(request, stay) -> list[StayButton]:
    from . import admin_views

    return admin_views.stay_buttons(request, stay)


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
