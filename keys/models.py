"""Digital keys: one row per key issued for a stay, with its lifecycle.

pending (recorded, vendor asked) → active (the vendor issued it) → revoked | expired; `failed`
when the vendor refused. The row is written before the vendor call and completed after, with an
idempotency key derived from the row, so a retried issue never creates a second key.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class KeyStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACTIVE = "active", "Active"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    FAILED = "failed", "Failed"


LIVE_STATUSES = (KeyStatus.PENDING, KeyStatus.ACTIVE)


class DigitalKey(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hotel = models.ForeignKey("stays.Hotel", on_delete=models.PROTECT, related_name="digital_keys")
    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="digital_keys")
    room = models.ForeignKey("stays.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    room_number = models.CharField(max_length=12)
    provider = models.CharField(max_length=40)
    status = models.CharField(max_length=16, choices=KeyStatus.choices, default=KeyStatus.PENDING)
    vendor_key_id = models.CharField(max_length=255, blank=True, help_text="The vendor's id of the key/session.")
    vendor_reference = models.CharField(max_length=255, blank=True)
    invite_url = models.URLField(max_length=500, blank=True)
    delivery_channel = models.CharField(max_length=32, blank=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    idempotency_key = models.CharField(max_length=255, unique=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "digital key"
        constraints = [
            # Issuing is idempotent per stay and room: at most one live key for them at any time.
            models.UniqueConstraint(
                fields=["stay", "room_number"],
                condition=Q(status__in=["pending", "active"]),
                name="digitalkey_one_live_per_stay_room",
            ),
            models.CheckConstraint(condition=Q(status__in=KeyStatus.values), name="digitalkey_status_valid"),
            models.CheckConstraint(condition=Q(valid_until__gt=models.F("valid_from")), name="digitalkey_valid_range"),
        ]
        indexes = [
            models.Index(fields=["stay", "status"], name="digitalkey_stay_status_idx"),
            models.Index(fields=["status", "valid_until"], name="digitalkey_expiry_idx"),
        ]

    def __str__(self):
        return f"Key for room {self.room_number} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES
