"""Per-hotel IntegrationManager: hands out the hotel's configured providers (the seed's API, in Python).

    manager = get_integration_manager(hotel)
    pms = manager.get_pms()

Which provider a hotel uses and its config come from the hotel's integrations record when it has
one, otherwise from the environment defaults (PMS_PROVIDER, ...). Built providers are cached per
process and rebuilt when the configuration changes (the cache key includes its fingerprint).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading

from django.conf import settings
from django.utils import timezone

from .exceptions import ProviderUnavailable
from .registry import Capability, ConfigError, get_spec

logger = logging.getLogger("mystay.integrations")

# Settings that name each capability's default provider.
ENV_PROVIDER_SETTING = {
    Capability.PMS: "PMS_PROVIDER",
    Capability.PAYMENT: "PAYMENT_PROVIDER",
    Capability.DIGITAL_KEY: "DIGITAL_KEY_PROVIDER",
    Capability.SPA: "SPA_PROVIDER",
    Capability.OCR: "OCR_PROVIDER",
    Capability.CONCIERGE: "CONCIERGE_PROVIDER",
    Capability.EMAIL: "EMAIL_PROVIDER",
    Capability.SMS: "SMS_PROVIDER",
    Capability.PUSH: "PUSH_PROVIDER",
}
HEALTH_KEYS = {
    Capability.PMS: "pms",
    Capability.PAYMENT: "payment",
    Capability.DIGITAL_KEY: "digital_key",
    Capability.SPA: "spa",
    Capability.OCR: "ocr",
    Capability.CONCIERGE: "ai_concierge",
}


class ProviderNotConfigured(ProviderUnavailable):
    default_detail = "This hotel has no provider configured for this service."


def env_default_choice(capability: Capability) -> tuple[str, dict]:
    """The provider name and config a hotel gets when it has not chosen (from settings/.env)."""
    name = getattr(settings, ENV_PROVIDER_SETTING[capability], "") or ""
    if not name:
        return "", {}
    try:
        spec = get_spec(capability, name)
    except LookupError:
        # A default naming a provider this installation does not have counts as "not configured".
        logger.debug("Environment default %s provider %r is not installed", capability, name)
        return "", {}
    config = {f.name: getattr(settings, f.env) for f in spec.config_fields if f.env and getattr(settings, f.env, "")}
    return name, config


class IntegrationManager:
    def __init__(self, hotel):
        self.hotel = hotel
        self._providers: dict[tuple[Capability, str], object] = {}
        self._lock = threading.Lock()
        self._record = None
        self._record_version = None

    # -- configuration -------------------------------------------------------------------------
    def record(self):
        """The hotel's integrations record, reloaded only when its version (kept in the cache) moved."""
        from django.core.cache import cache

        from .models import HotelIntegrations, _version_key

        try:
            version = cache.get(_version_key(self.hotel.pk))
            cache_ok = True
        except Exception:  # a cache outage: read the record from the database every time
            logger.warning("Integrations version of hotel %s not read (cache unavailable)", self.hotel.code)
            version, cache_ok = None, False
        if not cache_ok or self._record_version is None or version != self._record_version:
            self._record = HotelIntegrations.objects.filter(hotel_id=self.hotel.pk).first()
            self._record_version = self._record.version if self._record else 0
            if cache_ok and version != self._record_version:
                try:
                    cache.set(_version_key(self.hotel.pk), self._record_version, timeout=None)
                except Exception:
                    logger.warning("Integrations version of hotel %s not cached (cache unavailable)", self.hotel.code)
        return self._record

    def choice(self, capability: Capability) -> tuple[str, dict]:
        """(provider name, decrypted config) for this hotel and capability."""
        record = self.record()
        chosen = record.choice(capability) if record is not None else None
        if chosen is not None:
            return chosen
        return env_default_choice(capability)

    def get(self, capability: Capability | str):
        capability = Capability(capability)
        name, config = self.choice(capability)
        if not name or name == "none":
            raise ProviderNotConfigured(capability=capability.value, provider=name or "")
        fingerprint = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()
        key = (capability, f"{name}:{fingerprint}")
        with self._lock:
            provider = self._providers.get(key)
            if provider is None:
                try:
                    spec = get_spec(capability, name)
                    cleaned = spec.validate(config)
                except (LookupError, ConfigError) as exc:
                    logger.warning("Hotel %s has an invalid %s configuration: %s", self.hotel.code, capability, exc)
                    raise ProviderNotConfigured(
                        f"The {capability.value} integration of this hotel is misconfigured.",
                        capability=capability.value,
                        provider=name,
                    ) from None
                # Drop older builds of the same capability: the config changed.
                for old in [k for k in self._providers if k[0] == capability]:
                    del self._providers[old]
                provider = spec.cls(hotel=self.hotel, config=cleaned)
                self._providers[key] = provider
        return provider

    def is_configured(self, capability: Capability | str) -> bool:
        name, _ = self.choice(Capability(capability))
        return bool(name) and name != "none"

    # -- the seed's accessors ------------------------------------------------------------------
    def get_pms(self):
        return self.get(Capability.PMS)

    def get_payment(self):
        return self.get(Capability.PAYMENT)

    def get_digital_key(self):
        return self.get(Capability.DIGITAL_KEY)

    def get_spa(self):
        return self.get(Capability.SPA)

    def get_ocr(self):
        return self.get(Capability.OCR)

    def get_ai_concierge(self):
        return self.get(Capability.CONCIERGE)

    def health_check(self) -> dict:
        """`{"pms": bool, "payment": bool, ..., "timestamp": iso}`; unconfigured capabilities are False."""
        result: dict = {}
        for capability, key in HEALTH_KEYS.items():
            result[key] = self._check(capability)
        result["timestamp"] = timezone.now().isoformat()
        return result

    def _check(self, capability: Capability) -> bool:
        if not self.is_configured(capability):
            return False
        try:
            return bool(self.get(capability).health_check())
        except Exception as exc:  # a health check never raises: it answers False and logs why
            logger.warning("Health check of %s for hotel %s failed: %s", capability, self.hotel.code, exc)
            return False


_managers: dict[int, IntegrationManager] = {}
_managers_lock = threading.Lock()


def get_integration_manager(hotel) -> IntegrationManager:
    """The hotel's manager (one per hotel per process; providers inside are cached)."""
    with _managers_lock:
        manager = _managers.get(hotel.pk)
        if manager is None:
            manager = IntegrationManager(hotel)
            _managers[hotel.pk] = manager
        else:
            manager.hotel = hotel
        return manager


def reset_managers():
    with _managers_lock:
        _managers.clear()
