"""Spa bookings, the per-hotel spa policy, and the webhook deliveries already applied.

A booking is written (`requested`) before the spa system is called and completed with its answer
(`confirmed`, or `failed` when the spa refused), so a lost answer never leaves a booking MyStay does
not know about: a `requested` row is reconciled with the spa later.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from .providers import base


class SpaSettings(models.Model):
    """A hotel's spa policy. Hotels without a row get the defaults (see `spa.selectors.spa_settings`)."""

    hotel = models.OneToOneField("stays.Hotel", on_delete=models.CASCADE, related_name="spa_settings")
    free_cancellation_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Guests cancel free of charge until this many hours before the treatment."
    )
    late_cancellation_fee_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Share of the price charged for a later cancellation or a no-show (staff may waive it).",
    )
    reminder_hours = models.PositiveSmallIntegerField(
        default=3, help_text="The guest is reminded this many hours before the treatment (0: no reminder)."
    )
    min_lead_minutes = models.PositiveSmallIntegerField(
        default=60, help_text="Guests book at least this many minutes ahead."
    )
    booking_horizon_days = models.PositiveSmallIntegerField(default=30, help_text="How far ahead guests may book.")
    charge_to = models.CharField(
        max_length=12,
        choices=[
            ("auto", "Room folio if the PMS takes postings, else the saved card"),
            ("room", "Room folio"),
            ("card", "Saved card"),
        ],
        default="auto",
    )

    class Meta:
        verbose_name = "spa settings"
        verbose_name_plural = "spa settings"
        constraints = [
            models.CheckConstraint(condition=Q(late_cancellation_fee_percent__lte=100), name="spa_fee_percent_lte_100")
        ]

    def __str__(self):
        return f"Spa settings of {self.hotel}"


class SpaBookingStatus(models.TextChoices):
    REQUESTED = base.REQUESTED, "Requested"  # written; the spa has not confirmed yet
    CONFIRMED = base.CONFIRMED, "Confirmed"
    COMPLETED = base.COMPLETED, "Completed"
    CANCELLED = base.CANCELLED, "Cancelled"
    NO_SHOW = base.NO_SHOW, "No-show"
    FAILED = "failed", "Failed"  # the spa refused it (the slot was taken there)


ACTIVE_STATUSES = (SpaBookingStatus.REQUESTED, SpaBookingStatus.CONFIRMED)


class PaymentMethod(models.TextChoices):
    ROOM = "room", "Room folio"
    CARD = "card", "Saved card"


class ChargeStatus(models.TextChoices):
    NONE = "none", "Nothing charged"
    PENDING = "pending", "Pending"  # written; the PMS or payment provider has not answered yet
    CHARGED = "charged", "Charged"
    FAILED = "failed", "Failed"
    WAIVED = "waived", "Waived"


class SpaBooking(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hotel = models.ForeignKey("stays.Hotel", on_delete=models.PROTECT, related_name="spa_bookings")
    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="spa_bookings")
    guest = models.ForeignKey("stays.Guest", on_delete=models.PROTECT, related_name="spa_bookings")
    provider = models.CharField(max_length=40)
    service_id = models.CharField(max_length=64)
    service_name = models.CharField(max_length=200)
    service_category = models.CharField(max_length=64, blank=True)
    duration_minutes = models.PositiveSmallIntegerField()
    practitioner_id = models.CharField(max_length=64)
    practitioner_name = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    price = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=SpaBookingStatus.choices, default=SpaBookingStatus.REQUESTED)
    vendor_reference = models.CharField(max_length=64, blank=True, help_text="The booking's id in the spa system.")
    vendor_error = models.CharField(max_length=300, blank=True, help_text="Why the spa's answer is missing or failed.")
    notes = models.CharField(max_length=500, blank=True)

    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices, default=PaymentMethod.ROOM)
    charge_status = models.CharField(max_length=10, choices=ChargeStatus.choices, default=ChargeStatus.NONE)
    charge_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    charge_reference = models.CharField(max_length=100, blank=True, help_text="Folio posting or payment id.")
    charge_error = models.CharField(max_length=300, blank=True)

    cancellation_fee = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    fee_waived = models.BooleanField(default=False)
    cancel_reason = models.CharField(max_length=200, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The guest's Idempotency-Key and a digest of the request it came with.
    client_key = models.CharField(max_length=255, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member who booked for the guest (empty: the guest).",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "practitioner_name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="spa_booking_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=SpaBookingStatus.values), name="spa_booking_status_valid"),
            models.CheckConstraint(
                condition=Q(price__gte=0) & Q(cancellation_fee__gte=0), name="spa_booking_money_gte_0"
            ),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="spa_booking_currency_iso"),
            models.UniqueConstraint(
                fields=["stay", "client_key"], condition=~Q(client_key=""), name="spa_booking_client_key_per_stay"
            ),
            models.UniqueConstraint(
                fields=["hotel", "provider", "vendor_reference"],
                condition=~Q(vendor_reference=""),
                name="spa_booking_vendor_reference_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["hotel", "starts_at"], name="spa_booking_hotel_day_idx"),
            models.Index(fields=["status", "starts_at"], name="spa_booking_status_start_idx"),
        ]

    def __str__(self):
        return (
            f"{self.service_name} with {self.practitioner_name or self.practitioner_id} ({self.get_status_display()})"
        )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class SpaWebhookEvent(models.Model):
    """A spa system's webhook delivery, kept so a replayed message is recognised and applied once."""

    provider = models.CharField(max_length=40)
    message_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=80)
    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(SpaBooking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "message_id"], name="spa_webhook_message_unique"),
        ]

    def __str__(self):
        return f"{self.provider} {self.event_type} {self.message_id}"
