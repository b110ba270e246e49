"""Read queries for the stays domain (joins chosen here so endpoints run in a fixed number of queries)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import Stay


def stays_with_relations() -> QuerySet[Stay]:
    return Stay.objects.select_related("hotel", "guest", "room")


def stay_for_guest(stay_id: int) -> Stay | None:
    # By primary key: no ORDER BY (`.first()` would add the model's ordering, a fifth of the cost of
    # compiling this four-table query, and the database would sort one row).
    return next(iter(stays_with_relations().filter(pk=stay_id).order_by()[:1]), None)


def stays_by_confirmation(confirmation: str, hotel_code: str | None = None) -> list[Stay]:
    qs = stays_with_relations().filter(confirmation_number=confirmation, hotel__is_active=True)
    if hotel_code:
        qs = qs.filter(hotel__code=hotel_code.strip().upper())
    return list(qs[:5])


def hotel_day(hotel, day: dt.date, kind: str) -> QuerySet[Stay]:
    """A hotel's arrivals, departures or in-house guests for one local date."""
    qs = stays_with_relations().filter(hotel=hotel).exclude(status__in=["cancelled", "no_show"])
    if kind == "arrivals":
        return qs.filter(arrival=day)
    if kind == "departures":
        return qs.filter(departure=day)
    if kind == "in_house":
        return qs.filter(Q(arrival__lte=day, departure__gt=day, status="checked_in"))
    raise ValueError(kind)


# The guest journey's reads live in their own module; these names are the contract other apps use.
from .selectors_journey import (  # noqa: E402,F401
    authorized_hold,
    checkin_blockers,
    checkin_overview,
    identity_state,
    journey_state,
    saved_card,
)
