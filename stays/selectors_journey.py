"""Reads of the guest journey: where a stay's check-in / check-out stands, what is next and what
blocks it. Used by the guest API (GET /api/v1/guest/checkin) and the stay page's cockpit
(`journey_state`). A fixed number of queries whatever the data (no vendor call)."""

from __future__ import annotations

from django.utils import timezone

from .models import JourneyStep, Stay
from .services.journey import checkin_window, journey_settings

Step = JourneyStep.Step
DONE_STATUSES = (JourneyStep.Status.DONE, JourneyStep.Status.SKIPPED)
GUEST_STEPS = (Step.IDENTITY, Step.CARD, Step.REGISTRATION)


def identity_state(stay) -> dict:
    """The ID step as the ocr app reports it (see ocr.selectors.identity_step_for_stay)."""
    from ocr.selectors import identity_step_for_stay

    return identity_step_for_stay(stay)


def identity_done(state: dict) -> bool:
    return state["status"] == "verified" or (state["status"] == "pending" and state["is_valid"])


def authorized_hold(stay):
    """The stay's live (authorized) card hold, newest first, or None."""
    from payments.selectors import live_holds_for_stays

    return live_holds_for_stays([stay.pk]).order_by("-created_at").first()


def _steps(stay) -> dict[str, JourneyStep]:
    cached = getattr(stay, "_journey_steps_cache", None)
    if cached is None:
        cached = {row.step: row for row in JourneyStep.objects.filter(stay=stay)}
        stay._journey_steps_cache = cached
    return cached


def saved_card(stay) -> dict | None:
    """The card recorded by the card step ({payment_method_id, brand, last4}), or None."""
    row = JourneyStep.objects.filter(stay=stay, step=Step.CARD, status=JourneyStep.Status.DONE).first()
    return dict(row.detail) if row is not None else None


def _guest_step_state(stay, steps) -> dict[str, dict]:
    rules = journey_settings(stay.hotel)
    states = {}
    if not rules.require_identity_document:
        states[Step.IDENTITY] = {"status": "skipped", "required": False}
    else:
        identity = identity_state(stay)
        states[Step.IDENTITY] = {
            "status": "done" if identity_done(identity) else ("failed" if identity["status"] == "rejected" else "todo"),
            "required": True,
            "detail": {k: identity[k] for k in ("status", "is_valid", "needs_review", "document_id")},
            "errors": identity.get("errors", []),
        }
    for step, required in ((Step.CARD, rules.require_card_hold), (Step.REGISTRATION, True)):
        row = steps.get(step)
        state = {"status": "todo", "required": required}
        if row is not None:
            state["status"] = {"done": "done", "skipped": "skipped", "failed": "failed"}.get(row.status, "pending")
            state["detail"] = _public_detail(step, row)
            if row.error_code:
                state["error"] = {"code": row.error_code, "message": row.error_message}
        elif not required:
            state["status"] = "skipped"
        states[step] = state
    return states


def _public_detail(step, row) -> dict:
    keep = {
        Step.CARD: ("brand", "last4"),
        Step.REGISTRATION: ("arrival_time", "terms_version", "terms_accepted_at"),
    }.get(step, ())
    return {k: row.detail[k] for k in keep if k in row.detail}


MESSAGES = {
    Step.IDENTITY: "Scan your ID document.",
    Step.CARD: "Add a card for the deposit.",
    Step.REGISTRATION: "Confirm your details and accept the hotel's terms.",
}


def checkin_blockers(stay, *, staff: bool = False, id_checked_at_desk: bool = False) -> list[dict]:
    """What keeps `complete_checkin` from running: guest steps not done (the desk does the ID in
    person and takes payment at the desk, so for staff only an ID that was rejected online blocks,
    unless they checked it at the desk)."""
    states = _guest_step_state(stay, _steps(stay))
    blockers = []
    for step in GUEST_STEPS:
        state = states[step]
        if state["status"] in ("done", "skipped") or not state["required"]:
            continue
        if staff and (step != Step.IDENTITY or id_checked_at_desk or state["status"] != "failed"):
            continue
        code = f"{step}_required" if state["status"] != "failed" else f"{step}_failed"
        blockers.append({"step": step, "code": code, "message": MESSAGES[step]})
    return blockers


def checkin_overview(stay) -> dict:
    """GET /api/v1/guest/checkin: each step's status, the next one and what blocks completion."""
    from keys.selectors import current_key, key_summary

    steps = _steps(stay)
    states = _guest_step_state(stay, steps)
    window = checkin_window(stay)
    rules = journey_settings(stay.hotel)
    now = timezone.now()
    for step in (Step.HOLD, Step.ROOM, Step.PMS_CHECKIN, Step.KEY, Step.CHECKIN_NOTICE):
        row = steps.get(step)
        state = {"status": row.status if row else "todo", "required": True}
        if row is not None and row.error_code:
            state["error"] = {"code": row.error_code, "message": row.error_message}
        if step == Step.ROOM and row is not None:
            state["detail"] = {"room_number": row.detail.get("room_number", "")}
        states[step] = state
    blockers = [] if stay.status != Stay.Status.CONFIRMED else checkin_blockers(stay)
    if stay.status == Stay.Status.CONFIRMED and not window.can_complete(now):
        blockers.append(
            {
                "step": "complete",
                "code": "checkin_too_early" if now < window.checkin_from else "checkin_closed",
                "message": "Check-in can be completed from the hotel's check-in time."
                if now < window.checkin_from
                else "The stay's departure has passed.",
            }
        )
    pending = [s for s, state in states.items() if state["status"] not in ("done", "skipped")]
    next_step = next((s for s in GUEST_STEPS if s in pending), None)
    if next_step is None and stay.online_checkin_status != Stay.CheckinStatus.COMPLETED:
        next_step = "complete"
    return {
        "status": stay.online_checkin_status,
        "stay_status": stay.status,
        "window": {
            "opens_at": window.opens_at,
            "checkin_from": window.checkin_from,
            "closes_at": window.closes_at,
            "is_open": window.is_open(now),
            "can_complete": window.can_complete(now),
        },
        "terms": {"version": rules.terms_version, "url": rules.terms_url},
        "steps": [{"step": s, **state} for s, state in states.items()],
        "done": [s for s, state in states.items() if state["status"] in ("done", "skipped")],
        "next_step": next_step,
        "blockers": blockers,
        "key": key_summary(current_key(stay)),
    }


