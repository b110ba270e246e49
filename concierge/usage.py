"""Language-model spending per hotel day, and the daily budget past which the hotel is answered by
the offline concierge.

A call holds a share of the budget while it runs: `reserve_tokens` adds an estimate of the call's
tokens to the day's row in ONE conditional UPDATE (`… SET reserved = reserved + n WHERE spent +
reserved < budget`), so concurrent guests cannot all read "under budget" and all call the model
(PostgreSQL re-checks the WHERE clause on a row another transaction just updated). When the call
ends the reservation is released and the tokens the model really used are recorded."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.lookups import LessThan

from .models import ModelUsage

# Tokens held for a call when the hotel's day has no calls to average yet (a prompt with the hotel's
# facts and history plus a structured answer is of this order).
DEFAULT_CALL_ESTIMATE = 1000


def daily_budget(hotel) -> int | None:
    """Tokens per hotel day (None: unlimited). The hotel's setting, else OPENAI_DAILY_TOKEN_BUDGET."""
    from .selectors import concierge_settings

    own = concierge_settings(hotel).daily_token_budget
    if own is not None:
        return own
    default = getattr(settings, "OPENAI_DAILY_TOKEN_BUDGET", None)
    return None if default in (None, "") or int(default) < 0 else int(default)


def tokens_used_today(hotel) -> int:
    used = ModelUsage.objects.filter(hotel_id=hotel.pk, day=hotel.local_today()).aggregate(
        total=Sum(F("prompt_tokens") + F("completion_tokens"))
    )["total"]
    return int(used or 0)


def budget_exhausted(hotel) -> bool:
    budget = daily_budget(hotel)
    return budget is not None and tokens_used_today(hotel) >= budget


def _day_row(hotel_id, day, provider: str):
    """The day's usage row of a provider, created once (a concurrent creation is not an error)."""
    rows = ModelUsage.objects.filter(hotel_id=hotel_id, day=day, provider=provider)
    if not rows.exists():
        try:
            with transaction.atomic():
                ModelUsage.objects.create(hotel_id=hotel_id, day=day, provider=provider)
        except IntegrityError:  # another call created it first
            pass
    return rows


@dataclass(frozen=True)
class Reservation:
    hotel_id: int
    day: object
    provider: str
    tokens: int

    def release(self) -> None:
        if self.tokens:
            ModelUsage.objects.filter(hotel_id=self.hotel_id, day=self.day, provider=self.provider).update(
                reserved_tokens=F("reserved_tokens") - self.tokens
            )


def call_estimate(hotel, day) -> int:
    """Tokens to hold for one call: the day's average so far, else DEFAULT_CALL_ESTIMATE."""
    totals = ModelUsage.objects.filter(hotel_id=hotel.pk, day=day).aggregate(
        tokens=Sum(F("prompt_tokens") + F("completion_tokens")), requests=Sum("requests")
    )
    if totals["requests"]:
        return max(1, int(totals["tokens"] or 0) // totals["requests"])
    return int(getattr(settings, "OPENAI_CALL_TOKEN_ESTIMATE", DEFAULT_CALL_ESTIMATE) or DEFAULT_CALL_ESTIMATE)


def reserve_tokens(hotel, provider: str) -> Reservation | None:
    """Hold a share of the hotel's daily budget for one model call, or None when the budget is spent
    (what is used and what running calls hold counts). Atomic: see the module's docstring."""
    day = hotel.local_today()
    budget = daily_budget(hotel)
    if budget is None:
        return Reservation(hotel.pk, day, provider, 0)
    estimate = call_estimate(hotel, day)
    others = (
        ModelUsage.objects.filter(hotel_id=hotel.pk, day=day)
        .exclude(provider=provider)
        .aggregate(total=Sum(F("prompt_tokens") + F("completion_tokens") + F("reserved_tokens")))["total"]
    )
    spent = F("prompt_tokens") + F("completion_tokens") + F("reserved_tokens")
    held = (
        _day_row(hotel.pk, day, provider)
        .filter(LessThan(spent, budget - int(others or 0)))
        .update(reserved_tokens=F("reserved_tokens") + estimate)
    )
    return Reservation(hotel.pk, day, provider, estimate) if held else None


def record_usage(hotel, *, provider: str, prompt_tokens: int | None, completion_tokens: int | None) -> None:
    """Add one call's tokens to the hotel's day (atomic increments; safe under concurrency)."""
    _day_row(hotel.pk, hotel.local_today(), provider).update(
        requests=F("requests") + 1,
        prompt_tokens=F("prompt_tokens") + int(prompt_tokens or 0),
        completion_tokens=F("completion_tokens") + int(completion_tokens or 0),
    )
