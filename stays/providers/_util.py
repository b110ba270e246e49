"""Small parsing helpers shared by the PMS connectors (vendor JSON -> normalized values)."""

from __future__ import annotations

import datetime as dt
import json
import time
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from django.conf import settings

from integrations.exceptions import ProviderBadResponse, ProviderTimeout

# Monotonic deadline of the interactive operation in progress (None: not interactive).
_deadline: ContextVar[float | None] = ContextVar("pms_interactive_deadline", default=None)


def bad_response(provider: str, message: str | None = None) -> ProviderBadResponse:
    return ProviderBadResponse(message, capability="pms", provider=provider)


def json_object(response, *, provider: str) -> dict:
    """A PMS response body as a JSON object (decimals kept exact); {} for an empty answer, and
    ProviderBadResponse for anything that is not a JSON object."""
    if response is None or response.status_code == 204 or not response.content:
        return {}
    try:
        body = json.loads(response.content, parse_float=Decimal)
    except ValueError:
        raise bad_response(provider) from None
    if not isinstance(body, dict):
        raise bad_response(provider)
    return body


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


@contextmanager
def interactive_budget(enabled: bool = True, seconds: float | None = None):
    """Within the block, every PMS call shares one budget (settings.PMS_LOOKUP_TIMEOUT_SECONDS) and
    none is retried: a guest is waiting. Nested blocks keep the outer (earlier) deadline."""
    if not enabled:
        yield
        return
    seconds = settings.PMS_LOOKUP_TIMEOUT_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + max(0.0, float(seconds))
    outer = _deadline.get()
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def call_options(client, provider: str) -> dict:
    """Per-call HttpClient options under an interactive budget: no retries, timeouts cut to what is
    left of the budget (ProviderTimeout when nothing is left). Empty outside a budget."""
    deadline = _deadline.get()
    if deadline is None:
        return {}
    remaining = deadline - time.monotonic()
    if remaining <= 0.05:
        raise ProviderTimeout(capability="pms", provider=provider)
    connect, read = client.timeout
    return {"retries": 0, "timeout": (min(connect, remaining), min(read, remaining))}
