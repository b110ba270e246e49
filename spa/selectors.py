"""Reads of the spa: the hotel's provider and policy, the (briefly cached) menu and availability,
a stay's bookings and the spa's day board."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from integrations.manager import get_integration_manager
from integrations.registry import Capability

from .exceptions import SpaNotAvailable, UnknownService
from .models import ACTIVE_STATUSES, SpaBooking, SpaSettings
from .providers.base import Practitioner, Slot, SpaService

logger = logging.getLogger("mystay.spa")


def spa_settings(hotel) -> SpaSettings:
    """The hotel's spa policy (defaults, unsaved, when it has none)."""
    found = SpaSettings.objects.filter(hotel_id=hotel.pk).first()
    return found or SpaSettings(hotel=hotel)


def get_spa(hotel):
    """The hotel's spa provider; SpaNotAvailable (`spa_not_available`) when it has none."""
    manager = get_integration_manager(hotel)
    if not manager.is_configured(Capability.SPA):
        raise SpaNotAvailable()
    # Chosen but misconfigured answers spa_unavailable (503): that is not "no spa".
    return manager.get_spa()


# -- briefly cached reads --------------------------------------------------------------------------
def _scope(hotel, provider) -> str:
    """Cache scope: the hotel, the provider and its configuration (a new config is a new menu)."""
    record = get_integration_manager(hotel).record()
    version = record.version if record is not None else 0
    return hashlib.sha256(f"{hotel.pk}|{provider.name}|{version}".encode()).hexdigest()[:16]


def _cached(key: str, ttl: int, compute):
    try:
        value = cache.get(key)
    except Exception:  # a cache outage costs a call to the spa, not the page
        logger.warning("spa cache unavailable")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=ttl)
        except Exception:
            logger.warning("spa cache unavailable")
    return value


def _generation_key(hotel_id) -> str:
    return f"spa:availability-generation:{hotel_id}"


def availability_generation(hotel_id) -> int:
    try:
        return int(cache.get(_generation_key(hotel_id)) or 0)
    except Exception:
        return 0


def forget_availability(hotel_id) -> None:
    """A booking changed: the hotel's cached availability is stale (a new generation makes new keys)."""
    try:
        try:
            cache.incr(_generation_key(hotel_id))
        except ValueError:
            cache.set(_generation_key(hotel_id), 1, timeout=None)
    except Exception:
        logger.warning("spa availability cache not invalidated (cache unavailable)")


def catalogue(hotel, provider=None) -> list[SpaService]:
    provider = provider or get_spa(hotel)
    key = f"spa:services:{_scope(hotel, provider)}"
    return _cached(key, settings.SPA_CATALOG_CACHE_SECONDS, provider.list_services)


def service(hotel, service_id: str, provider=None) -> SpaService:
    found = next((s for s in catalogue(hotel, provider) if s.id == service_id), None)
    if found is None:
        raise UnknownService()
    return found


def practitioners(hotel, service_id: str | None = None, provider=None) -> list[Practitioner]:
    provider = provider or get_spa(hotel)
    key = f"spa:practitioners:{_scope(hotel, provider)}:{service_id or '*'}"
    return _cached(key, settings.SPA_CATALOG_CACHE_SECONDS, lambda: provider.list_practitioners(service_id))


def availability(hotel, service_id: str, day: dt.date, practitioner_id: str | None = None, provider=None) -> list[Slot]:
    """Free slots of one hotel-local day, cached briefly and dropped as soon as a booking changes."""
    provider = provider or get_spa(hotel)
    service(hotel, service_id, provider)  # unknown treatments answer unknown_service, not an empty day
    generation = availability_generation(hotel.pk)
    key = f"spa:slots:{_scope(hotel, provider)}:{generation}:{service_id}:{day.isoformat()}:{practitioner_id or '*'}"
    slots = _cached(
        key,
        settings.SPA_AVAILABILITY_CACHE_SECONDS,
        lambda: provider.get_availability(service_id, day, day, practitioner_id),
    )
    # Only what a guest may still book: the hotel's lead time and horizon (the cached day is shared).
    policy = spa_settings(hotel)
    now = timezone.now()
    earliest = now + dt.timedelta(minutes=policy.min_lead_minutes)
    latest = now + dt.timedelta(days=policy.booking_horizon_days)
    return [s for s in slots if earliest <= s.start <= latest]


# -- bookings --------------------------------------------------------------------------------------
def bookings_for_stay(stay):
    """The guest's bookings (attempts the spa refused are on record for staff, not listed)."""
    return SpaBooking.objects.filter(stay_id=stay.pk).exclude(status="failed").order_by("starts_at", "pk")


def booking_for_stay(stay, public_id) -> SpaBooking | None:
    return SpaBooking.objects.filter(stay_id=stay.pk, public_id=public_id).select_related("hotel", "stay").first()


def day_board(hotel, day: dt.date):
    """The hotel's bookings of one local day, by therapist then time (the spa desk's view)."""
    tz = hotel.tzinfo
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return (
        SpaBooking.objects.filter(hotel_id=hotel.pk, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
        .select_related("guest", "stay", "stay__room")
        .order_by("practitioner_name", "starts_at", "pk")
    )


def active_overlapping(hotel_id, practitioner_id: str, start: dt.datetime, end: dt.datetime, *, exclude_pk=None):
    rows = SpaBooking.objects.filter(
        hotel_id=hotel_id,
        practitioner_id=practitioner_id,
        status__in=ACTIVE_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows
