"""The stay page as the front desk's cockpit: who, when, which room and where the journey stands at
the top, the actions as buttons (StayButtons other apps register), then the sections other apps
register (ledger, keys, ID document, notifications, conversation) and the change history.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib.admin.utils import unquote
from django.utils import timezone

from .admin_extensions import stay_buttons
from .middleware import hotel_zone
from .services import rooms

STEP_ORDER = ["identity", "card", "hold", "registration", "room", "key", "balance"]
DONE = {"done", "verified", "completed", "ok", "settled", "issued", "active", "assigned", "ready", "paid"}
BLOCKED = {"blocked", "failed", "rejected", "declined", "error", "expired"}
GROUP_ORDER = ["journey", "room", "identity", "payments", "keys", "spa", "notifications"]


def _journey_state(stay) -> dict | None:
    # stays.selectors.journey_state comes with the check-in work; until then the page shows what it knows.
    from . import selectors

    fn = getattr(selectors, "journey_state", None)
    return fn(stay) if fn else None


def fallback_state(stay) -> dict:
    """What the page can tell without the journey's selector: room and online check-in."""
    if stay.room_id:
        ready = stay.room.status in rooms.READY_STATUSES
        room = {
            "status": "ready" if ready else "todo",
            "label": f"Room {stay.room.number}",
            "detail": stay.room.get_status_display(),
        }
    else:
        room = {"status": "todo", "label": "No room", "detail": stay.room_type}
    registration = {
        "status": stay.online_checkin_status,
        "label": stay.get_online_checkin_status_display(),
        "detail": "Online check-in",
    }
    return {"registration": registration, "room": room, "next_step": "", "blockers": []}


def _step_class(status: str) -> str:
    status = (status or "").lower()
    if status in DONE:
        return "done"
    if status in BLOCKED:
        return "blocked"
    return "todo"


def cockpit_context(request, stay) -> dict:
    try:
        state = _journey_state(stay)
    except Exception:  # noqa: BLE001 - the page must open even if a provider's data is broken
        state = None
    partial = state is None
    state = state or fallback_state(stay)
    steps = [
        {"name": name, "class": _step_class(state[name].get("status", "")), **state[name]}
        for name in STEP_ORDER
        if isinstance(state.get(name), dict)
    ]
    buttons = sorted(stay_buttons(request, stay), key=lambda b: (GROUP_ORDER + [b.group]).index(b.group))
    groups = [(group, list(items)) for group, items in groupby(buttons, key=lambda b: b.group)]
    pms = stay.pms_reservation_id
    return {
        "stay": stay,
        "steps": steps,
        "next_step": state.get("next_step") or "",
        "blockers": state.get("blockers") or [],
        "partial_state": partial,
        "button_groups": groups,
        "pms_note": (
            f"Reservation, guest, dates and room type come from the hotel's PMS (reservation {pms}); "
            f"change them there. Last refreshed: "
            + (timezone.localtime(stay.pms_synced_at).strftime("%d %b %Y %H:%M") if stay.pms_synced_at else "never")
            + "."
            if pms
            else "Created in MyStay (no PMS reservation): its fields can be edited here."
        ),
        "hotel_tz": stay.hotel.timezone,
    }


class StayCockpitMixin:
    change_form_outer_before_template = "admin/stays/stay_cockpit.html"
    change_form_outer_after_template = "admin/audit/history.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        stay = self.get_object(request, unquote(object_id)) if object_id else None
        if stay is not None and self.has_view_permission(request, stay):
            if request.user.is_superuser:
                # Superusers see each stay in its own hotel's time.
                zone = hotel_zone(stay.hotel)
                if zone:
                    timezone.activate(zone)
            extra_context = {**(extra_context or {}), "cockpit": cockpit_context(request, stay)}
        return super().change_view(request, object_id, form_url, extra_context)
