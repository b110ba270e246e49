"""Guest API: card setup, saved cards, tips with Idempotency-Key, declines, 3-D Secure, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.models import Customer, Payment, PaymentKind, PaymentStatus
from tests.stays.factories import StayFactory
from tests.stays.fixtures import guest_token

from .conftest import API, card_list, form, make_payment, pi, stripe_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_stripe(stripe_hotel):
    return stripe_hotel


def tip(api, key="tip-1", **body):
    body = {"amount": "10.00", "staff_name": "Marie", "department": "spa", **body}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post("/api/v1/guest/tips", body, format="json", **headers)


def test_card_setup_creates_the_customer_once(guest_api, stay, rsps):
    rsps.post(f"{API}/customers", json={"id": "cus_new", "object": "customer"})
    rsps.post(
        f"{API}/setup_intents",
        json={
            "id": "seti_1",
            "object": "setup_intent",
            "client_secret": "seti_1_secret_a",
            "status": "requires_payment_method",
        },
    )
    rsps.post(
        f"{API}/setup_intents",
        json={
            "id": "seti_2",
            "object": "setup_intent",
            "client_secret": "seti_2_secret_b",
            "status": "requires_payment_method",
        },
    )
    first = guest_api.post("/api/v1/guest/payment-methods/setup")
    second = guest_api.post("/api/v1/guest/payment-methods/setup")
    assert first.status_code == 200, first.content
    assert first.json() == {
        "setup_intent_id": "seti_1",
        "client_secret": "seti_1_secret_a",
        "publishable_key": "pk_test_paris",
        "provider": "stripe",
    }
    assert second.json()["client_secret"] == "seti_2_secret_b"
    assert Customer.objects.get().stripe_customer_id == "cus_new"
    assert [c.request.url.rsplit("/", 1)[1] for c in rsps.calls] == ["customers", "setup_intents", "setup_intents"]
    assert form(rsps.calls[1]) == {"customer": "cus_new", "payment_method_types[0]": "card", "usage": "off_session"}
    assert rsps.calls[0].request.headers["Idempotency-Key"] == Customer.objects.get().idempotency_key


def test_saved_cards_show_brand_last4_and_expiry_only(guest_api, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    response = guest_api.get("/api/v1/guest/payment-methods")
    assert response.status_code == 200
    assert response.json() == {
        "results": [{"id": "pm_1", "brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030}]
    }
    assert "fingerprint" not in response.content.decode() and "Dupr" not in response.content.decode()


def test_guest_cannot_see_another_stays_cards(api, stay, customer, stripe_hotel, rsps):
    other = StayFactory(hotel=stripe_hotel, confirmation_number="OTHER1", guest__last_name="Autre")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, other)}")
    response = api.get("/api/v1/guest/payment-methods")
    assert response.json() == {"results": []}
    assert len(rsps.calls) == 0  # the other guest has no customer: Stripe is not even asked
    # Nor can they tip with the first guest's card.
    rsps.post(f"{API}/customers", json={"id": "cus_other", "object": "customer"})
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_theirs", "1111")))
    refused = tip(api, payment_method_id="pm_1")
    assert refused.status_code == 400 and refused.json()["code"] == "unknown_card"
    assert "customer=cus_other" in rsps.calls[1].request.url
    assert not Payment.objects.exists()


def test_tip_twice_with_the_same_key_charges_once(guest_api, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        json=pi(id="pi_tip", status="succeeded", amount=1000, received=1000, capture_method="automatic"),
    )
    first = tip(guest_api)
    second = tip(guest_api)
    assert first.status_code == 201, first.content
    assert second.status_code == 201 and second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert first.json()["status"] == "succeeded" and first.json()["amount"] == "10.00"
    assert "client_secret" not in first.json()
    charges = [c for c in rsps.calls if c.request.method == "POST"]
    assert len(charges) == 1
    row = Payment.objects.get()
    assert row.kind == PaymentKind.TIP and row.status == PaymentStatus.SUCCEEDED
    assert charges[0].request.headers["Idempotency-Key"] == row.idempotency_key
    assert (row.amount_authorized, row.amount_captured) == (row.amount, row.amount)


def test_same_key_with_a_different_body_is_refused(guest_api, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_tip", status="succeeded", amount=1000, received=1000))
    assert tip(guest_api).status_code == 201
    response = tip(guest_api, amount="20.00")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert Payment.objects.count() == 1 and len(rsps.calls) == 2


def test_tip_needs_an_idempotency_key(guest_api, rsps):
    response = tip(guest_api, key=None)
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"


def test_declined_card_is_402_with_a_human_message_and_a_failed_row(guest_api, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(
            402,
            "card_error",
            "card_declined",
            "Your card was declined.",
            "insufficient_funds",
            payment_intent={"id": "pi_dec"},
        ),
    )
    response = tip(guest_api)
    assert response.status_code == 402
    assert response.json() == {
        "code": "card_declined",
        "message": "Your card has insufficient funds. Please use another card.",
    }
    row = Payment.objects.get()
    assert row.status == PaymentStatus.FAILED and row.failure_code == "insufficient_funds"
    assert row.amount_captured == 0
    replay = tip(guest_api)  # same key: same answer, Stripe not asked again
    assert replay.status_code == 402 and replay.json() == response.json()
    assert len(rsps.calls) == 2


def test_stripe_outage_is_503_and_a_retry_with_the_same_key_settles_it(guest_api, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    rsps.post(f"{API}/payment_intents", **stripe_error(500, "api_error", None, "An unknown error occurred"))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_tip", status="succeeded", amount=1000, received=1000))
    failed = tip(guest_api)
    assert failed.status_code == 503 and failed.json()["code"] == "payment_unavailable"
    row = Payment.objects.get()
    assert row.status == PaymentStatus.PENDING and row.failure_code == "outcome_unknown"
    retried = tip(guest_api)
    assert retried.status_code == 201 and retried.json()["status"] == "succeeded"
    posts = [c for c in rsps.calls if c.request.method == "POST"]
    assert [c.request.headers["Idempotency-Key"] for c in posts] == [row.idempotency_key] * 2
    assert Payment.objects.count() == 1


def test_three_d_secure_answers_requires_action(guest_api, customer, rsps):
    next_action = {"type": "use_stripe_sdk", "use_stripe_sdk": {"type": "three_d_secure_redirect"}}
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_threeDSecure2Required", "3155")))
    rsps.post(
        f"{API}/payment_intents", json=pi(id="pi_3ds", status="requires_action", amount=1000, next_action=next_action)
    )
    response = tip(guest_api)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requires_action"
    assert body["client_secret"] == "pi_3ds_secret_abc" and body["next_action"] == next_action
    assert Payment.objects.get().status == PaymentStatus.REQUIRES_ACTION


def test_jpy_tip_is_sent_without_decimals(api, other_hotel, rsps):
    from .conftest import use_stripe

    use_stripe(other_hotel)
    stay = StayFactory(hotel=other_hotel, confirmation_number="TYO1", guest__last_name="Sato")
    Customer.objects.create(
        hotel=other_hotel, guest=stay.guest, provider="stripe", stripe_customer_id="cus_123", idempotency_key="k-jp"
    )
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, stay)}")
    refused = tip(api, amount="500.50", currency="JPY")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_amount"
    assert len(rsps.calls) == 0
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    rsps.post(
        f"{API}/payment_intents", json=pi(id="pi_jp", status="succeeded", amount=500, received=500, currency="jpy")
    )
    response = tip(api, key="jp-1", amount="500")
    assert response.status_code == 201, response.content
    assert form(rsps.calls[1])["amount"] == "500" and form(rsps.calls[1])["currency"] == "jpy"
    assert response.json()["amount"] == "500" and response.json()["currency"] == "JPY"


def _count(api, method, url):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(api, method)(url)
    assert response.status_code == 200, response.content
    return len(ctx)


def test_guest_endpoint_queries_do_not_grow_with_data(guest_api, stay, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242")))
    make_payment(
        stay,
        kind=PaymentKind.TIP,
        status=PaymentStatus.SUCCEEDED,
        stripe_payment_intent_id="pi_t0",
        amount_captured=200,
    )
    tips_small = _count(guest_api, "get", "/api/v1/guest/tips")
    cards_small = _count(guest_api, "get", "/api/v1/guest/payment-methods")
    for i in range(1, 12):
        make_payment(
            stay,
            kind=PaymentKind.TIP,
            status=PaymentStatus.SUCCEEDED,
            stripe_payment_intent_id=f"pi_t{i}",
            amount_captured=200,
        )
        other = StayFactory(hotel=stay.hotel)
        make_payment(other, stripe_payment_intent_id=f"pi_o{i}")
    assert len(guest_api.get("/api/v1/guest/tips").json()["results"]) == 12
    assert _count(guest_api, "get", "/api/v1/guest/tips") == tips_small
    assert _count(guest_api, "get", "/api/v1/guest/payment-methods") == cards_small
