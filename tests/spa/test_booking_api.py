"""The guest spa API on the embedded `mock` spa: catalogue, availability, booking, cancelling."""

import datetime as dt
from decimal import Decimal

import pytest

from integrations.manager import get_integration_manager
from integrations.models import HotelIntegrations, RealtimeEvent
from integrations.notifications.models import Notification
from integrations.realtime import SPA_BOOKING_UPDATED
from spa.models import SpaBooking, SpaSettings
from tests.stays.factories import StayFactory

from .helpers import book, guest_client, local_time, slots

pytestmark = pytest.mark.django_db
MASSAGE = "par-signature-60"


def test_catalogue_and_practitioners(api, stay):
    guest_client(api, stay)
    response = api.get("/api/v1/guest/spa/services")
    assert response.status_code == 200
    services = {s["id"]: s for s in response.json()["results"]}
    assert services[MASSAGE] == {
        "id": MASSAGE,
        "name": "Signature relaxing massage",
        "category": "massage",
        "duration_minutes": 60,
        "price": "120.00",
        "currency": "EUR",
        "description": "",
    }
    people = api.get("/api/v1/guest/spa/practitioners", {"service": "par-facial-45"}).json()["results"]
    assert [p["id"] for p in people] == ["par-ines"]
    assert api.get("/api/v1/guest/spa/practitioners", {"service": "nope"}).json()["code"] == "unknown_service"


