"""Language-model spending per hotel day, and the daily budget past which the hotel is answered by
the offline concierge. The check is made before each call, so concurrent calls may overshoot the
budget by at most one answer each."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from .models import ModelUsage


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


def record_usage(hotel, *, provider: str, prompt_tokens: int | None, completion_tokens: int | None) -> None:
    """Add one call's tokens to the hotel's day (atomic increments; safe under concurrency)."""
    day = hotel.local_today()
    increments = {
        "requests": F("requests") + 1,
        "prompt_tokens": F("prompt_tokens") + int(prompt_tokens or 0),
        "completion_tokens": F("completion_tokens") + int(completion_tokens or 0),
    }
    if ModelUsage.objects.filter(hotel_id=hotel.pk, day=day, provider=provider).update(**increments):
        return
    try:
        with transaction.atomic():
            ModelUsage.objects.create(
                hotel_id=hotel.pk,
                day=day,
                provider=provider,
                requests=1,
                prompt_tokens=int(prompt_tokens or 0),
                completion_tokens=int(completion_tokens or 0),
            )
    except IntegrityError:  # another call created the day's row first
        ModelUsage.objects.filter(hotel_id=hotel.pk, day=day, provider=provider).update(**increments)
