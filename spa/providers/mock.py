"""The `mock` spa (embedded default): the demo menu and therapists, availability computed from MyStay's
own bookings with the real slot arithmetic, bookings that always reach "the spa" at once. It lets the
platform run, and be tried, with no spa system at all."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integrations.exceptions import ProviderNotFound

from .. import demo_catalog, scheduling
from ._common import HOURS_FIELDS, hours_from_config
from .base import CANCELLED, CONFIRMED, Practitioner, Slot, SlotTaken, SlotUnavailable, SpaBookingInfo, SpaService


class MockSpa:
    name = "mock"
    label = "Mock spa (demo menu, local bookings)"
    config_fields = HOURS_FIELDS

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.hours = hours_from_config(config)
        self.tz = hotel.tzinfo

    # -- catalogue ---------------------------------------------------------------------------------
    def list_services(self):
        return [SpaService(currency=self.hotel.currency, **row) for row in demo_catalog.treatments(self.hotel.code)]

    def list_practitioners(self, service_id=None):
        people = [Practitioner(**row) for row in demo_catalog.therapists(self.hotel.code)]
        return [p for p in people if service_id is None or service_id in p.service_ids]

    def _service(self, service_id) -> SpaService:
        service = next((s for s in self.list_services() if s.id == service_id), None)
        if service is None:
            raise ProviderNotFound("No such treatment.", capability="spa", provider=self.name)
        return service

    # -- availability ------------------------------------------------------------------------------
    def _busy(self, start: dt.datetime, end: dt.datetime, *, exclude_reference: str = ""):
        from ..models import ACTIVE_STATUSES, SpaBooking

        rows = SpaBooking.objects.filter(
            hotel=self.hotel, provider=self.name, status__in=ACTIVE_STATUSES, starts_at__lt=end, ends_at__gt=start
        )
        if exclude_reference:
            rows = rows.exclude(public_id=exclude_reference)
        buffer = dt.timedelta(minutes=self.hours.buffer_minutes)
        return [
            scheduling.Busy(pid, s.astimezone(self.tz), e.astimezone(self.tz) + buffer)
            for pid, s, e in rows.values_list("practitioner_id", "starts_at", "ends_at")
        ]

    def get_availability(self, service_id, start_date, end_date, practitioner_id=None):
        service = self._service(service_id)
        people = {p.id: p.name for p in self.list_practitioners(service_id)}
        if practitioner_id:
            people = {k: v for k, v in people.items() if k == practitioner_id}
        window_start = dt.datetime.combine(start_date, dt.time.min, tzinfo=self.tz) - dt.timedelta(hours=4)
        window_end = dt.datetime.combine(end_date, dt.time.max, tzinfo=self.tz)
        slots = scheduling.free_slots(
            start_date=start_date,
            end_date=end_date,
            tz=self.tz,
            hours=self.hours,
            duration=service.duration_minutes,
            practitioners=list(people),
            busy=self._busy(window_start, window_end),
            not_before=timezone.now(),
        )
        return [Slot(s, e, pid, service_id, people[pid]) for s, e, pid in slots]

    # -- bookings ----------------------------------------------------------------------------------
    def create_booking(self, *, service_id, practitioner_id, start, client, reference, notes=""):
        service = self._service(service_id)
        person = next((p for p in self.list_practitioners(service_id) if p.id == practitioner_id), None)
        if person is None:
            raise SlotUnavailable("This therapist does not give this treatment.")
        start = start.astimezone(self.tz)
        end = start + dt.timedelta(minutes=service.duration_minutes)
        busy = [
            b
            for b in self._busy(start - dt.timedelta(hours=4), end + dt.timedelta(hours=4), exclude_reference=reference)
            if b.practitioner_id == practitioner_id
        ]
        if not scheduling.is_bookable(
            start, tz=self.tz, hours=self.hours, duration=service.duration_minutes, busy=[], not_before=timezone.now()
        ):
            raise SlotUnavailable()
        if scheduling.overlaps(start, end + dt.timedelta(minutes=self.hours.buffer_minutes), busy):
            raise SlotTaken()
        return SpaBookingInfo(
            id=f"MOCK-{reference}",
            status=CONFIRMED,
            slot=Slot(start, end, practitioner_id, service_id, person.name),
            price=service.price,
            currency=service.currency,
            external_reference=str(reference),
        )

    def _local(self, booking_id):
        from ..models import SpaBooking

        row = SpaBooking.objects.filter(hotel=self.hotel, provider=self.name, vendor_reference=booking_id).first()
        if row is None:
            raise ProviderNotFound(capability="spa", provider=self.name)
        return row

    def _info(self, row, status) -> SpaBookingInfo:
        return SpaBookingInfo(
            id=row.vendor_reference,
            status=status,
            slot=Slot(
                row.starts_at.astimezone(self.tz),
                row.ends_at.astimezone(self.tz),
                row.practitioner_id,
                row.service_id,
                row.practitioner_name,
            ),
            price=row.price,
            currency=row.currency,
            external_reference=str(row.public_id),
        )

    def cancel_booking(self, booking_id, *, late=False):
        return self._info(self._local(booking_id), CANCELLED)

    def get_booking(self, booking_id):
        row = self._local(booking_id)
        return self._info(row, row.status if row.status != "failed" else CANCELLED)

    def find_booking(self, *, reference, service_id, practitioner_id, start, client):
        return None  # the mock never loses an answer

    def health_check(self):
        return True
