"""End to end: the guest API -> the `spabooker` provider -> the mock SpaBooker as a real HTTP server."""

import pytest

from integrations.notifications.models import Notification
from spa.models import SpaBooking
from spa.services.bookings import reconcile
from tests.spa.helpers import book, guest_client, local_time, slots

from .mock_spabooker import running_mock_spabooker, use_spabooker

pytestmark = pytest.mark.django_db
MASSAGE = "par-deep-tissue-90"


@pytest.fixture
def spabooker(hotel):
    with running_mock_spabooker() as server:
        use_spabooker(hotel, server.base_url)
        yield server


def test_catalogue_book_slot_gone_cancel_slot_back(api, stay, spabooker):
    guest_client(api, stay)
    services = {s["id"]: s for s in api.get("/api/v1/guest/spa/services").json()["results"]}
    assert services[MASSAGE]["duration_minutes"] == 90 and services[MASSAGE]["price"] == "170.00"
    people = api.get("/api/v1/guest/spa/practitioners", {"service": MASSAGE}).json()["results"]
    assert {p["id"] for p in people} == {"par-camille", "par-lucas"}

    start = local_time(stay.hotel, 2, 11)  # two days ahead: > 24 h away at any time of day (free cancellation)
    day = start.date()
    assert start.isoformat() in {s["start"] for s in slots(api, MASSAGE, day, "par-camille")}

    response = book(api, service_id=MASSAGE, start=start, practitioner_id="par-camille")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed" and body["vendor_reference"].startswith("SB")
    appointment = spabooker.state.appointments[body["vendor_reference"]]
    assert appointment.external_reference == body["id"] and appointment.status == "booked"
    assert appointment.client["last_name"] == stay.guest.last_name

    # The slot is gone at the spa, and so is anything overlapping it plus the 15-minute buffer.
    taken = {s["start"] for s in slots(api, MASSAGE, day, "par-camille")}
    for hour, minute in ((11, 0), (10, 0), (12, 30)):
        assert local_time(stay.hotel, 2, hour, minute).isoformat() not in taken
    assert local_time(stay.hotel, 2, 13).isoformat() in taken
    assert local_time(stay.hotel, 2, 9, 0).isoformat() in taken  # 9:00-10:30 + buffer ends 10:45 < 11:00
    assert Notification.objects.filter(template="spa_booking_confirmed").count() == 1

    # Another guest cannot have Camille at 11:30.
    clash = book(api, service_id=MASSAGE, start=local_time(stay.hotel, 2, 11, 30), practitioner_id="par-camille")
    assert clash.status_code == 409 and clash.json()["code"] == "slot_taken"

    cancelled = api.post(f"/api/v1/guest/spa/bookings/{body['id']}/cancel", {}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert appointment.status == "cancelled" and appointment.late_cancellation is False
    assert start.isoformat() in {s["start"] for s in slots(api, MASSAGE, day, "par-camille")}


def test_vendor_timeout_is_recorded_then_reconciled(api, stay, spabooker):
    """The spa books but answers too late: the guest gets `requested` (202), never a phantom, and the
    reconcile finds the appointment by MyStay's reference."""
    spabooker.state.create_delay = 1.5  # longer than the 1 s read timeout
    guest_client(api, stay)
    response = book(api, service_id=MASSAGE, start=local_time(stay.hotel, 1, 15))
    assert response.status_code in (201, 202), response.content
    booking = SpaBooking.objects.get()
    assert len(spabooker.state.appointments) == 1
    spabooker.state.create_delay = 0
    booking = reconcile(booking)
    assert booking.status == "confirmed"
    assert booking.vendor_reference == next(iter(spabooker.state.appointments))
    assert Notification.objects.filter(template="spa_booking_confirmed").count() == 1


def test_spa_down_answers_clear_code(api, stay, hotel):
    with running_mock_spabooker() as server:
        use_spabooker(hotel, server.base_url)
    guest_client(api, stay)  # the server is stopped now
    response = api.get("/api/v1/guest/spa/services")
    assert response.status_code == 503 and response.json()["code"] == "spa_unavailable"


def test_wrong_api_key_is_auth_failed(api, stay, spabooker, hotel):
    use_spabooker(hotel, spabooker.base_url, api_key="wrong")
    guest_client(api, stay)
    response = api.get("/api/v1/guest/spa/services")
    assert response.status_code == 502 and response.json()["code"] == "spa_auth_failed"


def _requested(stay, start, minutes_ago=5):
    import datetime as dt

    from django.utils import timezone

    booking = SpaBooking.objects.create(
        hotel=stay.hotel, stay=stay, guest=stay.guest, provider="spabooker", service_id=MASSAGE,
        service_name="Deep tissue massage", duration_minutes=90, practitioner_id="par-lucas",
        practitioner_name="Lucas Bernard", starts_at=start, ends_at=start + dt.timedelta(minutes=90),
        price=170, currency="EUR", status="requested",
    )  # fmt: skip
    SpaBooking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return booking


def test_reconcile_sweep_settles_unanswered_bookings(api, stay, spabooker):
    from spa.services.bookings import reconcile_requested

    got_it = _requested(stay, local_time(stay.hotel, 1, 9))
    never = _requested(stay, local_time(stay.hotel, 1, 14))
    recent = _requested(stay, local_time(stay.hotel, 1, 17), minutes_ago=0)  # may still be in flight
    location = spabooker.state.locations["PAR"]
    with spabooker.state.lock:
        spabooker.state.book(
            location, service=location.service(MASSAGE), staff_id="par-lucas", start=got_it.starts_at,
            client={"last_name": "Dupré"}, reference=str(got_it.public_id), notes="",
        )  # fmt: skip
    assert reconcile_requested() == 2
    for row in (got_it, never, recent):
        row.refresh_from_db()
    assert (got_it.status, got_it.vendor_reference) == ("confirmed", "SB1001")
    assert never.status == "failed" and recent.status == "requested"
    # A guest cannot cancel what the spa has not confirmed yet.
    guest_client(api, stay)
    pending = api.post(f"/api/v1/guest/spa/bookings/{recent.public_id}/cancel", {}, format="json")
    assert pending.status_code == 409 and pending.json()["code"] == "booking_pending"


def test_mock_server_books_a_therapist_once_under_concurrency(spabooker, hotel):
    """Straight at the server: eight clients POST the same therapist and time at once."""
    import threading

    import requests

    start = local_time(hotel, 1, 10).isoformat()
    url = f"{spabooker.base_url}/v1/locations/PAR/appointments"
    headers = {"Authorization": "Bearer spabooker-demo-key"}
    barrier = threading.Barrier(8)
    statuses = []

    def attempt(n):
        body = {
            "service_id": MASSAGE, "staff_id": "par-lucas", "start": start,
            "client": {"last_name": f"Guest {n}"}, "external_reference": f"ref-{n}",
        }  # fmt: skip
        barrier.wait(timeout=10)
        statuses.append(requests.post(url, json=body, headers=headers, timeout=5).status_code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(statuses) == [201] + [409] * 7
    assert requests.get(url.replace("/appointments", "/services"), timeout=5).status_code == 401  # no key
