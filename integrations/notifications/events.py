"""The notifications each event sends, built on `notify()`. Domain services call these in the
transaction of the event (check-in, payment, booking, escalation...), with ids and plain values.

Each picks the guest's language (then the hotel's default, then English), builds a minimal context
(first name, dates, room, amounts; never ID data or messages) and a dedupe key that makes the call
idempotent: the e-mail is keyed `<event>:<object id>`, other channels add `:<channel>`.
Every channel is checked the same way: e-mail is sent where the hotel has an e-mail provider
(EMAIL_PROVIDER by default; a hotel that chose "none" gets no e-mail rows at all, rather than rows
that could only retry until dead) and the guest an address; SMS where the hotel has an SMS provider
and the guest a phone number; push where the caller passes a device token and the hotel has a push
provider. A channel the hotel has switched off is skipped (logged), not queued.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model

from ..registry import Capability
from .models import Notification
from .services import notify

logger = logging.getLogger("mystay.notifications")

# Templates (folders under templates/notifications/).
CHECKIN_INVITATION = "checkin_invitation"
CHECKIN_COMPLETED = "checkin_completed"
PAYMENT_RECEIPT = "payment_receipt"
CHECKOUT_RECEIPT = "checkout_receipt"
SPA_BOOKING_CONFIRMED = "spa_booking_confirmed"
SPA_BOOKING_REMINDER = "spa_booking_reminder"
STAFF_ESCALATION = "staff_escalation"


def _stay_model():
    # The outbox's own relation names the model, so this app imports no domain app.
    return Notification._meta.get_field("stay").related_model


def _hotel_model():
    return Notification._meta.get_field("hotel").related_model


def load_stay(stay_id: int):
    return _stay_model().objects.select_related("hotel", "guest", "room").get(pk=stay_id)


def guest_language(guest, hotel) -> str:
    return (getattr(guest, "language", "") or getattr(hotel, "default_language", "") or "en").lower()


def _configured(hotel, capability: Capability) -> bool:
    from ..manager import get_integration_manager

    return get_integration_manager(hotel).is_configured(capability)


def _notify_guest(stay, *, template: str, key: str, context: dict, sms: bool = False, device_token: str = ""):
    hotel, guest = stay.hotel, stay.guest
    targets = []
    if guest.email and _configured(hotel, Capability.EMAIL):
        targets.append((Notification.Channel.EMAIL, guest.email, key))
    if sms and guest.phone and _configured(hotel, Capability.SMS):
        targets.append((Notification.Channel.SMS, guest.phone, f"{key}:sms"))
    if device_token and _configured(hotel, Capability.PUSH):
        targets.append((Notification.Channel.PUSH, device_token, f"{key}:push"))
    base = {"first_name": guest.first_name, "confirmation_number": stay.confirmation_number}
    language = guest_language(guest, hotel)
    return [
        notify(
            hotel=hotel,
            channel=channel,
            recipient=recipient,
            template=template,
            language=language,
            context={**base, **context},
            stay=stay,
            dedupe_key=dedupe_key,
        )
        for channel, recipient, dedupe_key in targets
    ]


def _money(amount) -> str:
    return format(Decimal(str(amount)), "f")


def checkin_link(stay) -> str:
    return f"{settings.GUEST_APP_URL.rstrip('/')}/?confirmation={stay.confirmation_number}"


def notify_checkin_invitation(*, stay_id: int, dedupe_key: str | None = None, device_token: str = ""):
    """Invite the guest to check in online before arrival (once per stay: `checkin_invitation:<id>`)."""
    stay = load_stay(stay_id)
    context = {
        "arrival_date": stay.arrival,
        "departure_date": stay.departure,
        "checkin_url": checkin_link(stay),
        "check_in_time": stay.hotel.check_in_time.strftime("%H:%M"),
    }
    key = dedupe_key or f"{CHECKIN_INVITATION}:{stay.pk}"
    return _notify_guest(
        stay, template=CHECKIN_INVITATION, key=key, context=context, sms=True, device_token=device_token
    )


def notify_checkin_completed(
    *, stay_id: int, room_number: str = "", key_kind: str = "", key_url: str = "", device_token: str = ""
):
    """Check-in done: room number and how to get the key (`key_kind` e.g. "mobile", `key_url` the
    link to the mobile key or the wallet pass)."""
    stay = load_stay(stay_id)
    context = {
        "room_number": room_number or (stay.room.number if stay.room_id else ""),
        "key_kind": key_kind,
        "key_url": key_url,
        "departure_date": stay.departure,
        "check_out_time": stay.hotel.check_out_time.strftime("%H:%M"),
    }
    return _notify_guest(
        stay,
        template=CHECKIN_COMPLETED,
        key=f"{CHECKIN_COMPLETED}:{stay.pk}",
        context=context,
        sms=True,
        device_token=device_token,
    )


def notify_payment_receipt(*, stay_id: int, payment_id, amount, currency: str, description: str = ""):
    """A payment (hold capture, tip, charge) was taken; one receipt per payment id."""
    stay = load_stay(stay_id)
    context = {
        "payment_id": str(payment_id),
        "amount": _money(amount),
        "currency": currency.upper(),
        "description": description,
    }
    return _notify_guest(stay, template=PAYMENT_RECEIPT, key=f"{PAYMENT_RECEIPT}:{payment_id}", context=context)


def notify_checkout_receipt(*, stay_id: int, total, currency: str, folio_url: str = ""):
    stay = load_stay(stay_id)
    context = {
        "total": _money(total),
        "currency": currency.upper(),
        "folio_url": folio_url,
        "arrival_date": stay.arrival,
        "departure_date": stay.departure,
    }
    return _notify_guest(stay, template=CHECKOUT_RECEIPT, key=f"{CHECKOUT_RECEIPT}:{stay.pk}", context=context)


def _spa_context(service_name: str, starts_at: dt.datetime, duration_minutes: int | None) -> dict:
    return {"service_name": service_name, "starts_at": starts_at, "duration_minutes": duration_minutes or ""}


def _notify_spa_booking(template, *, stay_id, booking_id, service_name, starts_at, duration_minutes, device_token, sms):
    stay = load_stay(stay_id)
    return _notify_guest(
        stay,
        template=template,
        key=f"{template}:{booking_id}",
        context=_spa_context(service_name, starts_at, duration_minutes),
        sms=sms,
        device_token=device_token,
    )


def notify_spa_booking_confirmed(
    *,
    stay_id: int,
    booking_id,
    service_name: str,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    device_token: str = "",
):
    return _notify_spa_booking(
        SPA_BOOKING_CONFIRMED, stay_id=stay_id, booking_id=booking_id, service_name=service_name,
        starts_at=starts_at, duration_minutes=duration_minutes, device_token=device_token, sms=False,
    )  # fmt: skip


def notify_spa_booking_reminder(
    *,
    stay_id: int,
    booking_id,
    service_name: str,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    device_token: str = "",
):
    """The reminder also goes by SMS where the hotel has it: it is the message a guest must not miss."""
    return _notify_spa_booking(
        SPA_BOOKING_REMINDER, stay_id=stay_id, booking_id=booking_id, service_name=service_name,
        starts_at=starts_at, duration_minutes=duration_minutes, device_token=device_token, sms=True,
    )  # fmt: skip


def staff_recipients(hotel, department: str) -> list:
    """Active staff of the hotel in that department (JSON list filtered here: portable, few rows)."""
    staff = get_user_model().objects.filter(hotel_id=hotel.pk, is_active=True).exclude(email="").order_by("pk")
    return [user for user in staff if department in (user.departments or [])]


def notify_staff_escalation(
    *,
    hotel_id: int,
    escalation_id,
    department: str,
    category: str = "",
    urgency: str = "",
    stay_id: int | None = None,
):
    """E-mail the hotel's staff of `department` about an escalation (one row per staff member; the
    hotel's own address when nobody is in that department). No guest message in the context.
    Raises ValueError for a stay of another hotel; queues nothing when the hotel has no e-mail
    provider."""
    hotel = _hotel_model().objects.get(pk=hotel_id)
    stay = load_stay(stay_id) if stay_id else None
    if stay is not None and stay.hotel_id != hotel.pk:
        raise ValueError(f"Stay {stay_id} does not belong to hotel {hotel_id}")
    if not _configured(hotel, Capability.EMAIL):
        logger.warning("Hotel %s has no e-mail provider: escalation %s alert not queued", hotel.code, escalation_id)
        return []
    context = {
        "escalation_id": str(escalation_id),
        "department": department,
        "category": category,
        "urgency": urgency,
        "confirmation_number": stay.confirmation_number if stay else "",
        "room_number": stay.room.number if stay and stay.room_id else "",
    }
    targets = [(f"user{u.pk}", u.email) for u in staff_recipients(hotel, department)]
    if not targets and hotel.email:
        targets = [("hotel", hotel.email)]
    return [
        notify(
            hotel=hotel,
            channel=Notification.Channel.EMAIL,
            recipient=email,
            template=STAFF_ESCALATION,
            language=hotel.default_language or "en",
            context=context,
            stay=stay,
            dedupe_key=f"{STAFF_ESCALATION}:{escalation_id}:{who}",
        )
        for who, email in targets
    ]
