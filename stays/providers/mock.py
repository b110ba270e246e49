"""The `mock` PMS: answers from MyStay's own database, so the platform runs with no PMS at all.

It behaves like a PMS that agrees with the local copy: lookups read the local stay, folios are
computed from the nights and a nightly rate, and writes (check-in/out, profile) succeed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.cache import cache

from integrations.exceptions import ProviderNotFound
from integrations.registry import ConfigField

from .base import Folio, FolioLine, Reservation


def reservation_from_stay(stay) -> Reservation:
    guest = stay.guest
    return Reservation(
        id=stay.pms_reservation_id or f"MOCK-{stay.pk}",
        confirmation_number=stay.confirmation_number,
        guest_name=guest.full_name,
        guest_email=guest.email,
        check_in_date=stay.arrival,
        check_out_date=stay.departure,
        room_type=stay.room_type,
        room_number=stay.room.number if stay.room_id else None,
        status=stay.status,
        number_of_guests=stay.adults + stay.children,
        guest_first_name=guest.first_name,
        guest_last_name=guest.last_name,
        guest_phone=guest.phone,
        guest_id=guest.pms_profile_id,
        guest_language=guest.language,
        adults=stay.adults,
        children=stay.children,
    )


class MockPms:
    name = "mock"
    label = "Mock PMS (local data)"
    config_fields = (
        ConfigField("nightly_rate", type="str", default="180", help="Room rate used to build mock folios."),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.nightly_rate = Decimal(str(config.get("nightly_rate", "180")))

    def _stays(self):
        from stays.models import Stay

        return Stay.objects.filter(hotel=self.hotel).select_related("guest", "room")

    def _by_reservation_id(self, reservation_id):
        stay = self._stays().filter(pms_reservation_id=reservation_id).first()
        if stay is None and reservation_id.startswith("MOCK-") and reservation_id[5:].isdigit():
            stay = self._stays().filter(pk=int(reservation_id[5:])).first()
        if stay is None:
            raise ProviderNotFound(capability="pms", provider=self.name)
        return stay

    def get_reservation(self, confirmation_number, *, interactive=False):
        stay = self._stays().filter(confirmation_number=confirmation_number).first()
        return reservation_from_stay(stay) if stay else None

    def get_folio(self, reservation_id):
        stay = self._by_reservation_id(reservation_id)
        rate = self.nightly_rate
        if self.hotel.currency in {"JPY", "KRW"}:
            rate = (rate * 100).quantize(Decimal("1"))
        lines = [
            FolioLine(
                id=f"{reservation_id}-N{i + 1}",
                date=stay.arrival + dt.timedelta(days=i),
                description="Room charge",
                amount=rate,
            )
            for i in range(stay.nights)
            if stay.arrival + dt.timedelta(days=i) <= self.hotel.local_today()
        ]
        lines += [
            FolioLine(
                id=p["id"],
                date=dt.date.fromisoformat(p["date"]),
                description=p["description"],
                amount=Decimal(p["amount"]),
            )
            for p in self._postings(reservation_id)
        ]
        total = sum((line.amount for line in lines), Decimal("0"))
        return Folio(
            reservation_id=reservation_id,
            currency=self.hotel.currency,
            balance=total,
            total_charges=total,
            total_payments=Decimal("0"),
            lines=lines,
        )

    # -- postings (optional capability, see base.SupportsPostings) ---------------------------------
    # Kept in the shared cache (no expiry): the mock has no folio table, and a posting must be seen
    # by the next folio read in any process. One posting per reference.
    def _postings_key(self, reservation_id) -> str:
        return f"pms:mock:postings:{self.hotel.pk}:{reservation_id}"

    def _postings(self, reservation_id) -> list[dict]:
        return cache.get(self._postings_key(reservation_id)) or []

    def post_charge(self, reservation_id, *, amount, currency, description, reference):
        stay = self._by_reservation_id(reservation_id)
        postings = self._postings(reservation_id)
        existing = next((p for p in postings if p["reference"] == reference), None)
        if existing is None:
            existing = {
                "id": f"{reservation_id}-P{len(postings) + 1}",
                "reference": reference,
                "date": self.hotel.local_today().isoformat(),
                "description": description,
                "amount": str(Decimal(amount)),
                "currency": currency or self.hotel.currency,
                "stay": stay.pk,
            }
            cache.set(self._postings_key(reservation_id), [*postings, existing], timeout=None)
        return FolioLine(
            id=existing["id"],
            date=dt.date.fromisoformat(existing["date"]),
            description=existing["description"],
            amount=Decimal(existing["amount"]),
        )

    def update_guest_profile(self, guest_id, data):
        return {"guest_id": guest_id, **data}

    def check_in(self, reservation_id, room_number=None):
        stay = self._by_reservation_id(reservation_id)
        res = reservation_from_stay(stay)
        return Reservation(**{**res.__dict__, "status": "checked_in", "room_number": room_number or res.room_number})

    def check_out(self, reservation_id):
        stay = self._by_reservation_id(reservation_id)
        return Reservation(**{**reservation_from_stay(stay).__dict__, "status": "checked_out"})

    def list_arrivals(self, date):
        return [reservation_from_stay(s) for s in self._stays().filter(arrival=date)]

    def list_departures(self, date):
        return [reservation_from_stay(s) for s in self._stays().filter(departure=date)]

    def list_in_house(self, date):
        return [
            reservation_from_stay(s)
            for s in self._stays().filter(arrival__lt=date, departure__gt=date, status="checked_in")
        ]

    def health_check(self):
        return True
