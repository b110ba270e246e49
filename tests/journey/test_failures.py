"""Each failure point of check-in (declined card, PMS 503, key vendor timeout) leaves a clear,
recorded state; a retry completes without a second hold, a second PMS check-in or a second key.
Vendors speak their real wire formats through `responses`."""

import json

import pytest
import requests
import responses

from integrations.models import HotelIntegrations
from integrations.notifications.models import Notification
from keys.models import DigitalKey
from payments.models import Customer, Payment, PaymentKind, PaymentStatus
from stays.models import JourneySettings, JourneyStep
from tests.payments.conftest import API, card_list, form, pi, stripe_error, use_stripe
from tests.stays.test_pms_opera import hotel_reservation, reservation_info, search_body

from .conftest import add_card, complete, register, step


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def on_stripe_with_a_customer(stay):
    """The hotel on Stripe (wire format through `responses`) and the guest already a customer there."""
    use_stripe(stay.hotel)
    Customer.objects.create(
        hotel=stay.hotel, guest=stay.guest, provider="stripe", stripe_customer_id="cus_123", idempotency_key="c1"
    )


@pytest.fixture(autouse=True)
def _no_id_scan(open_hotel):
    # These tests are about the later steps; the ID step has its own tests (ocr app).
    JourneySettings.objects.filter(hotel=open_hotel).update(require_identity_document=False)


def test_declined_card_then_retry_places_one_hold(guest, arriving, rsps, settings):
    settings.PAYMENT_HOLD_PER_NIGHT = {"EUR": "100"}
    on_stripe_with_a_customer(arriving)
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    assert add_card(guest, pm="").status_code == 200  # the card already saved with Stripe
    assert register(guest).status_code == 200

    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(402, "card_error", "card_declined", "Your card was declined.", "generic_decline"),
    )
    declined = complete(guest)
    assert declined.status_code == 402 and declined.json()["code"] == "card_declined"
    hold_step = JourneyStep.objects.get(stay=arriving, step="hold")
    assert hold_step.status == "failed" and hold_step.error_code == "card_declined"
    overview = guest.get("/api/v1/guest/checkin").json()
    assert step(overview, "hold")["error"]["code"] == "card_declined"
    arriving.refresh_from_db()
    assert arriving.status == "confirmed"

    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_ok", amount=20000))
    done = complete(guest)
    assert done.status_code == 200, done.content
    holds = Payment.objects.filter(stay=arriving, kind=PaymentKind.HOLD).order_by("created_at")
    assert [h.status for h in holds] == [PaymentStatus.FAILED, PaymentStatus.AUTHORIZED]
    first_key, second_key = (c.request.headers["Idempotency-Key"] for c in rsps.calls if c.request.method == "POST")
    assert first_key != second_key  # a new attempt after a decline, a new PaymentIntent
    body = form([c for c in rsps.calls if c.request.method == "POST"][-1])
    assert body["amount"] == "20000" and body["payment_method"] == "pm_card_visa" and body["off_session"] == "true"
    assert DigitalKey.objects.filter(stay=arriving).count() == 1
    # a further retry does nothing at all (assert_all_requests_are_fired: no extra Stripe call registered)
    assert complete(guest).status_code == 200
    assert holds.count() == 2


OHIP = "https://ohip.example.com"


def use_opera(hotel):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider(
        "pms",
        "opera",
        {"base_url": OHIP, "client_id": "c", "client_secret": "s", "app_key": "k", "hotel_id": "SAND01"},
    )
    record.save()


def _opera_paths(stay):
    fof = f"{OHIP}/fof/v1/hotels/SAND01/reservations/{stay.pms_reservation_id}"
    rsv = f"{OHIP}/rsv/v1/hotels/SAND01/reservations"
    return fof, rsv


def _ready(guest):
    assert add_card(guest).status_code == 200
    assert register(guest).status_code == 200  # contact unchanged: nothing pushed to the PMS