def test_availability_is_in_hotel_time_and_respects_hours(api, stay):
    guest_client(api, stay)
    tomorrow = local_time(stay.hotel, 1, 9).date()
    found = slots(api, MASSAGE, tomorrow, "par-lucas")
    starts = [dt.datetime.fromisoformat(s["start"]) for s in found]
    assert starts[0] == local_time(stay.hotel, 1, 9)
    assert starts[-1] == local_time(stay.hotel, 1, 19)  # a 60-minute treatment ends by the 20:00 close
    assert all(s.utcoffset() == local_time(stay.hotel, 1, 9).utcoffset() for s in starts)
    assert {s["practitioner_name"] for s in found} == {"Lucas Bernard"}
    bad = api.get("/api/v1/guest/spa/availability", {"service": MASSAGE, "date": "soon"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"


def test_book_then_slot_gone_then_cancel_frees_it(api, stay):
    guest_client(api, stay)
    # Two days ahead: whatever the time of day, more than 24 h away (free cancellation).
    start = local_time(stay.hotel, 2, 10)
    before = slots(api, MASSAGE, start.date(), "par-lucas")
    assert start.isoformat() in {s["start"] for s in before}

    response = book(api, service_id=MASSAGE, start=start, practitioner_id="par-lucas", key="k-1")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["start"] == start.isoformat()
    assert body["price"] == "120.00" and body["payment_method"] == "room"
    assert body["vendor_reference"].startswith("MOCK-")

    after = {s["start"] for s in slots(api, MASSAGE, start.date(), "par-lucas")}
    assert start.isoformat() not in after
    # The 15-minute buffer also blocks 11:00 (60 min + buffer) but not 11:30.
    assert local_time(stay.hotel, 2, 11).isoformat() not in after
    assert local_time(stay.hotel, 2, 11, 30).isoformat() in after

    booking = SpaBooking.objects.get()
    assert (
        Notification.objects.filter(
            template="spa_booking_confirmed", dedupe_key__contains=str(booking.public_id)
        ).count()
        == 1
    )
    assert RealtimeEvent.objects.filter(type=SPA_BOOKING_UPDATED, stay_id=stay.pk).exists()

    listed = api.get("/api/v1/guest/spa/bookings").json()["results"]
    assert [b["id"] for b in listed] == [str(booking.public_id)]

    cancelled = api.post(f"/api/v1/guest/spa/bookings/{booking.public_id}/cancel", {}, format="json")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancellation_fee"] == "0.00"  # more than 24 h ahead: free
    assert start.isoformat() in {s["start"] for s in slots(api, MASSAGE, start.date(), "par-lucas")}


def test_idempotency_key(api, stay):
    guest_client(api, stay)
    start = local_time(stay.hotel, 1, 14)
    first = book(api, service_id=MASSAGE, start=start, key="same")
    again = book(api, service_id=MASSAGE, start=start, key="same")
    assert first.status_code == 201 and again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert SpaBooking.objects.count() == 1
    other = book(api, service_id=MASSAGE, start=local_time(stay.hotel, 1, 15), key="same")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    missing = api.post("/api/v1/guest/spa/bookings", {"service_id": MASSAGE, "start": start.isoformat()}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"


def test_taken_slot_and_unbookable_times(api, stay, hotel):
    guest_client(api, stay)
    start = local_time(hotel, 1, 16)
    assert book(api, service_id=MASSAGE, start=start, practitioner_id="par-camille").status_code == 201
    taken = book(api, service_id=MASSAGE, start=start + dt.timedelta(minutes=30), practitioner_id="par-camille")
    assert taken.status_code == 409 and taken.json()["code"] == "slot_taken"
    closed = book(api, service_id=MASSAGE, start=local_time(hotel, 1, 19, 30), practitioner_id="par-lucas")
    assert closed.status_code == 409 and closed.json()["code"] == "slot_unavailable"
    outside = book(api, service_id=MASSAGE, start=local_time(hotel, 10, 10))
    assert outside.status_code == 409 and outside.json()["code"] == "outside_stay"
    # "Any therapist": the other one who is free gets it.
    anyone = book(api, service_id=MASSAGE, start=start)
    assert anyone.status_code == 201 and anyone.json()["practitioner_id"] == "par-lucas"
    # The refused attempt is on record (failed), but not in the guest's list.
    assert list(SpaBooking.objects.filter(status="failed").values_list("starts_at", flat=True)) == [
        local_time(hotel, 1, 19, 30)
    ]
    assert len(api.get("/api/v1/guest/spa/bookings").json()["results"]) == 2


def test_late_cancellation_charges_fee_to_folio(api, stay, hotel):
    # Free until 72 h before: a treatment tomorrow is inside the late window.
    SpaSettings.objects.create(hotel=hotel, free_cancellation_hours=72, late_cancellation_fee_percent=50)
    guest_client(api, stay)
    response = book(api, service_id=MASSAGE, start=local_time(hotel, 1, 10))
    assert response.status_code == 201, response.content
    booking_id = response.json()["id"]
    cancelled = api.post(f"/api/v1/guest/spa/bookings/{booking_id}/cancel", {}, format="json").json()
    assert cancelled["status"] == "cancelled" and cancelled["cancellation_fee"] == "60.00"
    booking = SpaBooking.objects.get()
    assert booking.charge_status == "charged" and booking.charge_amount == Decimal("60.00")
    assert booking.charge_reference  # the folio posting's id
    folio = get_integration_manager(hotel).get_pms().get_folio(stay.pms_reservation_id)
    fees = [line.amount for line in folio.lines if line.description.startswith("Late cancellation")]
    assert fees == [Decimal("60.00")]
    # Cancelling again changes nothing and posts nothing more.
    again = api.post(f"/api/v1/guest/spa/bookings/{booking_id}/cancel", {}, format="json")
    assert again.status_code == 200
    folio = get_integration_manager(hotel).get_pms().get_folio(stay.pms_reservation_id)
    assert len([line for line in folio.lines if line.description.startswith("Late cancellation")]) == 1


def test_guest_sees_only_own_bookings(api, stay, hotel):
    other = StayFactory(hotel=hotel)
    guest_client(api, other)
    mine = book(api, service_id=MASSAGE, start=local_time(hotel, 1, 10)).json()["id"]
    guest_client(api, stay)
    assert api.get("/api/v1/guest/spa/bookings").json()["results"] == []
    assert api.get(f"/api/v1/guest/spa/bookings/{mine}").status_code == 404
    assert api.post(f"/api/v1/guest/spa/bookings/{mine}/cancel", {}, format="json").status_code == 404
    api.credentials()
    assert api.get("/api/v1/guest/spa/services").status_code == 401


def test_availability_respects_lead_time(api, stay, hotel):
    # 48 hours' notice: nothing tomorrow (its last start, 19:00, is less than 44 hours away).
    SpaSettings.objects.create(hotel=hotel, min_lead_minutes=48 * 60)
    guest_client(api, stay)
    tomorrow = local_time(hotel, 1, 19)
    assert slots(api, MASSAGE, tomorrow.date()) == []
    refused = book(api, service_id=MASSAGE, start=tomorrow)
    assert refused.status_code == 409 and refused.json()["code"] == "slot_unavailable"
    assert not SpaBooking.objects.exists()  # refused before anything was written


def test_hotel_without_spa(api, stay):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=stay.hotel)
    record.set_provider("spa", "none", {})
    record.save()
    guest_client(api, stay)
    for path in ("services", "practitioners", f"availability?service={MASSAGE}&date=2030-01-01", "bookings"):
        method = (
            api.get
            if path != "bookings"
            else (lambda p: book(api, service_id=MASSAGE, start=local_time(stay.hotel, 1, 10)))
        )
        response = method(f"/api/v1/guest/spa/{path}")
        assert response.status_code == 404, path
        assert response.json()["code"] == "spa_not_available"


def test_list_query_count_does_not_grow(api, stay, django_assert_num_queries):
    guest_client(api, stay)
    for hour in (10, 12, 14):
        assert book(api, service_id=MASSAGE, start=local_time(stay.hotel, 1, hour)).status_code == 201
    # The guest's stay (token), the spa policy, the bookings: 3, however many bookings.
    with django_assert_num_queries(3):
        assert len(api.get("/api/v1/guest/spa/bookings").json()["results"]) == 3
    for hour in (15, 16, 17):
        assert book(api, service_id=MASSAGE, start=local_time(stay.hotel, 1, hour)).status_code == 201
    with django_assert_num_queries(3):
        assert len(api.get("/api/v1/guest/spa/bookings").json()["results"]) == 6


def test_catalogue_and_availability_are_cached(api, stay, django_assert_num_queries):
    guest_client(api, stay)
    day = local_time(stay.hotel, 1, 9).date()
    slots(api, MASSAGE, day)
    # Warm: the guest's stay (token) and the spa policy; the spa (here: its bookings query) is not asked.
    with django_assert_num_queries(2):
        slots(api, MASSAGE, day)


def test_completed_at_the_spa_first_is_still_charged_once(stay, hotel, front_desk):
    from dataclasses import replace

    from spa.providers.base import COMPLETED
    from spa.services import bookings

    booking = bookings.book(
        stay=stay, service_id=MASSAGE, start=local_time(hotel, 1, 10), client_key="k", practitioner_id="par-lucas"
    ).booking
    info = get_integration_manager(hotel).get_spa().get_booking(booking.vendor_reference)
    booking = bookings.apply_vendor_booking(booking, replace(info, status=COMPLETED), source="webhook")
    assert (booking.status, booking.charge_status) == ("completed", "none")
    booking = bookings.complete(booking=booking, actor=front_desk)
    assert (booking.charge_status, booking.charge_amount) == ("charged", Decimal("120.00"))
    bookings.complete(booking=booking, actor=front_desk)
    folio = get_integration_manager(hotel).get_pms().get_folio(stay.pms_reservation_id)
    assert [line.amount for line in folio.lines if line.description.startswith("Spa:")] == [Decimal("120.00")]