def _entry(status: str, label: str, detail: str = "") -> dict:
    return {"status": status, "label": label, "detail": detail}


def journey_state(stay) -> dict:
    """The stay page's journey at a glance: identity, card, hold, registration, room, key, balance
    (each {status, label, detail}), plus next_step and blockers (same rules as the guest's)."""
    from keys.selectors import current_key

    overview = checkin_overview(stay)
    by_step = {s["step"]: s for s in overview["steps"]}
    steps = _steps(stay)
    identity = by_step[Step.IDENTITY]
    id_detail = identity.get("detail", {})
    identity_entry = _entry(
        identity["status"],
        {"done": "ID verified" if id_detail.get("status") == "verified" else "ID scanned, valid"}.get(
            identity["status"],
            {"todo": "No ID yet", "failed": "ID rejected", "skipped": "Not required"}.get(
                identity["status"], identity["status"]
            ),
        ),
        "Needs review" if id_detail.get("needs_review") else "",
    )
    id_row = steps.get(Step.IDENTITY)
    if id_row is not None and id_row.detail.get("checked_at_desk"):
        identity_entry = _entry("done", "ID checked at the desk")
    card = by_step[Step.CARD]
    card_detail = card.get("detail", {})
    card_entry = _entry(
        card["status"],
        f"{card_detail.get('brand', 'card').title()} •••• {card_detail['last4']}"
        if card_detail.get("last4")
        else {"todo": "No card yet", "skipped": "Not required"}.get(card["status"], card["status"]),
        card.get("error", {}).get("message", ""),
    )
    hold = authorized_hold(stay)
    hold_row = steps.get(Step.HOLD)
    if hold is not None:
        hold_entry = _entry("done", f"{hold.amount_authorized - hold.amount_captured} {hold.currency} authorized")
    elif hold_row is not None:
        hold_entry = _entry(
            hold_row.status,
            {"skipped": "No hold", "failed": "Hold failed", "done": "Hold settled"}.get(
                hold_row.status, "Hold pending"
            ),
            hold_row.error_message or hold_row.detail.get("reason", ""),
        )
    else:
        hold_entry = _entry("todo", "No hold yet", "Placed at check-in")
    registration = by_step[Step.REGISTRATION]
    reg_detail = registration.get("detail", {})
    registration_entry = _entry(
        registration["status"],
        f"Terms v{reg_detail['terms_version']} accepted" if reg_detail.get("terms_version") else "Not registered",
        f"Arrival {reg_detail['arrival_time']}" if reg_detail.get("arrival_time") else "",
    )
    room_status = "done" if stay.status == Stay.Status.CHECKED_IN and stay.room_id else by_step[Step.ROOM]["status"]
    if stay.online_checkin_status == Stay.CheckinStatus.ROOM_NOT_READY:
        room_status = "waiting"
    room_entry = _entry(
        room_status,
        f"Room {stay.room.number}" if stay.room_id else "No room",
        "Checked in online, room not ready"
        if room_status == "waiting"
        else (stay.room.get_status_display() if stay.room_id else ""),
    )
    key = current_key(stay)
    key_row = steps.get(Step.KEY)
    if key is not None:
        key_entry = _entry(
            key.status, f"Key {key.get_status_display().lower()} (room {key.room_number})", key.failure_message
        )
    elif key_row is not None:
        key_entry = _entry(key_row.status, "No digital key", key_row.error_message or key_row.detail.get("reason", ""))
    else:
        key_entry = _entry("todo", "No key yet", "Issued at check-in")
    settlement = steps.get(Step.SETTLEMENT)
    if settlement is not None:
        d = settlement.detail
        balance_entry = _entry(
            settlement.status,
            f"Balance {d.get('balance', '?')} {d.get('currency', '')}".strip(),
            settlement.error_message
            or f"captured {d.get('captured', '0')}, released {d.get('released', '0')}, charged {d.get('charged', '0')}",
        )
    else:
        balance_entry = _entry("todo", "Balance open", "Read from the PMS folio at check-out")
    return {
        "identity": identity_entry,
        "card": card_entry,
        "hold": hold_entry,
        "registration": registration_entry,
        "room": room_entry,
        "key": key_entry,
        "balance": balance_entry,
        "next_step": overview["next_step"],
        "blockers": overview["blockers"],
    }
