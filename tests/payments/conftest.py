"""Fixtures for payments tests: a hotel on Stripe, Stripe's wire format through `responses`."""

import json
import time
from urllib.parse import parse_qs

import pytest
import responses
import stripe

from integrations.models import HotelIntegrations
from payments.models import Customer, Payment, PaymentKind, PaymentStatus
from tests.stays.fixtures import guest_token

API = "https://api.stripe.com/v1"
WEBHOOK_SECRET = "whsec_test_paris"
SECRET_KEY = "sk_test_paris_123"


def use_stripe(hotel, **extra):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider(
        "payment",
        "stripe",
        {"secret_key": SECRET_KEY, "publishable_key": "pk_test_paris", "webhook_secret": WEBHOOK_SECRET, **extra},
    )
    record.save()
    return record


@pytest.fixture
def stripe_hotel(hotel):
    use_stripe(hotel)
    return hotel


@pytest.fixture
def rsps():
    """Every HTTP call must be registered: an unexpected call to Stripe fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def guest_api(api, stay):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, stay)}")
    return api


@pytest.fixture
def customer(stripe_hotel, stay):
    return Customer.objects.create(
        hotel=stripe_hotel, guest=stay.guest, provider="stripe", stripe_customer_id="cus_123", idempotency_key="ck-1"
    )


def form(call) -> dict:
    """The form-encoded body of a recorded request, as {key: value} (single values)."""
    body = call.request.body or ""
    if isinstance(body, bytes):
        body = body.decode()
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(body).items()}


def pi(
    id="pi_123",
    status="requires_capture",
    amount=20000,
    currency="eur",
    capturable=None,
    received=0,
    metadata=None,
    **extra,
):
    body = {
        "id": id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": amount if capturable is None and status == "requires_capture" else (capturable or 0),
        "amount_received": received,
        "currency": currency,
        "status": status,
        "customer": "cus_123",
        "payment_method": "pm_card_visa",
        "latest_charge": "ch_123",
        "client_secret": f"{id}_secret_abc",
        "capture_method": "manual",
        "metadata": metadata or {},
        "next_action": None,
        "last_payment_error": None,
        "cancellation_reason": None,
    }
    body.update(extra)
    return body


def card_list(*cards):
    return {
        "object": "list",
        "url": "/v1/payment_methods",
        "has_more": False,
        "data": [
            {
                "id": pm,
                "object": "payment_method",
                "type": "card",
                "customer": "cus_123",
                "billing_details": {"name": "Hélène Dupré", "email": "h@example.com"},
                "card": {
                    "brand": "visa",
                    "last4": last4,
                    "exp_month": 12,
                    "exp_year": 2030,
                    "fingerprint": "Xt5EWLLDS7FJjR1c",
                    "funding": "credit",
                },
            }
            for pm, last4 in cards
        ],
    }


def stripe_error(status, type_, code, message, decline_code=None, payment_intent=None):
    error = {"type": type_, "code": code, "message": message}
    if decline_code:
        error["decline_code"] = decline_code
    if payment_intent:
        error["payment_intent"] = payment_intent
    return {"status": status, "json": {"error": error}}


def make_payment(stay, *, kind=PaymentKind.HOLD, status=PaymentStatus.AUTHORIZED, amount="200.00", **fields):
    from decimal import Decimal

    amount = Decimal(amount)
    defaults = {
        "hotel": stay.hotel,
        "stay": stay,
        "kind": kind,
        "status": status,
        "provider": "stripe",
        "currency": stay.hotel.currency,
        "amount": amount,
        "amount_authorized": amount if status != PaymentStatus.PENDING else 0,
        "stripe_payment_intent_id": "pi_123",
        "idempotency_key": f"test-{kind}-{Payment.objects.count()}-{amount}",
    }
    if status == PaymentStatus.AUTHORIZED:
        from datetime import timedelta

        from django.utils import timezone

        defaults["authorized_at"] = timezone.now()
        defaults["expires_at"] = timezone.now() + timedelta(days=7)
    defaults.update(fields)
    return Payment.objects.create(**defaults)


def event(type_, obj, *, id="evt_1", created=None):
    return {
        "id": id,
        "object": "event",
        "type": type_,
        "created": created or int(time.time()),
        "livemode": False,
        "api_version": "2026-10-28.endive",
        "data": {"object": obj},
    }


def post_webhook(api, payload: dict, *, secret=WEBHOOK_SECRET, signature=None, query=""):
    raw = json.dumps(payload)
    header = signature or stripe.WebhookSignature.generate_signature_header(raw, secret)
    return api.post(
        f"/api/v1/webhooks/stripe{query}", data=raw, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
