"""The `mock` payment provider: an offline stand-in for Stripe, for the demo and hotels without Stripe.

It makes no network call and keeps no state of its own; the ledger is the state. Ids are derived
from the idempotency key, so a retried request gets the same answer, as at Stripe. Stripe's test
payment-method names drive its outcomes: `pm_card_chargeDeclined…` is declined,
`pm_card_authenticationRequired` / `pm_card_threeDSecure2Required` need 3-D Secure, anything else
(including the demo card `pm_mock_visa`) succeeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from decimal import Decimal

from django.utils import timezone

from integrations.registry import ConfigField

from ..exceptions import PaymentDeclined, PaymentRefused
from ..money import check_amount, max_tip_field
from .base import (
    CANCELED,
    REQUIRES_ACTION,
    REQUIRES_CAPTURE,
    SUCCEEDED,
    Card,
    Customer,
    PaymentIntent,
    Refund,
    SetupIntent,
)

DEMO_CARD = Card(id="pm_mock_visa", brand="visa", last4="4242", exp_month=12, exp_year=2034)
DECLINE_PREFIX = "pm_card_chargeDeclined"
THREE_DS = {"pm_card_authenticationRequired", "pm_card_threeDSecure2Required"}


def _id(prefix: str, key: str | None) -> str:
    seed = key or uuid.uuid4().hex
    return f"{prefix}_mock_{hashlib.sha256(seed.encode()).hexdigest()[:20]}"


class MockPayments:
    name = "mock"
    label = "Mock payments (offline)"
    config_fields = (
        ConfigField("publishable_key", default="pk_mock", help="Handed to the guest app (unused offline)."),
        ConfigField(
            "reauthorize_expiring_holds",
            type="bool",
            default=False,
            help="Place a fresh hold (and release the old one) when a hold nears its expiry.",
        ),
        max_tip_field(),
    )
    webhook_secret = ""

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.publishable_key = config.get("publishable_key", "pk_mock")
        self.reauthorize_expiring_holds = bool(config.get("reauthorize_expiring_holds", False))
        self.max_tip = config.get("max_tip")

    def _charge(self, *, kind, amount, currency, customer_id, payment_method_id, metadata, idempotency_key, manual):
        amount = check_amount(amount, currency)
        method = payment_method_id or DEMO_CARD.id
        pi_id = _id("pi", idempotency_key)
        if method.startswith(DECLINE_PREFIX):
            raise PaymentDeclined(decline_code="generic_decline", payment_intent_id=pi_id)
        common = dict(
            id=pi_id,
            amount=amount,
            currency=currency.upper(),
            customer_id=customer_id,
            payment_method_id=method,
            latest_charge_id=_id("ch", idempotency_key),
            metadata=dict(metadata or {}, kind=kind),
        )
        if method in THREE_DS:
            return PaymentIntent(
                status=REQUIRES_ACTION,
                client_secret=f"{pi_id}_secret_mock",
                next_action={"type": "use_stripe_sdk", "use_stripe_sdk": {"type": "three_d_secure_redirect"}},
                **common,
            )
        if manual:
            return PaymentIntent(
                status=REQUIRES_CAPTURE,
                amount_capturable=amount,
                capture_before=timezone.now() + dt.timedelta(days=7),
                **common,
            )
        return PaymentIntent(status=SUCCEEDED, amount_received=amount, **common)

    def create_authorization_hold(
        self,
        amount,
        currency,
        customer_id,
        description,
        *,
        payment_method_id=None,
        metadata=None,
        off_session=False,
        idempotency_key=None,
    ):
        return self._charge(
            kind="hold",
            amount=amount,
            currency=currency,
            customer_id=customer_id,
            payment_method_id=payment_method_id,
            metadata=metadata,
            idempotency_key=idempotency_key,
            manual=True,
        )

    def capture_hold(self, hold_id, amount=None, *, currency=None, idempotency_key=None):
        if amount is None or not currency:
            raise PaymentRefused("The mock provider needs the amount and currency to capture.", provider=self.name)
        amount = check_amount(amount, currency)
        return PaymentIntent(id=hold_id, status=SUCCEEDED, amount=amount, currency=currency, amount_received=amount)

    def cancel_hold(self, hold_id, *, idempotency_key=None):
        return PaymentIntent(
            id=hold_id,
            status=CANCELED,
            amount=Decimal("0.00"),
            currency="",
            cancellation_reason="requested_by_customer",
        )

    def retrieve_payment_intent(self, payment_intent_id):
        return PaymentIntent(id=payment_intent_id, status=SUCCEEDED, amount=Decimal("0.00"), currency="")

    def create_refund(
        self, payment_id, amount=None, reason=None, *, currency=None, metadata=None, idempotency_key=None
    ):
        if amount is None or not currency:
            raise PaymentRefused("The mock provider needs the amount and currency to refund.", provider=self.name)
        return Refund(
            id=_id("re", idempotency_key),
            status=SUCCEEDED,
            amount=check_amount(amount, currency),
            currency=currency.upper(),
            payment_intent_id=payment_id,
            reason=reason or "",
            metadata=dict(metadata or {}),
        )

    def process_tip(
        self,
        amount,
        currency,
        customer_id,
        staff_name,
        department,
        *,
        payment_method_id=None,
        metadata=None,
        idempotency_key=None,
    ):
        return self._charge(
            kind="tip",
            amount=amount,
            currency=currency,
            customer_id=customer_id,
            payment_method_id=payment_method_id,
            metadata=dict(metadata or {}, staff_name=staff_name, department=department),
            idempotency_key=idempotency_key,
            manual=False,
        )

    def charge_card(
        self, amount, currency, customer_id, description, *, payment_method_id=None, metadata=None, idempotency_key=None
    ):
        return self._charge(
            kind="charge",
            amount=amount,
            currency=currency,
            customer_id=customer_id,
            payment_method_id=payment_method_id,
            metadata=dict(metadata or {}, description=description),
            idempotency_key=idempotency_key,
            manual=False,
        )

    def create_customer(self, email, name, phone, metadata=None, *, idempotency_key=None):
        return Customer(id=_id("cus", idempotency_key), email=email or "", name=name or "")

    def attach_payment_method(self, payment_method_id, customer_id, *, idempotency_key=None):
        return Card(id=payment_method_id, brand="visa", last4="4242", exp_month=12, exp_year=2034)

    def list_payment_methods(self, customer_id):
        return [DEMO_CARD]

    def create_setup_intent(self, customer_id, *, idempotency_key=None):
        seti = _id("seti", idempotency_key)
        return SetupIntent(
            id=seti, client_secret=f"{seti}_secret_mock", status="requires_payment_method", customer_id=customer_id
        )

    def health_check(self) -> bool:
        return True
