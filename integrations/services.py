"""Use cases of the integrations app: configure a hotel's providers, test them, report their health."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from . import crypto
from .manager import HEALTH_KEYS, get_integration_manager
from .models import HotelIntegrations
from .registry import Capability, get_spec

logger = logging.getLogger("mystay.integrations")

HEALTH_CACHE_SECONDS = 30


def integrations_record(hotel) -> HotelIntegrations:
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    return record


@transaction.atomic
def configure_integration(*, hotel, capability: str, provider: str, config: dict | None) -> dict:
    """Choose a provider for one capability and store its validated config (secrets sealed).

    Raises integrations.registry.ConfigError (with per-field errors) or LookupError for an unknown
    provider. Returns the stored config with secrets masked, safe to print.
    """
    record = HotelIntegrations.objects.select_for_update().filter(hotel=hotel).first() or HotelIntegrations(hotel=hotel)
    record.set_provider(capability, provider, config)
    record.save()
    cache.delete(_health_cache_key(hotel))
    return masked_config(record, capability)


def masked_config(record: HotelIntegrations, capability) -> dict:
    name = record.provider_name(capability)
    secret_fields = set()
    if name and name != "none":
        try:
            secret_fields = get_spec(capability, name).secret_fields
        except LookupError:
            pass
    return {
        k: (crypto.mask(crypto.unseal(v)) if k in secret_fields or crypto.is_sealed(v) else v)
        for k, v in record.raw_config(capability).items()
    }


@dataclass(frozen=True)
class CheckResult:
    capability: str
    provider: str
    configured: bool
    ok: bool
    ms: float
    detail: str


def test_connection(*, hotel, capability) -> CheckResult:
    """Ask the provider whether it works (its health_check), time it, and keep the result."""
    capability = Capability(capability)
    manager = get_integration_manager(hotel)
    name, _ = manager.choice(capability)
    if not manager.is_configured(capability):
        return CheckResult(capability.value, name or "", False, False, 0.0, "not configured")
    started = time.monotonic()
    try:
        ok = bool(manager.get(capability).health_check())
        detail = "ok" if ok else "the provider reported a problem"
    except Exception as exc:  # any failure is a result to show, not a crash
        ok = False
        detail = getattr(exc, "detail", None) or exc.__class__.__name__
        logger.info("Test connection %s/%s for %s failed: %s", capability, name, hotel.code, exc.__class__.__name__)
    ms = (time.monotonic() - started) * 1000
    record = integrations_record(hotel)
    record.record_check(capability, ok=ok, ms=ms, detail=str(detail))
    return CheckResult(capability.value, name, True, ok, ms, str(detail))


def check_hotel(hotel) -> list[CheckResult]:
    return [test_connection(hotel=hotel, capability=c) for c in Capability]


def _health_cache_key(hotel) -> str:
    return f"integrations:health:{hotel.pk}"


def cached_health(hotel) -> dict:
    """The seed's health shape for one hotel, cached briefly so that probes do not hammer vendors."""
    key = _health_cache_key(hotel)
    result = cache.get(key)
    if result is None:
        result = get_integration_manager(hotel).health_check()
        cache.set(key, result, HEALTH_CACHE_SECONDS)
    return result


def configured_capabilities_down(hotel, health: dict) -> list[str]:
    manager = get_integration_manager(hotel)
    return [key for cap, key in HEALTH_KEYS.items() if manager.is_configured(cap) and not health.get(key)]
