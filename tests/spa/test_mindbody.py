"""The `mindbody` connector against Mindbody Public API v6's wire format (`responses`), and its
webhooks (X-Mindbody-Signature: sha256=base64 HMAC-SHA256 of the raw body)."""

import base64
import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from integrations.manager import get_integration_manager
from integrations.models import HotelIntegrations
from integrations.notifications.models import Notification
from spa.models import SpaBooking, SpaWebhookEvent

from .helpers import book, guest_client, local_time, slots

pytestmark = pytest.mark.django_db
BASE = "https://api.mindbodyonline.com/public/v6"
SIGNING_KEY = "whsec-mindbody-test-key"


@pytest.fixture
def mindbody(hotel):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider(
        "spa",
        "mindbody",
        {
            "api_key": "mb-api-key",
            "site_id": "-99",
            "username": "spa.desk",
            "password": "s3cret",
            "location_id": 1,
            "webhook_signature_key": SIGNING_KEY,
        },
    )
    record.save()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.post(f"{BASE}/usertoken/issue", json={"TokenType": "Bearer", "AccessToken": "staff-token-1", "User": {}})
        yield rsps


def query(call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


def calls_to(rsps, path):
    return [c for c in rsps.calls if urlsplit(c.request.url).path == f"/public/v6{path}"]


def test_services_and_staff_wire_format(mindbody, hotel):
    mindbody.get(
        f"{BASE}/site/sessiontypes",
        json={
            "PaginationResponse": {"RequestedLimit": 100, "RequestedOffset": 0, "PageSize": 2, "TotalResults": 2},
            "SessionTypes": [
                {
                    "Id": 12,
                    "Name": "Hot stone massage",
                    "Type": "Appointment",
                    "DefaultTimeLength": 75,
                    "Category": "Massage",
                },
                {"Id": 99, "Name": "Yoga class", "Type": "Class", "DefaultTimeLength": 60},
            ],
        },
    )
    mindbody.get(
        f"{BASE}/sale/services", json={"Services": [{"Id": "1", "Name": "HS 75", "Price": 150, "OnlinePrice": 140}]}
    )
    mindbody.get(
        f"{BASE}/staff/staff",
        json={"StaffMembers": [{"Id": 7, "FirstName": "Mia", "LastName": "Ross", "AppointmentInstructor": True}]},
    )
    spa = get_integration_manager(hotel).get_spa()
    services = spa.list_services()
    assert [(s.id, s.name, s.duration_minutes, s.price, s.currency) for s in services] == [
        ("12", "Hot stone massage", 75, Decimal("140"), "EUR")
    ]
    people = spa.list_practitioners("12")
    assert [(p.id, p.name) for p in people] == [("7", "Mia Ross")]

    (types_call,) = calls_to(mindbody, "/site/sessiontypes")
    headers = types_call.request.headers
    assert headers["Api-Key"] == "mb-api-key" and headers["SiteId"] == "-99"
    (price_call,) = calls_to(mindbody, "/sale/services")
    assert query(price_call)["request.sessionTypeIds"] == ["12"]
    (staff_call,) = calls_to(mindbody, "/staff/staff")
    assert query(staff_call)["request.sessionTypeId"] == ["12"] and query(staff_call)["request.locationId"] == ["1"]


def test_bookable_items_repeat_the_session_type_key_and_cut_slots(mindbody, hotel):
    day = local_time(hotel, 1, 9).date()
    mindbody.get(
        f"{BASE}/appointment/bookableitems",
        json={
            "PaginationResponse": {"TotalResults": 1},
            "Availabilities": [
                {
                    "Id": 1,
                    "Staff": {"Id": 7, "Name": "Mia Ross"},
                    "SessionType": {"Id": 12, "DefaultTimeLength": 60},
                    "StartDateTime": f"{day}T10:00:00",
                    "EndDateTime": f"{day}T12:00:00",
                    "BookableEndDateTime": f"{day}T11:00:00",
                }
            ],
        },
    )
    spa = get_integration_manager(hotel).get_spa()
    found = spa.get_availability("12", day, day, "7")
    assert [s.start for s in found] == [
        local_time(hotel, 1, 10),
        local_time(hotel, 1, 10, 30),
        local_time(hotel, 1, 11),
    ]
    assert found[0].end == local_time(hotel, 1, 11) and found[0].start.tzinfo == hotel.tzinfo

    (call,) = calls_to(mindbody, "/appointment/bookableitems")
    q = query(call)
    assert q["request.sessionTypeIds"] == ["12"]
    assert q["request.staffIds"] == ["7"] and q["request.startDate"] == [day.isoformat()]
    assert call.request.headers["Authorization"] == "staff-token-1"
    # A list of session types goes as the same key repeated, never comma-joined.
    url = call.request.url
    assert url.count("request.sessionTypeIds=") == 1 and "%2C" not in url


def test_booking_finds_client_then_adds_appointment(api, stay, mindbody, hotel):
    start = local_time(hotel, 2, 10)  # two days ahead: > 24 h away at any time of day
    mindbody.get(
        f"{BASE}/site/sessiontypes",
        json={"SessionTypes": [{"Id": 12, "Name": "Massage", "Type": "Appointment", "DefaultTimeLength": 60}]},
    )
    mindbody.get(f"{BASE}/sale/services", json={"Services": [{"Price": 120}]})
    mindbody.get(f"{BASE}/staff/staff", json={"StaffMembers": [{"Id": 7, "Name": "Mia Ross"}]})
    mindbody.get(f"{BASE}/client/clients", json={"Clients": []})
    mindbody.post(f"{BASE}/client/addclient", json={"Client": {"Id": "100042"}})
    mindbody.post(
        f"{BASE}/appointment/addappointment",
        json={
            "Appointment": {
                "Id": 5551,
                "Status": "Booked",
                "StartDateTime": start.replace(tzinfo=None).isoformat(),
                "EndDateTime": (start + dt.timedelta(hours=1)).replace(tzinfo=None).isoformat(),
                "StaffId": 7,
                "SessionTypeId": 12,
                "ClientId": "100042",
            }
        },
    )
    guest_client(api, stay)
    response = book(api, service_id="12", start=start, practitioner_id="7")
    assert response.status_code == 201, response.content
    assert response.json()["vendor_reference"] == "5551" and response.json()["price"] == "120.00"

    (search,) = calls_to(mindbody, "/client/clients")
    assert query(search)["request.searchText"] == [stay.guest.email]
    (add_client,) = calls_to(mindbody, "/client/addclient")
    assert json.loads(add_client.request.body) == {
        "FirstName": stay.guest.first_name,
        "LastName": stay.guest.last_name,
        "Email": stay.guest.email,
    }
    (add,) = calls_to(mindbody, "/appointment/addappointment")
    sent = json.loads(add.request.body)
    booking = SpaBooking.objects.get()
    assert sent == {
        "ClientId": "100042",
        "LocationId": 1,
        "SessionTypeId": 12,
        "StaffId": 7,
        "StartDateTime": start.replace(tzinfo=None).isoformat(timespec="seconds"),
        "Notes": f"MyStay {booking.public_id}",
        "ApplyPayment": False,
        "SendEmail": False,
        "StaffRequested": True,
    }
    assert add.request.headers["Authorization"] == "staff-token-1"

    # Cancel: updateappointment with Execute=Cancel (more than 24 h ahead: not late).
    mindbody.post(
        f"{BASE}/appointment/updateappointment",
        json={"Appointment": {"Id": 5551, "Status": "Cancelled", "StartDateTime": sent["StartDateTime"], "StaffId": 7}},
    )
    cancelled = api.post(f"/api/v1/guest/spa/bookings/{booking.public_id}/cancel", {}, format="json")
    assert cancelled.status_code == 200, cancelled.content
    (update,) = calls_to(mindbody, "/appointment/updateappointment")
    assert json.loads(update.request.body)["AppointmentId"] == 5551
    assert json.loads(update.request.body)["Execute"] == "Cancel"


def test_refused_time_is_slot_taken_and_expired_token_is_renewed(api, stay, mindbody, hotel):
    start = local_time(hotel, 1, 10)
    mindbody.get(
        f"{BASE}/site/sessiontypes",
        json={"SessionTypes": [{"Id": 12, "Name": "Massage", "Type": "Appointment", "DefaultTimeLength": 60}]},
    )
    mindbody.get(f"{BASE}/sale/services", json={"Services": []})
    mindbody.get(f"{BASE}/staff/staff", json={"StaffMembers": [{"Id": 7, "Name": "Mia Ross"}]})
    # The cached token is refused once: a new one is issued and the call repeated.
    mindbody.get(f"{BASE}/client/clients", status=401, json={"Error": {"Code": "DeniedAccess"}})
    mindbody.get(f"{BASE}/client/clients", json={"Clients": [{"Id": 88, "Email": stay.guest.email.upper()}]})
    mindbody.post(
        f"{BASE}/appointment/addappointment",
        status=400,
        json={"Error": {"Message": "The staff member is not available.", "Code": "InvalidBookingTime"}},
    )
    guest_client(api, stay)
    response = book(api, service_id="12", start=start, practitioner_id="7")
    assert response.status_code == 409 and response.json()["code"] == "slot_taken"
    assert len(calls_to(mindbody, "/usertoken/issue")) == 2
    assert SpaBooking.objects.get().status == "failed"
    assert json.loads(calls_to(mindbody, "/appointment/addappointment")[0].request.body)["ClientId"] == "88"


def test_mindbody_down_is_clear(api, stay, mindbody):
    mindbody.get(f"{BASE}/site/sessiontypes", status=503)
    guest_client(api, stay)
    response = api.get("/api/v1/guest/spa/services")
    assert response.status_code == 503 and response.json()["code"] == "spa_unavailable"


def test_availability_through_api_is_hotel_time(api, stay, mindbody, hotel):
    day = local_time(hotel, 1, 9).date()
    mindbody.get(f"{BASE}/site/sessiontypes", json={"SessionTypes": [{"Id": 12, "Name": "M", "Type": "Appointment"}]})
    mindbody.get(f"{BASE}/sale/services", json={"Services": []})
    mindbody.get(
        f"{BASE}/appointment/bookableitems",
        json={
            "Availabilities": [
                {
                    "Staff": {"Id": 7, "FirstName": "Mia", "LastName": "Ross"},
                    "SessionType": {"Id": 12, "DefaultTimeLength": 60},
                    "StartDateTime": f"{day}T14:00:00",
                    "EndDateTime": f"{day}T15:00:00",
                    "BookableEndDateTime": f"{day}T14:00:00",
                }
            ]
        },
    )
    guest_client(api, stay)
    found = slots(api, "12", day)
    assert found == [
        {
            "start": local_time(hotel, 1, 14).isoformat(),
            "end": local_time(hotel, 1, 15).isoformat(),
            "practitioner_id": "7",
            "practitioner_name": "Mia Ross",
            "service_id": "12",
        }
    ]


# -- webhooks --------------------------------------------------------------------------------------
def signed(body: dict, key: str = SIGNING_KEY) -> tuple[bytes, str]:
    raw = json.dumps(body).encode()
    return raw, "sha256=" + base64.b64encode(hmac.new(key.encode(), raw, hashlib.sha256).digest()).decode()


def post_webhook(api, raw, signature, hotel_code="PAR"):
    return api.post(
        f"/api/v1/webhooks/mindbody?hotel={hotel_code}",
        raw,
        content_type="application/json",
        HTTP_X_MINDBODY_SIGNATURE=signature,
    )


@pytest.fixture
def mindbody_booking(stay, mindbody, hotel):
    start = local_time(hotel, 2, 10)
    return SpaBooking.objects.create(
        hotel=hotel,
        stay=stay,
        guest=stay.guest,
        provider="mindbody",
        service_id="12",
        service_name="Massage",
        duration_minutes=60,
        practitioner_id="7",
        practitioner_name="Mia Ross",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        price=Decimal("120"),
        currency="EUR",
        status="confirmed",
        vendor_reference="5551",
    )


def event(event_id: str, message_id: str, **data) -> dict:
    return {
        "messageId": message_id,
        "eventId": event_id,
        "eventSchemaVersion": 1,
        "eventInstanceOriginationDateTime": "2026-11-30T10:00:00Z",
        "eventData": {"siteId": -99, "appointmentId": 5551, **data},
    }


def test_webhook_valid_updates_booking(api, mindbody_booking, hotel):
    moved = local_time(hotel, 2, 15)
    raw, signature = signed(
        event(
            "appointmentBooking.updated",
            "msg-1",
            status="Booked",
            startDateTime=moved.replace(tzinfo=None).isoformat(),
            endDateTime=(moved + dt.timedelta(hours=1)).replace(tzinfo=None).isoformat(),
            staffId=7,
            sessionTypeId=12,
        )
    )
    response = post_webhook(api, raw, signature)
    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "duplicate": False, "outcome": "confirmed"}
    mindbody_booking.refresh_from_db()
    assert mindbody_booking.starts_at == moved

    raw, signature = signed(event("appointmentBooking.cancelled", "msg-2"))
    assert post_webhook(api, raw, signature).json()["outcome"] == "cancelled"
    mindbody_booking.refresh_from_db()
    assert mindbody_booking.status == "cancelled" and mindbody_booking.cancel_reason == "Cancelled in Mindbody"


