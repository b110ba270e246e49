"""The payment ledger: every hold, capture, charge, tip and refund is a row, written before the call
to the provider and completed with its outcome.

- A *payment* row (`hold`, `charge`, `tip`) mirrors one PaymentIntent: `amount_authorized`,
  `amount_captured` and `amount_refunded` follow it (from API answers and webhooks).
- An *operation* row (`capture`, `refund`) records one request against a payment (`parent`), with
  the amount asked for in `amount`.
- `idempotency_key` is derived from the row and sent with the provider call; retrying the same row
  re-sends the same key, so the provider applies it once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .money import format_money


class PaymentKind(models.TextChoices):
    HOLD = "hold", "Authorization hold"
    CAPTURE = "capture", "Capture"
    CHARGE = "charge", "Charge"
    TIP = "tip", "Tip"
    REFUND = "refund", "Refund"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # written; the provider's answer is not known yet
    REQUIRES_ACTION = "requires_action", "Requires action"  # 3-D Secure to finish in the guest app
    AUTHORIZED = "authorized", "Authorized"  # hold in place (requires_capture)
    CAPTURED = "captured", "Captured"  # hold captured (fully or partly)
    RELEASED = "released", "Released"  # hold cancelled by us
    EXPIRED = "expired", "Expired"  # hold lapsed at the provider
    SUCCEEDED = "succeeded", "Succeeded"  # charge/tip paid, capture or refund done
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"  # refund canceled


PAYMENT_KINDS = (PaymentKind.HOLD, PaymentKind.CHARGE, PaymentKind.TIP)
FINAL_STATUSES = (
    PaymentStatus.CAPTURED,
    PaymentStatus.RELEASED,
    PaymentStatus.EXPIRED,
    PaymentStatus.SUCCEEDED,
    PaymentStatus.FAILED,
    PaymentStatus.CANCELED,
)


class Payment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hotel = models.ForeignKey("stays.Hotel", on_delete=models.PROTECT, related_name="payments")
    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="payments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
        help_text="The payment a capture or refund applies to; the hold a re-authorization replaces.",
    )
    kind = models.CharField(max_length=16, choices=PaymentKind.choices)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    provider = models.CharField(max_length=40)
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="Amount asked for by this row.")
    amount_authorized = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    amount_captured = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    amount_refunded = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    description = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="staff_name, department, reason, ...")

    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_payment_method_id = models.CharField(max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    # The guest's own Idempotency-Key (tips) and a digest of the request it came with.
    client_key = models.CharField(max_length=255, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)

    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    attention = models.CharField(max_length=300, blank=True, help_text="Why staff should look at this payment.")
    attention_at = models.DateTimeField(null=True, blank=True)
    disputed = models.BooleanField(default=False)

    authorized_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When the provider lets the hold lapse.")
    completed_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True, help_text="Creation time of the last event applied.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & Q(amount_authorized__gte=0)
                & Q(amount_captured__gte=0)
                & Q(amount_refunded__gte=0),
                name="payment_amounts_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_captured__lte=F("amount_authorized")), name="payment_captured_lte_authorized"
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=F("amount_captured")), name="payment_refunded_lte_captured"
            ),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="payment_currency_iso"),
            models.CheckConstraint(condition=Q(kind__in=PaymentKind.values), name="payment_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="payment_status_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=[PaymentKind.CAPTURE, PaymentKind.REFUND], parent__isnull=False)
                | Q(kind__in=PAYMENT_KINDS),
                name="payment_operation_has_parent",
            ),
            models.UniqueConstraint(
                fields=["stripe_payment_intent_id"],
                condition=~Q(stripe_payment_intent_id="") & Q(kind__in=PAYMENT_KINDS),
                name="payment_intent_unique",
            ),
            models.UniqueConstraint(
                fields=["stripe_refund_id"], condition=~Q(stripe_refund_id=""), name="payment_refund_unique"
            ),
            models.UniqueConstraint(
                fields=["stay", "client_key"], condition=~Q(client_key=""), name="payment_client_key_unique_per_stay"
            ),
        ]
        indexes = [
            models.Index(fields=["hotel", "status", "kind"], name="payment_hotel_status_idx"),
            models.Index(fields=["stay", "kind"], name="payment_stay_kind_idx"),
            models.Index(fields=["status", "expires_at"], name="payment_expiry_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.amount, self.currency)} ({self.get_status_display()})"

    @property
    def is_payment(self) -> bool:
        return self.kind in PAYMENT_KINDS

    @property
    def capturable(self):
        return self.amount_authorized - self.amount_captured if self.status == PaymentStatus.AUTHORIZED else 0


class Customer(models.Model):
    """A guest's customer record at the payment provider, per hotel (each hotel has its own account)."""

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="payment_customers")
    guest = models.ForeignKey("stays.Guest", on_delete=models.CASCADE, related_name="payment_customers")
    provider = models.CharField(max_length=40)
    stripe_customer_id = models.CharField(max_length=255, blank=True, help_text="Blank until created.")
    idempotency_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hotel", "guest", "provider"], name="payment_customer_unique_per_guest"),
        ]

    def __str__(self):
        return self.stripe_customer_id or f"customer of guest {self.guest_id} (pending)"


class WebhookEvent(models.Model):
    """A verified provider event, stored once (unique event id) and applied once."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Applied"
        IGNORED = "ignored", "Ignored"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    hotel = models.ForeignKey("stays.Hotel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(help_text="When the provider created the event.")
    payload = models.JSONField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"
