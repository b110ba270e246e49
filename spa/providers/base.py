"""The spa capability: its interface and the normalized shapes every spa provider returns.

Shapes follow PROVIDERS.md §6's neutral contract (services, staff, availability, appointments), in
snake_case. Money is `Decimal` + ISO currency. Slot times are aware datetimes in the hotel's time
zone; callers never see a vendor's JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from rest_framework import status

from mystay.api.errors import ApiError

# Normalized booking statuses (the local SpaBooking uses the same values).
REQUESTED, CONFIRMED, COMPLETED, CANCELLED, NO_SHOW = "requested", "confirmed", "completed", "cancelled", "no_show"


@dataclass(frozen=True)
class SpaService:
    id: str
    name: str
    category: str
    duration_minutes: int
    price: Decimal
    currency: str
    description: str = ""


@dataclass(frozen=True)
class Practitioner:
    id: str
    name: str
    title: str = ""
    service_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slot:
    start: dt.datetime  # aware, in the hotel's time zone
    end: dt.datetime
    practitioner_id: str
    service_id: str
    practitioner_name: str = ""


@dataclass(frozen=True)
class SpaClient:
    """The guest as the spa system knows them; `reference` is MyStay's stable id for the guest."""

    reference: str
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SpaBookingInfo:
    id: str  # the vendor's booking id (our `vendor_reference`)
    status: str
    slot: Slot
    price: Decimal | None = None
    currency: str = ""
    external_reference: str = ""  # MyStay's booking reference, where the vendor keeps one
    extra: dict = field(default_factory=dict)


class SlotTaken(ApiError):
    """The slot is no longer free (another booking got it first, here or at the spa)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "slot_taken"
    default_detail = "This time is no longer available. Please choose another slot."


class SlotUnavailable(ApiError):
    """The time is not bookable at all (outside opening hours, too soon, not offered)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "slot_unavailable"
    default_detail = "This treatment cannot be booked at that time."


@runtime_checkable
class SpaProvider(Protocol):
    name: str
    label: str

    def list_services(self) -> list[SpaService]: ...

    def list_practitioners(self, service_id: str | None = None) -> list[Practitioner]: ...

    def get_availability(
        self, service_id: str, start_date: dt.date, end_date: dt.date, practitioner_id: str | None = None
    ) -> list[Slot]:
        """Free slots starting on `start_date`..`end_date` (inclusive, hotel-local dates)."""
        ...

    def create_booking(
        self,
        *,
        service_id: str,
        practitioner_id: str,
        start: dt.datetime,
        client: SpaClient,
        reference: str,
        notes: str = "",
    ) -> SpaBookingInfo:
        """Book the slot. Raises SlotTaken when it is gone. `reference` is MyStay's booking id."""
        ...

    def cancel_booking(self, booking_id: str, *, late: bool = False) -> SpaBookingInfo: ...

    def get_booking(self, booking_id: str) -> SpaBookingInfo: ...

    def find_booking(
        self, *, reference: str, service_id: str, practitioner_id: str, start: dt.datetime, client: SpaClient
    ) -> SpaBookingInfo | None:
        """After a create whose answer was lost: the booking the vendor made for `reference`, if any."""
        ...

    def health_check(self) -> bool: ...
