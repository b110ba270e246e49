"""The whole guest journey through the API on PostgreSQL with the mock providers:
lookup → ID → card → registration → complete (hold, PMS check-in, key, confirmation) → key →
check-out (capture/release, tip, PMS check-out, keys revoked, receipt) → token dead."""

import datetime as dt
from decimal import Decimal

import pytest

from integrations.models import RealtimeEvent
from integrations.notifications.models import Notification
from keys.models import DigitalKey
from payments.models import Payment, PaymentKind, PaymentStatus
from stays.models import JourneySettings, JourneyStep, Room, Stay
from tests.stays.fixtures import lookup

from .conftest import add_card, complete, register, step, upload_id


def test_the_whole_journey(api, arriving, settings):
    settings.PAYMENT_HOLD_PER_NIGHT = {"EUR": "150"}
    # lookup: the guest's token
    found = lookup(api, "PAR2001", arriving.guest.last_name)
    assert found.status_code == 200, found.content
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {found.json()['token']}")

    overview = api.get("/api/v1/guest/checkin").json()
    assert overview["status"] == "not_started" and overview["next_step"] == "identity"
    assert {b["code"] for b in overview["blockers"]} == {"identity_required", "card_required", "registration_required"}
    assert overview["window"]["can_complete"] is True and overview["terms"]["version"] == "2026-01"

    # ID (the ocr app's endpoint), card, registration
    assert upload_id(api).status_code == 201
    assert step(api.get("/api/v1/guest/checkin").json(), "identity")["status"] == "done"
    card = add_card(api)
    assert card.status_code == 200, card.content
    assert card.json() == {"id": "pm_mock_visa", "brand": "visa", "last4": "4242"}
    registered = register(api, email="new.mail@example.com")
    assert registered.status_code == 200, registered.content
    body = registered.json()
    assert body["next_step"] == "complete" and body["blockers"] == []
    assert step(body, "registration")["detail"]["terms_version"] == "2026-01"
    arriving.guest.refresh_from_db()
    assert arriving.guest.email == "new.mail@example.com"
    reg = JourneyStep.objects.get(stay=arriving, step="registration")
    assert reg.detail["arrival_time"] == "14:30" and reg.detail["terms_accepted_at"]

    # complete: hold → PMS check-in (a ready room of the booked type) → key → confirmation
    done = complete(api)
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "completed" and body["stay_status"] == "checked_in"
    assert body["key"]["status"] == "active" and body["key"]["room_number"] == "202"
    arriving.refresh_from_db()
    assert arriving.status == "checked_in" and arriving.room.number == "202" and arriving.checked_in_at
    hold = Payment.objects.get(stay=arriving, kind=PaymentKind.HOLD)
    assert hold.status == PaymentStatus.AUTHORIZED and hold.amount_authorized == Decimal("300.00")
    assert hold.stripe_payment_method_id == "pm_mock_visa"
    confirmation = Notification.objects.get(stay=arriving, template="checkin_completed")
    assert confirmation.context["room_number"] == "202" and confirmation.context["key_url"] == body["key"]["invite_url"]
    assert RealtimeEvent.objects.filter(stay=arriving, type="stay.updated", data__status="checked_in").exists()
    assert RealtimeEvent.objects.filter(stay=arriving, type="key.updated").exists()

    # a retry changes nothing: one hold, one key, one confirmation
    assert complete(api).status_code == 200
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.HOLD).count() == 1
    assert DigitalKey.objects.filter(stay=arriving).count() == 1
    assert Notification.objects.filter(stay=arriving, template="checkin_completed").count() == 1

    key = api.get("/api/v1/guest/key")
    assert key.status_code == 200 and key.json()["status"] == "active"

    # check-out preview: one night posted (mock PMS, 180/night) from a 300 hold
    preview = api.get("/api/v1/guest/checkout").json()
    assert preview["balance"] == "180.00" and preview["capture"] == "180.00" and preview["release"] == "120.00"
    assert preview["charge"] == "0.00" and preview["can_check_out"] is True and len(preview["lines"]) == 1

    out = api.post(
        "/api/v1/guest/checkout",
        {"tip": {"amount": "10.00", "staff_name": "Léa", "department": "reception"}},
        format="json",
        HTTP_IDEMPOTENCY_KEY="co-1",
    )
    assert out.status_code == 200, out.content
    assert out.json()["status"] == "checked_out" and out.json()["captured"] == "180.00"
    arriving.refresh_from_db()
    assert arriving.status == "checked_out" and arriving.checked_out_at
    assert arriving.room.status == Room.Status.DIRTY
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED and hold.amount_captured == Decimal("180.00")
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.CAPTURE, status="succeeded").count() == 1
    assert Payment.objects.get(stay=arriving, kind=PaymentKind.TIP).amount == Decimal("10.00")
    assert DigitalKey.objects.get(stay=arriving).status == "revoked"
    assert Notification.objects.filter(stay=arriving, template="checkout_receipt").count() == 1

    # the guest token ended with the stay
    assert api.get("/api/v1/guest/stay").status_code == 401
    assert api.post("/api/v1/guest/checkout", {}, format="json", HTTP_IDEMPOTENCY_KEY="co-1").status_code == 401


