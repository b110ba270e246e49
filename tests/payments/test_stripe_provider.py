"""The stripe provider against Stripe's wire format (form bodies, headers, error bodies)."""

from decimal import Decimal

import pytest
import requests

from integrations.exceptions import ProviderAuthFailed
from integrations.manager import get_integration_manager
from payments.exceptions import PaymentDeclined, PaymentOutcomeUnknown, PaymentRefused
from payments.providers.stripe import StripePayments

from .conftest import API, SECRET_KEY, card_list, form, pi, stripe_error, use_stripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(stripe_hotel):
    return get_integration_manager(stripe_hotel).get_payment()


def test_registered_with_declared_config_and_built_from_the_hotel_record(provider):
    assert isinstance(provider, StripePayments)
    assert provider.publishable_key == "pk_test_paris"
    assert SECRET_KEY not in repr(provider)


def test_create_authorization_hold(provider, rsps):
    rsps.post(f"{API}/payment_intents", json=pi(amount=20000))
    hold = provider.create_authorization_hold(
        Decimal("200.00"),
        "EUR",
        "cus_123",
        "Hold for stay ABC123",
        payment_method_id="pm_card_visa",
        metadata={"stay_id": 7},
        idempotency_key="mystay-hold-1",
    )
    call = rsps.calls[0]
    body = form(call)
    assert body["amount"] == "20000" and body["currency"] == "eur"
    assert body["capture_method"] == "manual" and body["confirm"] == "true"
    assert body["customer"] == "cus_123" and body["payment_method"] == "pm_card_visa"
    assert body["payment_method_types[0]"] == "card"
    assert body["metadata[stay_id]"] == "7"
    assert call.request.headers["Idempotency-Key"] == "mystay-hold-1"
    assert call.request.headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert hold.status == "requires_capture" and hold.amount == Decimal("200.00")
    assert hold.amount_capturable == Decimal("200.00") and hold.currency == "EUR"


def test_jpy_amounts_are_sent_without_decimals(other_hotel, rsps):
    use_stripe(other_hotel)
    provider = get_integration_manager(other_hotel).get_payment()
    rsps.post(f"{API}/payment_intents", json=pi(amount=15000, currency="jpy"))
    hold = provider.create_authorization_hold(Decimal("15000"), "JPY", "cus_1", "Hold", idempotency_key="k")
    assert form(rsps.calls[0])["amount"] == "15000"
    assert hold.amount == Decimal("15000")
    rsps.post(
        f"{API}/payment_intents/pi_123/capture",
        json=pi(status="succeeded", amount=15000, currency="jpy", received=9000),
    )
    captured = provider.capture_hold("pi_123", Decimal("9000"), currency="JPY", idempotency_key="c")
    assert form(rsps.calls[1])["amount_to_capture"] == "9000"
    assert captured.amount_received == Decimal("9000")


def test_capture_cancel_refund(provider, rsps):
    rsps.post(f"{API}/payment_intents/pi_123/capture", json=pi(status="succeeded", received=12000))
    rsps.post(
        f"{API}/payment_intents/pi_9/cancel",
        json=pi(id="pi_9", status="canceled", cancellation_reason="requested_by_customer"),
    )
    rsps.post(
        f"{API}/refunds",
        json={
            "id": "re_1",
            "object": "refund",
            "amount": 5000,
            "currency": "eur",
            "status": "succeeded",
            "payment_intent": "pi_123",
            "reason": "requested_by_customer",
            "metadata": {},
        },
    )
    captured = provider.capture_hold("pi_123", Decimal("120.00"), currency="EUR", idempotency_key="cap-1")
    assert form(rsps.calls[0])["amount_to_capture"] == "12000"
    assert rsps.calls[0].request.headers["Idempotency-Key"] == "cap-1"
    assert captured.status == "succeeded" and captured.amount_received == Decimal("120.00")

    canceled = provider.cancel_hold("pi_9", idempotency_key="cancel-1")
    assert form(rsps.calls[1])["cancellation_reason"] == "requested_by_customer"
    assert canceled.status == "canceled"

    refund = provider.create_refund(
        "pi_123", Decimal("50.00"), "requested_by_customer", currency="EUR", idempotency_key="r"
    )
    body = form(rsps.calls[2])
    assert body == {"payment_intent": "pi_123", "amount": "5000", "reason": "requested_by_customer"}
    assert refund.id == "re_1" and refund.amount == Decimal("50.00") and refund.status == "succeeded"


