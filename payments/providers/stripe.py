"""The `stripe` payment provider (stripe-python 16.x, `StripeClient`, sync requests transport).

- Timeouts come from INTEGRATION_CONNECT_TIMEOUT / INTEGRATION_READ_TIMEOUT.
- The SDK's own network retries are off: every mutation carries an idempotency key derived from a
  MyStay ledger row, and retries happen at that level (the same row, the same key), so that a
  timeout followed by a retry moves money once and the ledger knows about every attempt.
- `api_base` points the client at a Stripe-compatible server (stripe-mock, a local fake).
- Secrets are never logged; error messages passed on are Stripe's user-facing ones.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import stripe
from django.conf import settings

from integrations.exceptions import ProviderAuthFailed
from integrations.registry import ConfigField

from ..exceptions import PaymentDeclined, PaymentOutcomeUnknown, PaymentRefused
from ..money import from_minor, max_tip_field, to_minor
from .base import Card, Customer, PaymentIntent, Refund, SetupIntent

logger = logging.getLogger("mystay.payments.stripe")

# What a guest reads when Stripe declines the card (by decline code); Stripe's own user message
# is used for anything else.
DECLINE_MESSAGES = {
    "insufficient_funds": "Your card has insufficient funds. Please use another card.",
    "expired_card": "Your card has expired. Please use another card.",
    "lost_card": "Your card was declined. Please use another card or contact your bank.",
    "stolen_card": "Your card was declined. Please use another card or contact your bank.",
    "incorrect_cvc": "Your card's security code is incorrect.",
    "authentication_required": "Your bank needs you to confirm this payment. Please try again in the app.",
    "card_velocity_exceeded": "Your card has reached its limit. Please use another card.",
}
GENERIC_DECLINE = "Your card was declined. Please use another card or contact your bank."


def _plain(obj):
    if obj is None:
        return None
    if isinstance(obj, stripe.StripeObject):
        return obj.to_dict(recursive=True)
    return obj


def _id_of(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id", "") if isinstance(value, dict) else getattr(value, "id", "")


def payment_intent_from_stripe(data) -> PaymentIntent:
    """Normalize a PaymentIntent (API response or webhook payload) into the MyStay shape."""
    data = _plain(data) or {}
    currency = (data.get("currency") or "").upper()
    latest_charge = data.get("latest_charge")
    capture_before = None
    if isinstance(latest_charge, dict):
        card = (latest_charge.get("payment_method_details") or {}).get("card") or {}
        if card.get("capture_before"):
            capture_before = dt.datetime.fromtimestamp(card["capture_before"], tz=dt.UTC)
    error = data.get("last_payment_error") or {}
    return PaymentIntent(
        id=data.get("id", ""),
        status=data.get("status", ""),
        amount=from_minor(data.get("amount"), currency),
        currency=currency,
        amount_capturable=from_minor(data.get("amount_capturable"), currency),
        amount_received=from_minor(data.get("amount_received"), currency),
        customer_id=_id_of(data.get("customer")),
        payment_method_id=_id_of(data.get("payment_method")),
        latest_charge_id=_id_of(latest_charge),
        client_secret=data.get("client_secret") or "",
        next_action=data.get("next_action"),
        capture_before=capture_before,
        cancellation_reason=data.get("cancellation_reason") or "",
        failure_code=error.get("decline_code") or error.get("code") or "",
        failure_message=error.get("message") or "",
        metadata=dict(data.get("metadata") or {}),
    )


def refund_from_stripe(data) -> Refund:
    data = _plain(data) or {}
    currency = (data.get("currency") or "").upper()
    return Refund(
        id=data.get("id", ""),
        status=data.get("status", ""),
        amount=from_minor(data.get("amount"), currency),
        currency=currency,
        payment_intent_id=_id_of(data.get("payment_intent")),
        charge_id=_id_of(data.get("charge")),
        reason=data.get("reason") or "",
        failure_reason=data.get("failure_reason") or "",
        metadata=dict(data.get("metadata") or {}),
    )


def card_from_stripe(data) -> Card:
    data = _plain(data) or {}
    card = data.get("card") or {}
    return Card(
        id=data.get("id", ""),
        brand=card.get("brand", ""),
        last4=card.get("last4", ""),
        exp_month=int(card.get("exp_month") or 0),
        exp_year=int(card.get("exp_year") or 0),
    )


def _metadata(metadata: dict | None) -> dict:
    return {str(k): str(v) for k, v in (metadata or {}).items() if v not in (None, "")}


class StripePayments:
    name = "stripe"
    label = "Stripe"
    config_fields = (
        ConfigField(
            "secret_key",
            required=True,
            secret=True,
            env="STRIPE_SECRET_KEY",
            help="sk_live_… or sk_test_… (or a restricted rk_… key)",
            pattern=r"(sk|rk)_(live|test)_[0-9A-Za-z_]{4,}",
            pattern_help="a Stripe secret key (sk_live_…, sk_test_…, rk_…)",
        ),
        ConfigField(
            "publishable_key",
            required=True,
            env="STRIPE_PUBLISHABLE_KEY",
            help="pk_… handed to the guest app.",
            pattern=r"pk_(live|test)_[0-9A-Za-z_]{4,}",
            pattern_help="a Stripe publishable key (pk_live_… or pk_test_…)",
        ),
        ConfigField(
            "webhook_secret",
            secret=True,
            env="STRIPE_WEBHOOK_SECRET",
            help="whsec_… of the webhook endpoint /api/v1/webhooks/stripe?hotel=CODE",
            pattern=r"whsec_[0-9A-Za-z_+/=-]{4,}",
            pattern_help="a Stripe webhook signing secret (whsec_…)",
        ),
        ConfigField(
            "api_base",
            type="url",
            env="STRIPE_API_BASE",
            help="Stripe-compatible API base (stripe-mock, a local fake); blank for Stripe itself.",
        ),
        ConfigField(
            "reauthorize_expiring_holds",
            type="bool",
            default=False,
            help="Place a fresh hold (and release the old one) when a hold nears Stripe's 7-day expiry.",
        ),
        max_tip_field(),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.publishable_key = config.get("publishable_key", "")
        self.webhook_secret = config.get("webhook_secret", "")
        self.reauthorize_expiring_holds = bool(config.get("reauthorize_expiring_holds", False))
        self.max_tip = config.get("max_tip")
        options = {}
        if config.get("api_base"):
            options["base_addresses"] = {"api": config["api_base"]}
        self.client = stripe.StripeClient(
            config["secret_key"],
            max_network_retries=0,
            http_client=stripe.RequestsClient(
                timeout=(settings.INTEGRATION_CONNECT_TIMEOUT, settings.INTEGRATION_READ_TIMEOUT)
            ),
            **options,
        )

    def __repr__(self):  # never the key
        return f"<StripePayments hotel={getattr(self.hotel, 'code', '?')}>"

    # -- plumbing -----------------------------------------------------------------------------------
    def _call(self, operation: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe.CardError as exc:
            error = exc.error
            decline_code = (getattr(error, "decline_code", None) or "") if error else ""
            pi = getattr(error, "payment_intent", None) if error else None
            logger.info("Stripe declined %s (code=%s decline_code=%s)", operation, exc.code, decline_code)
            raise PaymentDeclined(
                DECLINE_MESSAGES.get(decline_code) or DECLINE_MESSAGES.get(exc.code or "") or GENERIC_DECLINE,
                decline_code=decline_code or (exc.code or ""),
                payment_intent_id=_id_of(_plain(pi)),
                provider_code=exc.code or "card_declined",
            ) from None
        except (stripe.AuthenticationError, stripe.PermissionError):
            logger.warning("Stripe refused the credentials of hotel %s during %s", self.hotel.code, operation)
            raise ProviderAuthFailed(capability="payment", provider=self.name) from None
        except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
            logger.warning(
                "Stripe %s did not complete (%s); safe to retry with the same key", operation, type(exc).__name__
            )
            raise PaymentOutcomeUnknown(provider=self.name) from None
        except stripe.APIError as exc:  # Stripe 5xx: the request may have been applied
            logger.warning("Stripe %s failed with %s (request %s)", operation, exc.http_status, exc.request_id)
            raise PaymentOutcomeUnknown(provider=self.name) from None
        except stripe.StripeError as exc:  # invalid request, idempotency error, ...
            status = getattr(exc, "http_status", None)
            if status is not None and status >= 500:
                raise PaymentOutcomeUnknown(provider=self.name) from None
            logger.warning("Stripe refused %s: %s (%s)", operation, exc.code, type(exc).__name__)
            raise PaymentRefused(
                exc.user_message or "The payment provider refused the request.",
                provider=self.name,
                provider_code=exc.code or type(exc).__name__,
            ) from None

    @staticmethod
    def _options(idempotency_key):
        return {"idempotency_key": idempotency_key} if idempotency_key else None

    # -- holds ----------------------------------------------------------------------------------------
    def create_authorization_hold(
        self,
        amount: Decimal,
        currency: str,
        customer_id: str,
        description: str,
        *,
        payment_method_id=None,
        metadata=None,
        off_session=False,
        idempotency_key=None,
    ) -> PaymentIntent:
        params = {
            "amount": to_minor(amount, currency),
            "currency": currency.lower(),
            "capture_method": "manual",
            "customer": customer_id,
            "confirm": True,
            "payment_method_types": ["card"],
            "description": description,
            "metadata": _metadata(metadata),
            "expand": ["latest_charge"],
        }
        if payment_method_id:
            params["payment_method"] = payment_method_id
        if off_session:
            params["off_session"] = True
        intent = self._call(
            "create_authorization_hold",
            self.client.v1.payment_intents.create,
            params=params,
            options=self._options(idempotency_key),
        )
        return payment_intent_from_stripe(intent)

    def capture_hold(self, hold_id: str, amount=None, *, currency=None, idempotency_key=None) -> PaymentIntent:
        params: dict = {"expand": ["latest_charge"]}
        if amount is not None:
            if not currency:
                raise ValueError("capture_hold needs the currency when an amount is given")
            params["amount_to_capture"] = to_minor(amount, currency)
        intent = self._call(
            "capture_hold",
            self.client.v1.payment_intents.capture,
            hold_id,
            params=params,
            options=self._options(idempotency_key),
        )
        return payment_intent_from_stripe(intent)

    def cancel_hold(self, hold_id: str, *, idempotency_key=None) -> PaymentIntent:
        intent = self._call(
            "cancel_hold",
            self.client.v1.payment_intents.cancel,
            hold_id,
            params={"cancellation_reason": "requested_by_customer"},
            options=self._options(idempotency_key),
        )
        return payment_intent_from_stripe(intent)

    def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntent:
        intent = self._call(
            "retrieve_payment_intent",
            self.client.v1.payment_intents.retrieve,
            payment_intent_id,
            params={"expand": ["latest_charge"]},
        )
        return payment_intent_from_stripe(intent)

    # -- refunds and charges -------------------------------------------------------------------------
    def create_refund(
        self, payment_id: str, amount=None, reason=None, *, currency=None, metadata=None, idempotency_key=None
    ) -> Refund:
        params: dict = {"charge" if payment_id.startswith(("ch_", "py_")) else "payment_intent": payment_id}
        if amount is not None:
            if not currency:
                raise ValueError("create_refund needs the currency when an amount is given")
            params["amount"] = to_minor(amount, currency)
        if reason:
            params["reason"] = reason
        if metadata:
            params["metadata"] = _metadata(metadata)
        refund = self._call(
            "create_refund", self.client.v1.refunds.create, params=params, options=self._options(idempotency_key)
        )
        return refund_from_stripe(refund)

    def process_tip(
        self,
        amount: Decimal,
        currency: str,
        customer_id: str,
        staff_name: str,
        department: str,
        *,
        payment_method_id=None,
        metadata=None,
        idempotency_key=None,
    ) -> PaymentIntent:
        """A separate, automatically captured PaymentIntent on the saved card (PROVIDERS.md, tips pattern 2)."""
        who = staff_name or "the team"
        params = {
            "amount": to_minor(amount, currency),
            "currency": currency.lower(),
            "customer": customer_id,
            "confirm": True,
            "payment_method_types": ["card"],
            "description": f"Tip for {who}" + (f" ({department})" if department else ""),
            "metadata": _metadata(
                {"kind": "tip", "staff_name": staff_name, "department": department, **(metadata or {})}
            ),
        }
        if payment_method_id:
            params["payment_method"] = payment_method_id
        intent = self._call(
            "process_tip", self.client.v1.payment_intents.create, params=params, options=self._options(idempotency_key)
        )
        return payment_intent_from_stripe(intent)

    def charge_card(
        self, amount, currency, customer_id, description, *, payment_method_id=None, metadata=None, idempotency_key=None
    ) -> PaymentIntent:
        """An automatically captured, off-session PaymentIntent on the saved card (the guest is not
        in the app when a treatment or a late fee is charged)."""
        params = {
            "amount": to_minor(amount, currency),
            "currency": currency.lower(),
            "customer": customer_id,
            "confirm": True,
            "off_session": True,
            "payment_method_types": ["card"],
            "description": description[:200],
            "metadata": _metadata({"kind": "charge", **(metadata or {})}),
        }
        if payment_method_id:
            params["payment_method"] = payment_method_id
        intent = self._call(
            "charge_card", self.client.v1.payment_intents.create, params=params, options=self._options(idempotency_key)
        )
        return payment_intent_from_stripe(intent)

    # -- customers and cards -------------------------------------------------------------------------
    def create_customer(self, email, name, phone, metadata=None, *, idempotency_key=None) -> Customer:
        params = {"metadata": _metadata(metadata)}
        for key, value in (("email", email), ("name", name), ("phone", phone)):
            if value:
                params[key] = value
        customer = self._call(
            "create_customer", self.client.v1.customers.create, params=params, options=self._options(idempotency_key)
        )
        return Customer(
            id=customer.id, email=getattr(customer, "email", "") or "", name=getattr(customer, "name", "") or ""
        )

    def attach_payment_method(self, payment_method_id, customer_id, *, idempotency_key=None) -> Card:
        method = self._call(
            "attach_payment_method",
            self.client.v1.payment_methods.attach,
            payment_method_id,
            params={"customer": customer_id},
            options=self._options(idempotency_key),
        )
        return card_from_stripe(method)

    def list_payment_methods(self, customer_id) -> list[Card]:
        page = self._call(
            "list_payment_methods",
            self.client.v1.payment_methods.list,
            params={"customer": customer_id, "type": "card", "limit": 20},
        )
        return [card_from_stripe(item) for item in page.data]

    def create_setup_intent(self, customer_id, *, idempotency_key=None) -> SetupIntent:
        intent = self._call(
            "create_setup_intent",
            self.client.v1.setup_intents.create,
            params={"customer": customer_id, "payment_method_types": ["card"], "usage": "off_session"},
            options=self._options(idempotency_key),
        )
        return SetupIntent(
            id=intent.id, client_secret=intent.client_secret, status=intent.status, customer_id=customer_id
        )

    def health_check(self) -> bool:
        self._call("health_check", self.client.v1.balance.retrieve)
        return True