def test_steps_before_the_window_and_completion_before_check_in_time(guest, arriving):
    rules = JourneySettings.objects.get(hotel=arriving.hotel)
    rules.checkin_opens_days_before = 1
    rules.early_checkin_allowed = False
    rules.save()
    arriving.arrival = arriving.hotel.local_today() + dt.timedelta(days=3)
    arriving.departure = arriving.arrival + dt.timedelta(days=2)
    arriving.save()
    response = add_card(guest)
    assert response.status_code == 409 and response.json()["code"] == "checkin_not_open"
    assert not JourneyStep.objects.exists()

    # Arriving tomorrow: the window is open (from today, 00:00) and the check-in time is always ahead.
    # (It was "today, check-in time in an hour", which wrapped past midnight after 23:00 hotel time.)
    arriving.arrival = arriving.hotel.local_today() + dt.timedelta(days=1)
    arriving.departure = arriving.arrival + dt.timedelta(days=2)
    arriving.save()
    rules.require_identity_document = False
    rules.save()
    assert add_card(guest).status_code == 200 and register(guest).status_code == 200
    response = complete(guest)
    assert response.status_code == 409 and response.json()["code"] == "checkin_too_early"
    assert not Payment.objects.exists()


def test_complete_with_steps_missing_says_what_blocks(guest, arriving):
    response = complete(guest)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "checkin_incomplete"
    assert [b["code"] for b in body["blockers"]] == ["identity_required", "card_required", "registration_required"]
    assert not Payment.objects.exists() and Stay.objects.get(pk=arriving.pk).status == "confirmed"


def test_registration_rules(guest, arriving):
    response = register(guest, accept_terms=False)
    assert response.status_code == 400 and response.json()["code"] == "terms_not_accepted"
    response = register(guest, terms_version="2025-01")
    assert response.status_code == 409 and response.json()["code"] == "terms_version_mismatch"
    response = register(guest, arrival_time="25:99")
    assert response.status_code == 400 and response.json()["code"] == "validation_error"
    assert not JourneyStep.objects.exists()


def test_room_not_ready_waits_then_completes_when_the_room_is_ready(guest, arriving, rooms):
    JourneySettings.objects.filter(hotel=arriving.hotel).update(require_identity_document=False)
    arriving.room = rooms[0]
    arriving.save()
    Room.objects.filter(pk=rooms[0].pk).update(status=Room.Status.DIRTY)
    add_card(guest)
    register(guest)
    response = complete(guest)
    assert response.status_code == 202
    assert response.json()["status"] == "room_not_ready"
    arriving.refresh_from_db()
    assert arriving.status == "confirmed" and arriving.online_checkin_status == "room_not_ready"
    assert Payment.objects.get(stay=arriving).status == "authorized"  # the hold is in place
    assert not DigitalKey.objects.exists()  # never a key without a checked-in stay

    from stays.services.checkin import resume_waiting_checkins

    assert resume_waiting_checkins() == 0  # still dirty
    Room.objects.filter(pk=rooms[0].pk).update(status=Room.Status.INSPECTED)
    assert resume_waiting_checkins() == 1
    arriving.refresh_from_db()
    assert arriving.status == "checked_in" and arriving.online_checkin_status == "completed"
    assert Payment.objects.filter(stay=arriving).count() == 1 and DigitalKey.objects.count() == 1


def test_a_guest_sees_only_their_own_stay(api, arriving, open_hotel):
    from tests.stays.factories import StayFactory

    from .conftest import bearer

    other = StayFactory(hotel=open_hotel)
    bearer(api, other)
    api.post("/api/v1/guest/checkin/card", {"payment_method_id": "pm_mock_visa"}, format="json")
    assert JourneyStep.objects.filter(stay=arriving).count() == 0
    assert api.get("/api/v1/guest/checkin").json()["steps"][1]["status"] == "done"  # its own card step
    api.credentials()
    assert api.get("/api/v1/guest/checkin").status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/guest/checkout"])
def test_checkout_before_check_in_is_refused(guest, path):
    assert guest.get(path).json()["code"] == "not_checked_in"
    response = guest.post(path, {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 409 and response.json()["code"] == "not_checked_in"
    response = guest.post(path, {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"
