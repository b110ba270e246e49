"""Small parsing helpers shared by the PMS connectors (vendor JSON -> normalized values)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from integrations.exceptions import ProviderBadResponse


def bad_response(provider: str, message: str | None = None) -> ProviderBadResponse:
    return ProviderBadResponse(message, capability="pms", provider=provider)


def parse_date(value, *, provider: str) -> dt.date:
    """An ISO date (or the date part of an ISO datetime); ProviderBadResponse otherwise."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        raise bad_response(provider) from None


def parse_money(value, *, provider: str, default: Decimal | None = None) -> Decimal:
    """A Decimal from a vendor amount (number or string); never a float."""
    if value is None or value == "":
        if default is not None:
            return default
        raise bad_response(provider)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise bad_response(provider) from None


def as_int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