def test_webhook_invalid_signature_changes_nothing(api, mindbody_booking):
    raw, _ = signed(event("appointmentBooking.cancelled", "msg-3"))
    _, wrong = signed(event("appointmentBooking.cancelled", "msg-3"), key="not-the-key")
    for signature in (wrong, "", "sha256=" + "A" * 44):
        response = post_webhook(api, raw, signature)
        assert response.status_code == 400 and response.json()["code"] == "invalid_signature"
    tampered = raw.replace(b"5551", b"5552")
    assert post_webhook(api, tampered, signed(event("appointmentBooking.cancelled", "msg-3"))[1]).status_code == 400
    assert post_webhook(api, raw, signed(event("appointmentBooking.cancelled", "msg-3"))[1], "TYO").status_code == 400
    mindbody_booking.refresh_from_db()
    assert mindbody_booking.status == "confirmed" and not SpaWebhookEvent.objects.exists()


def test_webhook_replayed_is_applied_once(api, mindbody_booking):
    raw, signature = signed(event("appointmentBooking.cancelled", "msg-4"))
    assert post_webhook(api, raw, signature).json()["duplicate"] is False
    mindbody_booking.refresh_from_db()
    first_cancel = mindbody_booking.cancelled_at
    again = post_webhook(api, raw, signature)
    assert again.status_code == 200 and again.json() == {"received": True, "duplicate": True, "outcome": "duplicate"}
    mindbody_booking.refresh_from_db()
    assert mindbody_booking.cancelled_at == first_cancel
    assert SpaWebhookEvent.objects.filter(message_id="msg-4").count() == 1


def test_webhook_head_and_unknown_booking(api, mindbody_booking):
    assert api.head("/api/v1/webhooks/mindbody?hotel=PAR").status_code == 200
    raw, signature = signed(event("appointmentBooking.created", "msg-5", appointmentId=777, status="Booked"))
    assert post_webhook(api, raw, signature).json()["outcome"] == "unknown_booking"
    assert not Notification.objects.filter(template="spa_booking_confirmed").exists()
