"""The payment capability: its interface and the normalized shapes every payment provider returns.

Amounts are `Decimal` with an ISO currency; providers convert to minor units at the vendor edge
(`payments.money`). Callers never see a vendor's JSON. Every mutating call accepts an
`idempotency_key`: the payments services derive it from the ledger row, so a retried request
never moves money twice.

Errors: a declined card raises `PaymentDeclined` (402 `card_declined`); a request whose outcome is
unknown (network error, timeout, provider 5xx) raises `PaymentOutcomeUnknown` (503
`payment_unavailable`); a refused request raises `PaymentRefused` (502 `payment_error`); bad
credentials `ProviderAuthFailed` (502 `payment_auth_failed`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

# PaymentIntent statuses (Stripe's names, which the mock provider uses as well).
REQUIRES_PAYMENT_METHOD = "requires_payment_method"
REQUIRES_CONFIRMATION = "requires_confirmation"
REQUIRES_ACTION = "requires_action"
PROCESSING = "processing"
REQUIRES_CAPTURE = "requires_capture"
CANCELED = "canceled"
SUCCEEDED = "succeeded"


@dataclass(frozen=True)
class PaymentIntent:
    id: str
    status: str
    amount: Decimal
    currency: str
    amount_capturable: Decimal = Decimal("0.00")
    amount_received: Decimal = Decimal("0.00")
    customer_id: str = ""
    payment_method_id: str = ""
    latest_charge_id: str = ""
    # Only handed to the guest's own client to finish 3-D Secure; never stored or logged.
    client_secret: str = ""
    next_action: dict | None = None
    capture_before: dt.datetime | None = None
    cancellation_reason: str = ""
    failure_code: str = ""
    failure_message: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Refund:
    id: str
    status: str  # pending | requires_action | succeeded | failed | canceled
    amount: Decimal
    currency: str
    payment_intent_id: str = ""
    charge_id: str = ""
    reason: str = ""
    failure_reason: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Customer:
    id: str
    email: str = ""
    name: str = ""


@dataclass(frozen=True)
class Card:
    """A saved card as the guest may see it: never more than brand, last four digits and expiry."""

    id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class SetupIntent:
    id: str
    client_secret: str
    status: str
    customer_id: str = ""


@runtime_checkable
class PaymentProvider(Protocol):
    name: str
    label: str
    publishable_key: str
    webhook_secret: str
    reauthorize_expiring_holds: bool

    def create_authorization_hold(
        self,
        amount: Decimal,
        currency: str,
        customer_id: str,
        description: str,
        *,
        payment_method_id: str | None = None,
        metadata: dict | None = None,
        off_session: bool = False,
        idempotency_key: str | None = None,
    ) -> PaymentIntent: ...

    def capture_hold(
        self,
        hold_id: str,
        amount: Decimal | None = None,
        *,
        currency: str | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentIntent: ...

    def cancel_hold(self, hold_id: str, *, idempotency_key: str | None = None) -> PaymentIntent: ...

    def create_refund(
        self,
        payment_id: str,
        amount: Decimal | None = None,
        reason: str | None = None,
        *,
        currency: str | None = None,
        metadata: dict | None = None,
        idempotency_key: str | None = None,
    ) -> Refund: ...

    def process_tip(
        self,
        amount: Decimal,
        currency: str,
        customer_id: str,
        staff_name: str,
        department: str,
        *,
        payment_method_id: str | None = None,
        metadata: dict | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentIntent: ...

    def charge_card(
        self,
        amount: Decimal,
        currency: str,
        customer_id: str,
        description: str,
        *,
        payment_method_id: str | None = None,
        metadata: dict | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentIntent:
        """Charge the saved card now, the guest not present (spa treatments, late fees)."""
        ...

    def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntent: ...

    def create_customer(
        self, email: str, name: str, phone: str, metadata: dict | None = None, *, idempotency_key: str | None = None
    ) -> Customer: ...

    def attach_payment_method(
        self, payment_method_id: str, customer_id: str, *, idempotency_key: str | None = None
    ) -> Card: ...

    def list_payment_methods(self, customer_id: str) -> list[Card]: ...

    def create_setup_intent(self, customer_id: str, *, idempotency_key: str | None = None) -> SetupIntent: ...

    def health_check(self) -> bool: ...
