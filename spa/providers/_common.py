"""Helpers the spa connectors share: hours config fields and parsing vendor times into the hotel's zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from integrations.exceptions import ProviderBadResponse
from integrations.registry import ConfigField

from ..scheduling import Hours

HOURS_FIELDS = (
    ConfigField("open_time", default="09:00", help="Opening time (HH:MM, hotel time)."),
    ConfigField("close_time", default="20:00", help="Closing time (HH:MM, hotel time)."),
    ConfigField("step_minutes", type="int", default=30, help="Minutes between possible start times."),
    ConfigField("buffer_minutes", type="int", default=15, help="Minutes a therapist needs between treatments."),
)


def hours_from_config(config: dict) -> Hours:
    return Hours(
        open=dt.time.fromisoformat(config.get("open_time") or "09:00"),
        close=dt.time.fromisoformat(config.get("close_time") or "20:00"),
        step_minutes=int(config.get("step_minutes") or 30),
        buffer_minutes=int(config.get("buffer_minutes") if config.get("buffer_minutes") is not None else 15),
    )


def bad_response(provider: str) -> ProviderBadResponse:
    return ProviderBadResponse(capability="spa", provider=provider)


def parse_datetime(value, *, tz, provider: str, naive_is_local: bool = True) -> dt.datetime:
    """A vendor timestamp as an aware datetime in the hotel's zone (naive values are site-local)."""
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise bad_response(provider) from None
    if parsed.tzinfo is None:
        if not naive_is_local:
            raise bad_response(provider)
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz)


def parse_price(value, *, provider: str) -> Decimal:
    try:
        price = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise bad_response(provider) from None
    if price < 0 or not price.is_finite():
        raise bad_response(provider)
    return price
