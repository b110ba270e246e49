"""The notification outbox: one row per message to deliver, written in the transaction of the event.

A row moves pending -> sending -> sent, or -> failed (retried later with backoff) -> ... -> dead
after its last attempt. While a row is `sending`, `next_attempt_at` is the end of the worker's lease:
if the worker dies mid-delivery the row becomes due again once the lease has run out. `requeues` and
`requeue_at` space out the sweep's re-queues of a row no worker has picked up (see services.sweep).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "SMS"
        PUSH = "push", "Push"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will retry)"
        DEAD = "dead", "Dead (gave up)"

    ACTIVE_STATUSES = (Status.PENDING, Status.SENDING, Status.FAILED)

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="+")
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    recipient = models.CharField(max_length=320, help_text="E-mail address, phone number or device token.")
    template = models.CharField(max_length=64, help_text="Folder under templates/notifications/.")
    language = models.CharField(max_length=8, default="en")
    context = models.JSONField(default=dict, blank=True, help_text="Template values; ids and few personal data.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=8)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the row is due (while sending: when the worker's lease ends)."
    )
    requeues = models.PositiveSmallIntegerField(
        default=0, help_text="Times the sweep re-queued the row since a worker last claimed it."
    )
    requeue_at = models.DateTimeField(
        null=True, blank=True, help_text="The sweep does not re-queue the row again before this time."
    )
    last_error = models.CharField(max_length=500, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep and the claim: rows still to deliver, by due time.
            models.Index(
                fields=["next_attempt_at"],
                name="notif_due_idx",
                condition=Q(status__in=["pending", "sending", "failed"]),
            ),
            models.Index(fields=["hotel", "status", "created_at"], name="notif_hotel_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed", "dead"]), name="notif_status_valid"
            ),
            models.CheckConstraint(condition=Q(channel__in=["email", "sms", "push"]), name="notif_channel_valid"),
        ]

    def __str__(self):
        return f"{self.template} by {self.channel} #{self.pk} ({self.status})"
