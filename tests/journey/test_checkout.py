"""Check-out: capture from the hold and release of the rest, a balance above the hold charged to
the saved card or refused with a clear code, tips, PMS failures resumed by a retry with the same
Idempotency-Key, and money that moves once."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import responses

from integrations.notifications.models import Notification
from keys.models import DigitalKey
from keys.services import issue_key_for_stay
from payments.models import Payment, PaymentKind, PaymentStatus
from stays.models import JourneyStep, Room
from stays.services.checkin import record_card
from tests.payments.conftest import API, card_list, form, make_payment, pi, stripe_error
from tests.stays.test_pms_opera import hotel_reservation, reservation_info, search_body

from .conftest import bearer
from .test_failures import OHIP, on_stripe_with_a_customer, use_opera


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def in_house(arriving, rooms):
    arriving.status = "checked_in"
    arriving.room = rooms[0]
    arriving.online_checkin_status = "completed"
    arriving.save()
    record_card(stay=arriving, payment_method_id="pm_mock_visa")  # a saved card (mock payments)
    issue_key_for_stay(stay=arriving)
    return arriving


def checkout(api, key="co-1", **body):
    return api.post("/api/v1/guest/checkout", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_balance_below_the_hold_is_captured_and_the_rest_released(api, in_house):
    hold = make_payment(in_house, amount="300.00", provider="mock", stripe_payment_intent_id="pi_mock_main")
    guest = bearer(api, in_house)
    preview = guest.get("/api/v1/guest/checkout").json()
    assert (preview["balance"], preview["capture"], preview["release"], preview["charge"]) == (
        "180.00",
        "180.00",
        "120.00",
        "0.00",
    )
    response = checkout(guest)
    assert response.status_code == 200, response.content
    assert response.json()["captured"] == "180.00" and response.json()["released"] == "120.00"
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED and hold.amount_captured == Decimal("180.00")
    assert DigitalKey.objects.get(stay=in_house).status == "revoked"
    assert Room.objects.get(pk=in_house.room_id).status == Room.Status.DIRTY


def test_nothing_owed_releases_the_hold(api, in_house, settings):
    settings.PAYMENT_HOLD_PER_NIGHT = {"EUR": "100"}
    hold = make_payment(in_house, amount="200.00", provider="mock", stripe_payment_intent_id="pi_mock_main")
    in_house.arrival = in_house.hotel.local_today() + dt.timedelta(days=1)
    in_house.departure = in_house.arrival + dt.timedelta(days=1)
    in_house.save()  # no night posted yet: the mock folio is empty
    response = checkout(bearer(api, in_house))
    assert response.status_code == 200 and response.json()["captured"] == "0.00"
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.RELEASED
    assert not Payment.objects.filter(kind=PaymentKind.CAPTURE).exists()


def test_balance_above_the_hold_is_charged_to_the_saved_card(api, in_house):
    make_payment(in_house, amount="100.00", provider="mock", stripe_payment_intent_id="pi_mock_main")
    guest = bearer(api, in_house)
    preview = guest.get("/api/v1/guest/checkout").json()
    assert (preview["capture"], preview["charge"]) == ("100.00", "80.00")
    response = checkout(guest)
    assert response.status_code == 200, response.json()
    assert response.json()["charged"] == "80.00"
    captures = Payment.objects.filter(stay=in_house, kind=PaymentKind.CAPTURE).order_by("amount")
    assert [c.amount for c in captures] == [Decimal("80.00"), Decimal("100.00")]


def _stripe_in_house(stay):
    on_stripe_with_a_customer(stay)
    JourneyStep.objects.filter(stay=stay, step="card").update(detail={"payment_method_id": "pm_card_visa"})
    return make_payment(stay, amount="100.00", stripe_payment_intent_id="pi_main")


def test_a_declined_balance_charge_refuses_check_out_and_a_retry_completes_it(api, in_house, rsps):
    hold = _stripe_in_house(in_house)
    guest = bearer(api, in_house)
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(402, "card_error", "card_declined", "Your card was declined.", "insufficient_funds"),
    )
    refused = checkout(guest)
    assert refused.status_code == 402 and refused.json()["code"] == "balance_charge_declined"
    assert "80.00 EUR" in refused.json()["message"]
    in_house.refresh_from_db()
    hold.refresh_from_db()
    assert in_house.status == "checked_in" and hold.status == PaymentStatus.AUTHORIZED  # nothing captured
    assert JourneyStep.objects.get(stay=in_house, step="settlement").error_code == "balance_charge_declined"

    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_extra", amount=8000))
    rsps.post(
        f"{API}/payment_intents/pi_extra/capture",
        json=pi(id="pi_extra", status="succeeded", amount=8000, received=8000),
    )
    rsps.post(
        f"{API}/payment_intents/pi_main/capture",
        json=pi(id="pi_main", status="succeeded", amount=10000, received=10000),
    )
    done = checkout(guest)
    assert done.status_code == 200, done.content
    assert form(rsps.calls[-1])["amount_to_capture"] == "10000"
    assert form(rsps.calls[-2])["amount_to_capture"] == "8000"
    assert Payment.objects.filter(stay=in_house, kind=PaymentKind.CAPTURE, status="succeeded").count() == 2
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED


def test_balance_due_without_a_saved_card(api, in_house):
    make_payment(in_house, amount="100.00", provider="mock", stripe_payment_intent_id="pi_mock_main")
    JourneyStep.objects.filter(stay=in_house, step="card").delete()
    guest = bearer(api, in_house)
    preview = guest.get("/api/v1/guest/checkout").json()
    assert preview["can_check_out"] is False and preview["blockers"][0]["code"] == "balance_due"
    response = checkout(guest)
    assert response.status_code == 409 and response.json()["code"] == "balance_due"
    assert not Payment.objects.filter(kind=PaymentKind.CAPTURE).exists()


def folio(amount):
    return {
        "reservationFolioInformation": {
            "folioWindows": [
                {
                    "folioWindowNo": 1,
                    "balance": {"amount": amount, "currencyCode": "EUR"},
                    "folios": [
                        {
                            "folioNo": 1,
                            "folioDate": "2026-03-01",
                            "postings": [
                                {
                                    "transactionNo": 11,
                                    "transactionType": "Revenue",
                                    "transactionDate": "2026-03-01",
                                    "transactionDescription": "Accommodation",
                                    "postedAmount": {"amount": amount, "currencyCode": "EUR"},
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    }


def test_pms_503_at_check_out_then_retry_with_the_same_key(api, in_house, rsps):
    hold = make_payment(in_house, amount="300.00", provider="mock", stripe_payment_intent_id="pi_mock_main")
    use_opera(in_house.hotel)
    rid = in_house.pms_reservation_id
    csh = f"{OHIP}/csh/v1/hotels/SAND01/reservations/{rid}"
    rsv = f"{OHIP}/rsv/v1/hotels/SAND01/reservations"
    guest = bearer(api, in_house)
    rsps.post(f"{OHIP}/oauth/v1/tokens", json={"access_token": "t", "expires_in": 3600})
    rsps.get(f"{csh}/folios", json=folio(192.5))
    rsps.post(f"{csh}/checkOuts", status=503, json={"title": "Service Unavailable"})
    failed = checkout(guest, tip={"amount": "5.00"})
    assert failed.status_code == 503 and failed.json()["code"] == "pms_unavailable"
    in_house.refresh_from_db()
    assert in_house.status == "checked_in"
    hold.refresh_from_db()
    assert hold.amount_captured == Decimal("192.50")  # captured once, recorded
    assert DigitalKey.objects.get(stay=in_house).status == "active"  # the guest can still open the door

    # a different body with the same key is refused; the same body resumes where it stopped
    assert checkout(guest, tip={"amount": "6.00"}).status_code == 422
    rsps.get(rsv, json=search_body(reservation_info(rid=rid, conf="PAR2001", status="InHouse")))
    rsps.post(f"{csh}/checkOuts", status=201, json={"warnings": [], "links": []})
    rsps.get(f"{rsv}/{rid}", json=hotel_reservation(rid, status="CheckedOut"))
    done = checkout(guest, tip={"amount": "5.00"})
    assert done.status_code == 200, done.content
    assert done.json()["captured"] == "192.50"
    body = json.loads([c for c in rsps.calls if c.request.url.endswith("/checkOuts")][-1].request.body)
    assert body["reservation"]["eventType"] == "CheckOut"
    assert Payment.objects.filter(stay=in_house, kind=PaymentKind.CAPTURE).count() == 1
    assert Payment.objects.filter(stay=in_house, kind=PaymentKind.TIP).count() == 1
    assert DigitalKey.objects.get(stay=in_house).status == "revoked"
    assert Notification.objects.filter(stay=in_house, template="checkout_receipt").count() == 1
    assert JourneyStep.objects.get(stay=in_house, step="pms_checkout").attempts == 2


def test_a_guest_checked_in_at_the_desk_adds_a_card_for_check_out(api, in_house):
    make_payment(in_house, amount="100.00", provider="mock", stripe_payment_intent_id="pi_mock_main")
    JourneyStep.objects.filter(stay=in_house, step="card").delete()
    guest = bearer(api, in_house)
    assert guest.get("/api/v1/guest/checkout").json()["blockers"][0]["code"] == "balance_due"
    added = guest.post("/api/v1/guest/checkin/card", {"payment_method_id": "pm_mock_visa"}, format="json")
    assert added.status_code == 200
    assert guest.get("/api/v1/guest/checkout").json()["can_check_out"] is True
    # registration, by contrast, is a before-arrival step
    response = guest.post("/api/v1/guest/checkin/registration", {"accept_terms": True}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "already_checked_in"
