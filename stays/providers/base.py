"""The PMS capability: its interface and the normalized shapes every PMS provider returns.

Shapes follow the seed's normalized reservation (`id`, `confirmation_number`, `guest_name`,
`guest_email`, `check_in_date`, `check_out_date`, `room_type`, `room_number`, `status`,
`number_of_guests`) in snake_case, with a few more fields the platform needs.

Errors every PMS provider raises (all `integrations.exceptions.ProviderError`s, each with a stable
`error_code`, an HTTP `status_code` and a message written for staff or the guest):

- `ProviderUnavailable` 503 `pms_unavailable` / `ProviderTimeout` 504 `pms_timeout`: the PMS cannot be
  reached or did not answer (the message says which host, and after how long). Safe to retry later.
- `ProviderAuthFailed` 502 `pms_auth_failed`: our credentials were refused; staff must fix the settings.
- `ProviderBadResponse` 502 `pms_bad_response`: an answer we could not read (or an unexplained 4xx).
- `ProviderNotFound` 404 `pms_not_found`: no such reservation / profile / room.
- `ProviderRefused` 409 `pms_refused`: the PMS understood and said no, for a reason it gives (room
  not ready or not inspected, arrival in the future, open balance at check-out, operation not
  allowed): `check_in` / `check_out` callers show the message as is.
- `FolioNotOpen` 409 `pms_folio_not_open` (below): `get_folio` before the guest has checked in, on a
  PMS where folios only exist from check-in (OPERA). Not an error of the stay: show "no charges yet".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Protocol, runtime_checkable

from integrations.exceptions import ProviderError

# Normalized reservation statuses (the local Stay uses the same values).
CONFIRMED, CHECKED_IN, CHECKED_OUT, CANCELLED, NO_SHOW = (
    "confirmed",
    "checked_in",
    "checked_out",
    "cancelled",
    "no_show",
)


class FolioNotOpen(ProviderError):
    """The PMS keeps no folio for this reservation yet: folios open at check-in (OHIP answers 204)."""

    status_code = 409
    suffix = "folio_not_open"
    default_detail = "The guest's folio opens at check-in: there are no charges to show or settle yet."

    def __init__(self, message=None, *, provider=""):
        super().__init__(message, capability="pms", provider=provider)


@dataclass(frozen=True)
class Reservation:
    id: str
    confirmation_number: str
    guest_name: str
    guest_email: str
    check_in_date: dt.date
    check_out_date: dt.date
    room_type: str
    room_number: str | None
    status: str
    number_of_guests: int
    guest_first_name: str = ""
    guest_last_name: str = ""
    guest_phone: str = ""
    guest_id: str = ""
    guest_language: str = ""
    adults: int = 1
    children: int = 0
    # When the PMS last changed the reservation, if it says (lets a PMS answer undo a local change).
    updated_at: dt.datetime | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["check_in_date"] = self.check_in_date.isoformat()
        data["check_out_date"] = self.check_out_date.isoformat()
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return data


@dataclass(frozen=True)
class FolioLine:
    id: str
    date: dt.date
    description: str
    amount: Decimal
    kind: str = "charge"  # charge | payment


@dataclass(frozen=True)
class Folio:
    reservation_id: str
    currency: str
    balance: Decimal
    total_charges: Decimal
    total_payments: Decimal
    lines: list[FolioLine] = field(default_factory=list)

    @classmethod
    def from_lines(cls, *, reservation_id, currency: str, lines: list[FolioLine]) -> Folio:
        """A folio whose totals and balance are computed from its lines (for PMSs that send no totals)."""
        charges = sum((x.amount for x in lines if x.kind == "charge"), Decimal("0"))
        paid = sum((x.amount for x in lines if x.kind == "payment"), Decimal("0"))
        return cls(
            reservation_id=str(reservation_id),
            currency=currency,
            balance=charges - paid,
            total_charges=charges,
            total_payments=paid,
            lines=lines,
        )


@runtime_checkable
class PmsProvider(Protocol):
    name: str
    label: str

    def get_reservation(self, confirmation_number: str, *, interactive: bool = False) -> Reservation | None:
        """`interactive`: a guest is waiting (lookup): no retries, and every call of this operation
        together within settings.PMS_LOOKUP_TIMEOUT_SECONDS; otherwise the client's own timeouts and
        retries (sync)."""
        ...

    def get_folio(self, reservation_id: str) -> Folio: ...

    def update_guest_profile(self, guest_id: str, data: dict) -> dict: ...

    def check_in(self, reservation_id: str, room_number: str | None = None) -> Reservation: ...

    def check_out(self, reservation_id: str) -> Reservation: ...

    def list_arrivals(self, date: dt.date) -> list[Reservation]: ...

    def list_departures(self, date: dt.date) -> list[Reservation]: ...

    def list_in_house(self, date: dt.date) -> list[Reservation]: ...

    def health_check(self) -> bool: ...


@runtime_checkable
class SupportsPostings(Protocol):
    """Optional: a PMS that takes charges on a reservation's folio (spa treatments, late fees...).

    `reference` is the caller's natural key for the charge: posting twice with the same reference
    posts once (the PMS, or the connector by looking the reference up first, guarantees it).
    Callers check `isinstance(pms, SupportsPostings)` and fall back to another way to charge.
    """

    def post_charge(
        self, reservation_id: str, *, amount: Decimal, currency: str, description: str, reference: str
    ) -> FolioLine: ...
