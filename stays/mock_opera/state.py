"""In-memory state of the mock OPERA server: the demo hotels' reservations, profiles, folios and tokens.

Built from `stays.services.demo` (same confirmation numbers, guests, rooms and relative dates), plus
optional generated reservations for benchmarks. Everything lives in memory and resets on restart.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

# Fixed demo credentials (not secrets: they only open this local mock).
DEMO_CLIENT_ID = "mystay-demo"
DEMO_CLIENT_SECRET = "mock-opera-secret"  # noqa: S105
DEMO_APP_KEY = "6f0f7b2e-4d1a-4c3e-9b7a-000000004010"
DEMO_HOTEL_ID = "PAR"

# Local status -> OPERA pMS_ResStatusType.
TO_OPERA_STATUS = {
    "confirmed": "Reserved",
    "checked_in": "InHouse",
    "checked_out": "CheckedOut",
    "cancelled": "Cancelled",
    "no_show": "NoShow",
}
NIGHTLY_RATE = {"EUR": Decimal("180.00"), "JPY": Decimal("18000")}
FIRST_NAMES = ["Alex", "Maria", "Noah", "Lea", "Omar", "Ines", "Jonas", "Sofia", "Ravi", "Chloe"]
LAST_NAMES = ["Bernard", "Garcia", "Müller", "Nakamura", "Petit", "Kowalski", "Silva", "Dubois", "Khan", "Moreau"]


@dataclass
class MockProfile:
    id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    language: str
    nationality: str = ""
    birth_date: str = ""
    # Entries a PUT added without an `id` (OPERA adds, it does not match by value): duplicates.
    added_emails: list[str] = field(default_factory=list)
    added_phones: list[str] = field(default_factory=list)

    @property
    def email_id(self) -> str:
        return f"{self.id}-E1"

    @property
    def phone_id(self) -> str:
        return f"{self.id}-T1"


@dataclass
class MockReservation:
    id: str
    confirmation: str
    hotel_id: str
    profile_id: str
    arrival: dt.date
    departure: dt.date
    room_type: str
    room_id: str | None
    status: str  # OPERA status
    adults: int
    children: int
    currency: str
    postings: list[dict] = field(default_factory=list)


@dataclass
class MockHotel:
    code: str
    timezone: str
    currency: str
    rooms: list[tuple[str, str, int]]

    def today(self) -> dt.date:
        return dt.datetime.now(ZoneInfo(self.timezone)).date()


class MockOperaState:
    """Thread-safe store used by the HTTP handler. All methods take and return plain data."""

    def __init__(self, *, extra_reservations: int = 0, extra_hotel: str = DEMO_HOTEL_ID, token_ttl: int = 3600):
        from stays.services.demo import HOTELS, STAYS

        self.lock = threading.RLock()
        self.client_id = DEMO_CLIENT_ID
        self.client_secret = DEMO_CLIENT_SECRET
        self.app_key = DEMO_APP_KEY
        self.token_ttl = token_ttl
        self.tokens: dict[str, float] = {}
        self.token_requests = 0
        self.data_requests = 0
        self._posting_no = itertools.count(100001)
        self.hotels = {
            h["code"]: MockHotel(code=h["code"], timezone=h["timezone"], currency=h["currency"], rooms=h["rooms"])
            for h in HOTELS
        }
        self.reservations: dict[tuple[str, str], MockReservation] = {}
        # Housekeeping status per (hotel, room); rooms not listed are Inspected (ready).
        self.room_status: dict[tuple[str, str], str] = {}
        self.profiles: dict[str, MockProfile] = {}
        for code, conf, first, last, email, lang, offset, nights, status, room_no, adults, children in STAYS:
            hotel = self.hotels[code]
            arrival = hotel.today() + dt.timedelta(days=offset)
            room_types = {number: room_type for number, room_type, *_ in hotel.rooms}
            profile = MockProfile(
                id=f"P{conf}",
                first_name=first,
                last_name=last,
                email=email,
                phone="+33 6 00 00 00 00" if code == "PAR" else "+81 90 0000 0000",
                language=lang,
            )
            self._add(
                hotel,
                profile,
                MockReservation(
                    id=f"R{conf[3:]}",
                    confirmation=conf,
                    hotel_id=code,
                    profile_id=profile.id,
                    arrival=arrival,
                    departure=arrival + dt.timedelta(days=nights),
                    room_type=room_types[room_no] if room_no else hotel.rooms[0][1],
                    room_id=room_no,
                    status=TO_OPERA_STATUS[status],
                    adults=adults,
                    children=children,
                    currency=hotel.currency,
                ),
            )
        if extra_reservations:
            self._generate(self.hotels[extra_hotel], extra_reservations)

    # -- building ----------------------------------------------------------------------------------
    def _add(self, hotel: MockHotel, profile: MockProfile, reservation: MockReservation) -> None:
        self.profiles[profile.id] = profile
        self.reservations[(hotel.code, reservation.id)] = reservation
        self._post_room_charges(hotel, reservation)

    def _posting(self, reservation, day, code, description, amount, kind="Revenue") -> dict:
        """A summaryPostingType: amounts are numbers (Decimal here, a JSON number on the wire)."""
        amount = Decimal(amount)
        return {
            "transactionNo": next(self._posting_no),
            "transactionCode": code,
            "transactionType": kind,
            "transactionDate": day.isoformat(),
            "postingDate": day.isoformat(),
            "transactionDescription": description,
            "transactionAmount": amount,
            "postedAmount": {"amount": amount, "currencyCode": reservation.currency},
        }

    def _post_room_charges(self, hotel: MockHotel, reservation: MockReservation) -> None:
        """Room nights already consumed, a minibar charge while in house, a settlement on check-out."""
        if reservation.status not in ("InHouse", "CheckedOut"):
            return
        rate = NIGHTLY_RATE.get(reservation.currency, Decimal("180.00"))
        last_night = min(hotel.today(), reservation.departure - dt.timedelta(days=1))
        day = reservation.arrival
        while day <= last_night:
            reservation.postings.append(self._posting(reservation, day, "1000", "Accommodation", rate))
            day += dt.timedelta(days=1)
        minibar = Decimal("12.50") if reservation.currency == "EUR" else Decimal("1200")
        reservation.postings.append(self._posting(reservation, reservation.arrival, "2010", "Minibar", minibar))
        if reservation.status == "CheckedOut":
            self._settle(reservation, reservation.departure)

    def _settle(self, reservation: MockReservation, day: dt.date) -> None:
        due = self.balance(reservation)
        if due > 0:
            reservation.postings.append(self._posting(reservation, day, "9000", "Card payment", -due, kind="Payment"))

    def post_payment(self, reservation: MockReservation, amount: Decimal | None = None) -> None:
        """A payment posted at OPERA (the cashier, or an interface): the whole balance by default."""
        with self.lock:
            hotel = self.hotels[reservation.hotel_id]
            if amount is None:
                self._settle(reservation, hotel.today())
            else:
                payment = self._posting(reservation, hotel.today(), "9000", "Card payment", -amount, "Payment")
                reservation.postings.append(payment)

    def set_room_status(self, hotel_id: str, room_id: str, status: str) -> None:
        """Housekeeping status of a room: Clean, Inspected (ready), Dirty, Pickup, OutOfOrder, OutOfService."""
        with self.lock:
            self.room_status[(hotel_id, room_id)] = status

    def _generate(self, hotel: MockHotel, count: int) -> None:
        today = hotel.today()
        for i in range(count):
            kind = i % 3
            first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
            if kind == 0:  # arriving today
                arrival, departure, status, room = today, today + dt.timedelta(days=2), "Reserved", None
            elif kind == 1:  # in house
                arrival, departure, status = today - dt.timedelta(days=1), today + dt.timedelta(days=2), "InHouse"
                room = str(5000 + i)
            else:  # leaving today
                arrival, departure, status, room = today - dt.timedelta(days=2), today, "InHouse", str(5000 + i)
            profile = MockProfile(
                id=f"PX{i:06d}",
                first_name=first,
                last_name=last,
                email=f"guest{i}@example.com",
                phone=f"+33 6 {i:08d}",
                language="en",
            )
            room_type = hotel.rooms[i % len(hotel.rooms)][1]
            reservation = MockReservation(
                id=f"RX{i:06d}",
                confirmation=f"{hotel.code}X{i:06d}",
                hotel_id=hotel.code,
                profile_id=profile.id,
                arrival=arrival,
                departure=departure,
                room_type=room_type,
                room_id=room,
                status=status,
                adults=1 + i % 2,
                children=i % 3 == 0 and 1 or 0,
                currency=hotel.currency,
            )
            self._add(hotel, profile, reservation)

    # -- tokens ------------------------------------------------------------------------------------
    def issue_token(self) -> tuple[str, int]:
        with self.lock:
            token = secrets.token_urlsafe(32)
            self.tokens[token] = time.time() + self.token_ttl
            self.token_requests += 1
            return token, self.token_ttl

    def token_valid(self, token: str) -> bool:
        with self.lock:
            expires = self.tokens.get(token)
            return expires is not None and expires > time.time()

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    # -- reading -----------------------------------------------------------------------------------
    def hotel(self, code: str) -> MockHotel | None:
        return self.hotels.get(code)

    def get(self, hotel_id: str, reservation_id: str) -> MockReservation | None:
        return self.reservations.get((hotel_id, reservation_id))

    def balance(self, reservation: MockReservation) -> Decimal:
        return sum((Decimal(p["postedAmount"]["amount"]) for p in reservation.postings), Decimal("0"))

    def has_folio(self, reservation: MockReservation) -> bool:
        """OPERA opens folios at check-in."""
        return reservation.status in ("InHouse", "DueOut", "CheckedOut")

    def search(self, hotel_id: str, query: dict[str, list[str]]) -> list[MockReservation]:
        def one(name):
            values = query.get(name) or []
            return values[0] if values else None

        def day(name):
            value = one(name)
            return dt.date.fromisoformat(value) if value else None

        confirmations = {c.upper() for v in query.get("confirmationNumberList", []) for c in v.split(",") if c}
        ids = {i for v in query.get("reservationIdList", []) for i in v.split(",") if i}
        search_type = one("searchType") or "Any"
        surname = (one("surname") or "").lower()
        a_from, a_to = day("arrivalStartDate"), day("arrivalEndDate")
        d_from, d_to = day("departureStartDate"), day("departureEndDate")
        with self.lock:
            found = []
            for (hotel, _), r in self.reservations.items():
                if hotel != hotel_id:
                    continue
                if confirmations and r.confirmation.upper() not in confirmations:
                    continue
                if ids and r.id not in ids:
                    continue
                if surname and self.profiles[r.profile_id].last_name.lower() != surname:
                    continue
                if search_type == "InHouse" and r.status != "InHouse":
                    continue
                if search_type == "CheckedOut" and r.status != "CheckedOut":
                    continue
                if search_type == "Cancellation" and r.status != "Cancelled":
                    continue
                if (a_from and r.arrival < a_from) or (a_to and r.arrival > a_to):
                    continue
                if (d_from and r.departure < d_from) or (d_to and r.departure > d_to):
                    continue
                found.append(r)
        found.sort(key=lambda r: (r.arrival, r.confirmation))
        return found

    # -- writing -----------------------------------------------------------------------------------
    def assign_room(self, reservation: MockReservation, room_id: str) -> None:
        with self.lock:
            reservation.room_id = room_id

    def check_in(self, reservation: MockReservation, room_id: str | None) -> str | None:
        """None on success, else OPERA's reason for refusing."""
        with self.lock:
            if reservation.status not in ("Reserved", "DueIn", "Requested"):
                return f"Reservation {reservation.id} is {reservation.status}; it cannot be checked in."
            hotel = self.hotels[reservation.hotel_id]
            if hotel.today() < reservation.arrival:
                return f"The arrival date {reservation.arrival.isoformat()} is in the future."
            room_id = room_id or reservation.room_id
            if not room_id:
                room_id = next((n for n, t, *_ in hotel.rooms if t == reservation.room_type), hotel.rooms[0][0])
            status = self.room_status.get((hotel.code, room_id), "Inspected")
            if status not in ("Clean", "Inspected"):
                return f"Room {room_id} is not ready for check-in (housekeeping status {status})."
            reservation.room_id = room_id
            reservation.status = "InHouse"
            return None

    def check_out(self, reservation: MockReservation) -> str | None:
        """None on success, else OPERA's reason. An open balance is refused: no settling here."""
        with self.lock:
            if reservation.status not in ("InHouse", "DueOut"):
                return f"Reservation {reservation.id} is {reservation.status}; it cannot be checked out."
            balance = self.balance(reservation)
            if balance != 0:
                return (
                    f"Reservation {reservation.id} has an open balance of {balance:.2f} {reservation.currency}; "
                    "settle the folio before check-out."
                )
            reservation.status = "CheckedOut"
            if reservation.room_id:
                self.room_status[(reservation.hotel_id, reservation.room_id)] = "Dirty"
            return None
