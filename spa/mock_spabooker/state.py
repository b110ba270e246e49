"""In-memory state of the mock SpaBooker: one location per demo hotel, its menu, therapists and
appointments. All changes happen under one lock, so two clients racing for a slot get one booking."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .. import demo_catalog, scheduling

DEMO_LOCATIONS = {"PAR": ("Europe/Paris", "EUR"), "TYO": ("Asia/Tokyo", "JPY")}


@dataclass
class Appointment:
    id: str
    location: str
    service_id: str
    staff_id: str
    start: dt.datetime
    end: dt.datetime
    price: str
    currency: str
    client: dict
    external_reference: str
    notes: str = ""
    status: str = "booked"  # booked | cancelled | completed | no_show
    late_cancellation: bool = False


@dataclass
class Location:
    code: str
    tz: ZoneInfo
    currency: str
    services: list[dict]
    staff: list[dict]
    hours: scheduling.Hours = field(default_factory=scheduling.Hours)

    def service(self, service_id):
        return next((s for s in self.services if s["id"] == service_id), None)

    def staff_for(self, service_id=None):
        return [p for p in self.staff if service_id is None or service_id in p["service_ids"]]


class SpaBookerState:
    def __init__(self, *, locations: dict | None = None, hours: scheduling.Hours | None = None, now=None):
        self.lock = threading.Lock()
        self.locations: dict[str, Location] = {}
        for code, (tz, currency) in (locations or DEMO_LOCATIONS).items():
            self.locations[code] = Location(
                code=code,
                tz=ZoneInfo(tz),
                currency=currency,
                services=demo_catalog.treatments(code),
                staff=demo_catalog.therapists(code),
                hours=hours or scheduling.Hours(),
            )
        self.appointments: dict[str, Appointment] = {}
        self._ids = itertools.count(1001)
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.requests = 0
        # Test hooks: delay (seconds) before answering a create, to play a slow vendor.
        self.create_delay = 0.0

    def busy(self, location: Location, *, exclude: str = "") -> list[scheduling.Busy]:
        buffer = dt.timedelta(minutes=location.hours.buffer_minutes)
        return [
            scheduling.Busy(a.staff_id, a.start, a.end + buffer)
            for a in self.appointments.values()
            if a.location == location.code and a.status == "booked" and a.id != exclude
        ]

    def slots(self, location: Location, service: dict, start_date, end_date, staff_id=None):
        people = [p["id"] for p in location.staff_for(service["id"]) if staff_id in (None, p["id"])]
        return scheduling.free_slots(
            start_date=start_date,
            end_date=end_date,
            tz=location.tz,
            hours=location.hours,
            duration=service["duration_minutes"],
            practitioners=people,
            busy=self.busy(location),
            not_before=self._now(),
        )

    def book(
        self,
        location: Location,
        *,
        service: dict,
        staff_id: str,
        start: dt.datetime,
        client: dict,
        reference: str,
        notes: str,
    ):
        """(appointment, None) or (None, error code). The same external reference books once."""
        if reference:
            same = next(
                (
                    a
                    for a in self.appointments.values()
                    if a.location == location.code and a.external_reference == reference
                ),
                None,
            )
            if same is not None:
                return same, None
        if staff_id not in {p["id"] for p in location.staff_for(service["id"])}:
            return None, "staff_not_qualified"
        duration = service["duration_minutes"]
        mine = [b for b in self.busy(location) if b.practitioner_id == staff_id]
        if not scheduling.is_bookable(
            start, tz=location.tz, hours=location.hours, duration=duration, busy=[], not_before=self._now()
        ):
            return None, "slot_unavailable"
        if not scheduling.is_bookable(
            start, tz=location.tz, hours=location.hours, duration=duration, busy=mine, not_before=self._now()
        ):
            return None, "slot_taken"
        local = start.astimezone(location.tz)
        appointment = Appointment(
            id=f"SB{next(self._ids)}",
            location=location.code,
            service_id=service["id"],
            staff_id=staff_id,
            start=local,
            end=local + dt.timedelta(minutes=duration),
            price=str(service["price"]),
            currency=location.currency,
            client=client,
            external_reference=reference,
            notes=notes,
        )
        self.appointments[appointment.id] = appointment
        return appointment, None