def test_tip_customer_cards_and_setup_intent(provider, rsps):
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_tip", status="succeeded", amount=1000, received=1000))
    rsps.post(f"{API}/customers", json={"id": "cus_new", "object": "customer", "email": "h@example.com", "name": "H D"})
    rsps.post(f"{API}/payment_methods/pm_1/attach", json=card_list(("pm_1", "4242"))["data"][0])
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_1", "4242"), ("pm_2", "0005")))
    rsps.post(
        f"{API}/setup_intents",
        json={
            "id": "seti_1",
            "object": "setup_intent",
            "client_secret": "seti_1_secret_x",
            "status": "requires_payment_method",
        },
    )
    tip = provider.process_tip(
        Decimal("10"), "EUR", "cus_123", "Marie", "spa", payment_method_id="pm_1", idempotency_key="t"
    )
    body = form(rsps.calls[0])
    assert body["amount"] == "1000" and "capture_method" not in body
    assert body["metadata[staff_name]"] == "Marie" and body["metadata[kind]"] == "tip"
    assert tip.status == "succeeded"

    customer = provider.create_customer("h@example.com", "H D", "+33100000000", {"guest_id": 3}, idempotency_key="c")
    assert customer.id == "cus_new"
    assert form(rsps.calls[1]) == {
        "email": "h@example.com",
        "name": "H D",
        "phone": "+33100000000",
        "metadata[guest_id]": "3",
    }

    card = provider.attach_payment_method("pm_1", "cus_123", idempotency_key="a")
    assert form(rsps.calls[2]) == {"customer": "cus_123"}
    assert (card.brand, card.last4, card.exp_month, card.exp_year) == ("visa", "4242", 12, 2030)

    cards = provider.list_payment_methods("cus_123")
    assert "customer=cus_123" in rsps.calls[3].request.url and "type=card" in rsps.calls[3].request.url
    assert [c.last4 for c in cards] == ["4242", "0005"]

    setup = provider.create_setup_intent("cus_123", idempotency_key="s")
    assert form(rsps.calls[4])["usage"] == "off_session"
    assert setup.client_secret == "seti_1_secret_x"


def test_api_base_points_the_client_at_a_local_server(hotel, rsps):
    use_stripe(hotel, api_base="http://127.0.0.1:12111")
    provider = get_integration_manager(hotel).get_payment()
    rsps.get("http://127.0.0.1:12111/v1/payment_methods", json=card_list(("pm_1", "4242")))
    assert provider.list_payment_methods("cus_1")[0].id == "pm_1"


def test_errors_are_mapped(provider, rsps):
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(
            402,
            "card_error",
            "card_declined",
            "Your card has insufficient funds.",
            "insufficient_funds",
            payment_intent={"id": "pi_declined", "object": "payment_intent"},
        ),
    )
    with pytest.raises(PaymentDeclined) as declined:
        provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="1")
    assert declined.value.status_code == 402 and declined.value.error_code == "card_declined"
    assert declined.value.decline_code == "insufficient_funds" and declined.value.payment_intent_id == "pi_declined"
    assert "insufficient funds" in str(declined.value.detail)

    rsps.post(f"{API}/payment_intents", **stripe_error(500, "api_error", None, "Something went wrong"))
    with pytest.raises(PaymentOutcomeUnknown) as unknown:
        provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="2")
    assert unknown.value.status_code == 503 and unknown.value.error_code == "payment_unavailable"

    rsps.post(f"{API}/payment_intents", **stripe_error(401, "invalid_request_error", None, "Invalid API Key provided"))
    with pytest.raises(ProviderAuthFailed) as auth:
        provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="3")
    assert auth.value.error_code == "payment_auth_failed"

    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(400, "invalid_request_error", "resource_missing", "No such PaymentMethod"),
    )
    with pytest.raises(PaymentRefused) as refused:
        provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="4")
    assert refused.value.error_code == "payment_error" and refused.value.provider_code == "resource_missing"

    rsps.post(f"{API}/payment_intents", body=requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(PaymentOutcomeUnknown):
        provider.process_tip(Decimal("5"), "EUR", "cus", "", "", idempotency_key="5")