def test_pms_503_then_retry_checks_in_once(guest, arriving, rsps):
    use_opera(arriving.hotel)
    fof, rsv = _opera_paths(arriving)
    _ready(guest)
    rsps.post(f"{OHIP}/oauth/v1/tokens", json={"access_token": "t", "expires_in": 3600})
    rsps.post(f"{fof}/roomAssignments", status=201, json={"assignedRoom": {}})
    rsps.post(f"{fof}/checkIns", status=503, json={"title": "Service Unavailable", "status": 503})
    failed = complete(guest)
    assert failed.status_code == 503 and failed.json()["code"] == "pms_unavailable"
    arriving.refresh_from_db()
    assert arriving.status == "confirmed" and arriving.room.number == "202"
    pms_step = JourneyStep.objects.get(stay=arriving, step="pms_checkin")
    assert pms_step.status == "failed" and pms_step.error_code == "pms_unavailable"
    assert Payment.objects.get(stay=arriving, kind=PaymentKind.HOLD).status == "authorized"
    assert not DigitalKey.objects.exists()  # never a key without a checked-in stay

    # Retry: the PMS is asked first whether the guest is in (not yet), then the check-in is sent.
    rsps.get(rsv, json=search_body(reservation_info(rid=arriving.pms_reservation_id, conf="PAR2001", status="DueIn")))
    rsps.post(f"{fof}/roomAssignments", status=201, json={"assignedRoom": {}})
    rsps.post(f"{fof}/checkIns", status=201, json={"reservation": [], "links": [], "warnings": []})
    rsps.get(f"{rsv}/{arriving.pms_reservation_id}", json=hotel_reservation(arriving.pms_reservation_id))
    done = complete(guest)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"
    check_ins = [c for c in rsps.calls if c.request.url.endswith("/checkIns")]
    assert len(check_ins) == 2 and json.loads(check_ins[-1].request.body)["reservation"]["roomId"] == "202"
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.HOLD).count() == 1
    assert DigitalKey.objects.filter(stay=arriving).count() == 1
    assert JourneyStep.objects.get(stay=arriving, step="pms_checkin").attempts == 2


def test_pms_check_in_whose_answer_was_lost_is_not_sent_again(guest, arriving, rsps):
    use_opera(arriving.hotel)
    fof, rsv = _opera_paths(arriving)
    _ready(guest)
    rsps.post(f"{OHIP}/oauth/v1/tokens", json={"access_token": "t", "expires_in": 3600})
    rsps.post(f"{fof}/roomAssignments", status=201, json={"assignedRoom": {}})
    rsps.post(f"{fof}/checkIns", body=requests.ReadTimeout())
    assert complete(guest).json()["code"] == "pms_timeout"
    # The PMS did check the guest in: the retry sees it and does not check in again.
    rsps.get(rsv, json=search_body(reservation_info(rid=arriving.pms_reservation_id, conf="PAR2001", status="InHouse")))
    done = complete(guest)
    assert done.status_code == 200 and done.json()["stay_status"] == "checked_in"
    assert len([c for c in rsps.calls if c.request.url.endswith("/checkIns")]) == 1


OPENKEY = "https://api.openkey.co/v1/properties/P-55/key-sessions"


def test_key_vendor_timeout_then_retry_issues_one_key(guest, arriving, rsps):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=arriving.hotel)
    record.set_provider("digital_key", "openkey", {"property_id": "P-55", "username": "u", "password": "p"})
    record.save()
    _ready(guest)
    for _ in range(3):  # the create carries an Idempotency-Key: the client retries it twice
        rsps.post(OPENKEY, body=requests.ReadTimeout())
    failed = complete(guest)
    assert failed.status_code == 504 and failed.json()["code"] == "digital_key_timeout"
    arriving.refresh_from_db()
    assert arriving.status == "checked_in" and arriving.online_checkin_status == "in_progress"
    overview = guest.get("/api/v1/guest/checkin").json()
    assert step(overview, "key")["status"] == "failed" and overview["next_step"] == "complete"
    assert not Notification.objects.filter(template="checkin_completed").exists()  # sent with the key

    rsps.post(OPENKEY, status=201, json={"id": "ks_9", "status": "invited", "invite_url": "https://ok.example/ks_9"})
    done = complete(guest)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    key = DigitalKey.objects.get(stay=arriving)
    assert key.status == "active" and key.vendor_key_id == "ks_9"
    assert {c.request.headers["Idempotency-Key"] for c in rsps.calls} == {key.idempotency_key}
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.HOLD).count() == 1
    notice = Notification.objects.get(template="checkin_completed")
    assert notice.context["key_url"] == "https://ok.example/ks_9"


def test_unanswered_hold_is_resent_with_the_same_key(guest, arriving, rsps):
    on_stripe_with_a_customer(arriving)
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    assert add_card(guest, pm="").status_code == 200 and register(guest).status_code == 200
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", body=requests.ReadTimeout())
    failed = complete(guest)
    assert failed.status_code == 503 and failed.json()["code"] == "payment_unavailable"
    hold = Payment.objects.get(stay=arriving, kind=PaymentKind.HOLD)
    assert hold.status == PaymentStatus.PENDING
    assert JourneyStep.objects.get(stay=arriving, step="hold").status == "failed"

    rsps.post(f"{API}/payment_intents", json=pi(id="pi_late", amount=30000))
    assert complete(guest).status_code == 200
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.HOLD).count() == 1  # the same row
    keys = [c.request.headers["Idempotency-Key"] for c in rsps.calls if c.request.method == "POST"]
    assert keys == [hold.idempotency_key, hold.idempotency_key]
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.AUTHORIZED
