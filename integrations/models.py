"""Per-hotel integration choices: for each capability a provider name and a JSON config.

Secret config values (those the provider declares `secret=True`) are stored sealed
(`{"__enc__": "<fernet token>"}`) and only unsealed when the provider is built.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.utils import timezone

from . import crypto
from .registry import Capability, ConfigError, get_spec

CAPABILITY_FIELDS = [c.value for c in Capability]


def _version_key(hotel_id) -> str:
    return f"integrations:version:{hotel_id}"


class HotelIntegrations(models.Model):
    hotel = models.OneToOneField("stays.Hotel", on_delete=models.CASCADE, related_name="integrations")
    pms_provider = models.CharField(max_length=40, blank=True, help_text="Blank: environment default.")
    pms_config = models.JSONField(default=dict, blank=True)
    payment_provider = models.CharField(max_length=40, blank=True)
    payment_config = models.JSONField(default=dict, blank=True)
    digital_key_provider = models.CharField(max_length=40, blank=True)
    digital_key_config = models.JSONField(default=dict, blank=True)
    spa_provider = models.CharField(max_length=40, blank=True)
    spa_config = models.JSONField(default=dict, blank=True)
    ocr_provider = models.CharField(max_length=40, blank=True)
    ocr_config = models.JSONField(default=dict, blank=True)
    concierge_provider = models.CharField(max_length=40, blank=True)
    concierge_config = models.JSONField(default=dict, blank=True)
    email_provider = models.CharField(max_length=40, blank=True)
    email_config = models.JSONField(default=dict, blank=True)
    sms_provider = models.CharField(max_length=40, blank=True)
    sms_config = models.JSONField(default=dict, blank=True)
    push_provider = models.CharField(max_length=40, blank=True)
    push_config = models.JSONField(default=dict, blank=True)
    # Last "test connection" / health result per capability: {"pms": {"ok", "checked_at", "ms", "detail"}}.
    last_checks = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change; providers are rebuilt.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hotel integrations"
        verbose_name_plural = "hotel integrations"

    def __str__(self):
        return f"Integrations of {self.hotel}"

    def save(self, *args, **kwargs):
        if self.pk:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)
        cache.set(_version_key(self.hotel_id), self.version, timeout=None)

    # -- reading ------------------------------------------------------------------------------
    def provider_name(self, capability) -> str:
        return getattr(self, f"{Capability(capability).value}_provider") or ""

    def raw_config(self, capability) -> dict:
        return dict(getattr(self, f"{Capability(capability).value}_config") or {})

    def choice(self, capability) -> tuple[str, dict] | None:
        """(provider, decrypted config) when the hotel chose a provider; None to use the env default."""
        name = self.provider_name(capability)
        if not name:
            return None
        return name, {k: crypto.unseal(v) for k, v in self.raw_config(capability).items()}

    def masked_config(self, capability) -> dict:
        return {
            k: (crypto.mask("x" * 12) if crypto.is_sealed(v) else v) for k, v in self.raw_config(capability).items()
        }

    # -- writing ------------------------------------------------------------------------------
    def set_provider(self, capability, provider: str, config: dict | None, *, keep_blank_secrets=True) -> dict:
        """Validate `config` against the provider's declared fields, seal its secrets, and store it.

        A secret left blank keeps the stored value (the admin's "leave blank to keep"), as long as
        the provider is unchanged. Returns the cleaned config (in clear; do not log it).
        """
        capability = Capability(capability)
        if not provider or provider in ("default", "none"):
            # "" = use the environment default; "none" = switched off for this hotel.
            setattr(self, f"{capability.value}_provider", "" if provider == "default" else provider)
            setattr(self, f"{capability.value}_config", {})
            return {}
        spec = get_spec(capability, provider)
        config = dict(config or {})
        stored = self.raw_config(capability) if self.provider_name(capability) == provider else {}
        if keep_blank_secrets:
            for name in spec.secret_fields:
                if config.get(name) in (None, "") and name in stored:
                    config[name] = crypto.unseal(stored[name])
        cleaned = spec.validate(config)
        sealed = {k: (crypto.sealed(v) if k in spec.secret_fields else v) for k, v in cleaned.items()}
        setattr(self, f"{capability.value}_provider", provider)
        setattr(self, f"{capability.value}_config", sealed)
        return cleaned

    def record_check(self, capability, *, ok: bool, ms: float, detail: str = "") -> None:
        checks = dict(self.last_checks or {})
        checks[Capability(capability).value] = {
            "ok": ok,
            "ms": round(ms, 1),
            "detail": detail[:300],
            "checked_at": timezone.now().isoformat(),
        }
        # Saved without bumping the version: a health result does not change the configuration.
        HotelIntegrations.objects.filter(pk=self.pk).update(last_checks=checks)
        self.last_checks = checks


class RealtimeEvent(models.Model):
    """One realtime event (stay updated, payment updated, ...). Its id is the SSE event id, so a client
    that reconnects with Last-Event-ID gets what it missed. Payloads carry ids and types only."""

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="+")
    stay = models.ForeignKey("stays.Stay", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    department = models.CharField(max_length=32, blank=True, help_text="Blank: every department.")
    type = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["hotel", "id"], name="rtevent_hotel_idx"),
            models.Index(fields=["stay", "id"], name="rtevent_stay_idx"),
        ]

    def __str__(self):
        return f"{self.type} #{self.pk}"


__all__ = ["HotelIntegrations", "RealtimeEvent", "ConfigError", "CAPABILITY_FIELDS"]

from .notifications.models import Notification  # noqa: E402,F401  (the outbox, in its own module)
