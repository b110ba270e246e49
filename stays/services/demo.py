"""Demo data for trying MyStay and for the mock PMS servers: two hotels, staff, guests and stays.

Idempotent: every row is found by its natural key and updated, so running it twice gives the
same data. Dates are relative to each hotel's own "today".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

from stays.models import Guest, Hotel, JourneySettings, Room, StaffRole, Stay, User

DEFAULT_PASSWORD = "mystay-demo-2026"

# Sent at the end of seed_demo (in its transaction) with `hotels` ({code: Hotel}): other apps add
# their own demo data (the concierge's knowledge base and places, ...) without stays importing them.
demo_seeded = Signal()
SUPERUSER_EMAIL = "admin@mystay.test"

HOTELS = [
    {
        "code": "PAR",
        "name": "MyStay Paris Opéra",
        "timezone": "Europe/Paris",
        "currency": "EUR",
        "languages": ["en", "fr"],
        "default_language": "fr",
        "city": "Paris",
        "country": "FR",
        "email": "reception@paris.mystay.test",
        "phone": "+33 1 70 00 00 00",
        "address": "12 rue Halévy, 75009 Paris",
        "branding": {"primary_color": "#0a3d62"},
        # (number, type, floor, housekeeping status)
        "rooms": [
            ("101", "Classic Double", 1, "inspected"),
            ("102", "Classic Double", 1, "clean"),
            ("103", "Deluxe King", 1, "dirty"),
            ("104", "Deluxe King", 1, "clean"),
            ("201", "Deluxe King", 2, "clean"),
            ("202", "Junior Suite", 2, "clean"),
            ("203", "Junior Suite", 2, "out_of_order"),
            ("204", "Junior Suite", 2, "inspected"),
        ],
        "staff_domain": "paris.mystay.test",
    },
    {
        "code": "TYO",
        "name": "MyStay Tokyo Ginza",
        "timezone": "Asia/Tokyo",
        "currency": "JPY",
        "languages": ["en", "ja"],
        "default_language": "ja",
        "city": "Tokyo",
        "country": "JP",
        "email": "reception@tokyo.mystay.test",
        "phone": "+81 3 1234 5678",
        "address": "4-6 Ginza, Chuo-ku, Tokyo",
        "branding": {"primary_color": "#b33939"},
        "rooms": [
            ("1201", "Superior Twin", 12, "clean"),
            ("1202", "Superior Twin", 12, "inspected"),
            ("1401", "Deluxe King", 14, "clean"),
            ("1402", "Deluxe King", 14, "clean"),
            ("1601", "Ginza Suite", 16, "dirty"),
            ("1602", "Ginza Suite", 16, "out_of_order"),
        ],
        "staff_domain": "tokyo.mystay.test",
    },
]

# (hotel, confirmation, first, last, email, language, arrival offset, nights, status, room, adults, children)
STAYS = [
    ("PAR", "PAR1001", "Hélène", "Dupré", "helene.dupre@example.com", "fr", 0, 2, "confirmed", "101", 2, 0),
    ("PAR", "PAR1002", "John", "Smith", "john.smith@example.com", "en", 0, 3, "confirmed", None, 1, 0),
    ("PAR", "PAR1003", "Amélie", "Léger", "amelie.leger@example.com", "fr", 1, 2, "confirmed", None, 2, 1),
    ("PAR", "PAR1004", "Marco", "Rossi", "marco.rossi@example.com", "en", -2, 4, "checked_in", "201", 2, 0),
    (
        "PAR",
        "PAR1005",
        "Sarah",
        "O'Connor",
        "sarah.oconnor@example.com",
        "en",
        -3,
        3,
        "checked_in",
        "202",
        1,
        0,
    ),
    (
        "PAR",
        "PAR1006",
        "Lucas",
        "Martin",
        "lucas.martin@example.com",
        "fr",
        -4,
        3,
        "checked_out",
        "103",
        2,
        0,
    ),
    ("TYO", "TYO2001", "Yuki", "Tanaka", "yuki.tanaka@example.com", "ja", 0, 3, "confirmed", None, 2, 0),
    ("TYO", "TYO2002", "Emma", "Johnson", "emma.johnson@example.com", "en", 1, 2, "confirmed", None, 1, 0),
    ("TYO", "TYO2003", "Kenji", "Satō", "kenji.sato@example.com", "ja", -1, 3, "checked_in", "1401", 1, 0),
    ("TYO", "TYO2004", "Liam", "Brown", "liam.brown@example.com", "en", -2, 2, "checked_in", "1201", 2, 0),
    ("TYO", "TYO2005", "Aiko", "Suzuki", "aiko.suzuki@example.com", "ja", -5, 2, "checked_out", "1601", 2, 0),
]

ROLES = [
    (StaffRole.FRONT_DESK, "frontdesk"),
    (StaffRole.MANAGER, "manager"),
    (StaffRole.HOTEL_ADMIN, "admin"),
]


@dataclass
class DemoData:
    hotels: list[Hotel]
    users: list[User]
    stays: list[Stay]

    def as_dict(self) -> dict:
        return {
            "hotels": [
                {"code": h.code, "name": h.name, "timezone": h.timezone, "currency": h.currency} for h in self.hotels
            ],
            "users": [
                {
                    "email": u.email,
                    "role": "superuser" if u.is_superuser else u.role,
                    "hotel": u.hotel.code if u.hotel_id else None,
                }
                for u in self.users
            ],
            "stays": [
                {
                    "hotel": s.hotel.code,
                    "confirmation_number": s.confirmation_number,
                    "last_name": s.guest.last_name,
                    "status": s.status,
                    "arrival": s.arrival.isoformat(),
                    "departure": s.departure.isoformat(),
                }
                for s in self.stays
            ],
        }


def _upsert_user(email, password, **fields) -> User:
    user = User.objects.filter(email=email).first() or User(email=email, username=email)
    for key, value in fields.items():
        setattr(user, key, value)
    user.is_staff = True
    user.is_active = True
    if not user.pk or not user.check_password(password):
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def seed_demo(password: str = DEFAULT_PASSWORD) -> DemoData:
    hotels: dict[str, Hotel] = {}
    users: list[User] = []
    for spec in HOTELS:
        spec = dict(spec)
        rooms, domain = spec.pop("rooms"), spec.pop("staff_domain")
        hotel, _ = Hotel.objects.update_or_create(code=spec.pop("code"), defaults=spec)
        hotels[hotel.code] = hotel
        for number, room_type, floor, status in rooms:
            Room.objects.update_or_create(
                hotel=hotel, number=number, defaults={"room_type": room_type, "floor": floor, "status": status}
            )
        # The demo lets guests finish online check-in at any hour of arrival day (README's curl tour).
        JourneySettings.objects.update_or_create(hotel=hotel, defaults={"early_checkin_allowed": True})
        for role, local in ROLES:
            users.append(
                _upsert_user(
                    f"{local}@{domain}",
                    password,
                    hotel=hotel,
                    role=role,
                    is_superuser=False,
                    first_name=role.label,
                    last_name=hotel.city,
                    departments=["reception"] if role == StaffRole.FRONT_DESK else ["reception", "management"],
                )
            )
        # The spa desk: front-desk rights, department "spa" (sees the spa day board).
        users.append(
            _upsert_user(
                f"spa@{domain}",
                password,
                hotel=hotel,
                role=StaffRole.FRONT_DESK,
                is_superuser=False,
                first_name="Spa",
                last_name=hotel.city,
                departments=["spa"],
            )
        )
    users.append(
        _upsert_user(
            SUPERUSER_EMAIL,
            password,
            is_superuser=True,
            hotel=None,
            role="",
            first_name="Platform",
            last_name="Admin",
        )
    )

    stays = []
    for code, conf, first, last, email, lang, offset, nights, status, room_no, adults, children in STAYS:
        hotel = hotels[code]
        today = hotel.local_today()
        guest, _ = Guest.objects.update_or_create(
            hotel=hotel,
            pms_profile_id=f"P{conf}",
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "language": lang,
                "phone": "06 12 34 56 78"
                if code == "PAR"
                else "090-1234-5678",  # national: read in the hotel's country
                "nationality": {"fr": "FR", "ja": "JP"}.get(lang, "GB"),
            },
        )
        arrival = today + dt.timedelta(days=offset)
        room = Room.objects.get(hotel=hotel, number=room_no) if room_no else None
        stay, _ = Stay.objects.update_or_create(
            hotel=hotel,
            confirmation_number=conf,
            defaults={
                "guest": guest,
                "pms_reservation_id": f"R{conf[3:]}",
                "arrival": arrival,
                "departure": arrival + dt.timedelta(days=nights),
                "room_type": room.room_type if room else HOTELS[0 if code == "PAR" else 1]["rooms"][0][1],
                "room": room,
                "adults": adults,
                "children": children,
                "status": status,
                "online_checkin_status": "completed" if status in ("checked_in", "checked_out") else "not_started",
            },
        )
        stays.append(stay)
    demo_seeded.send(sender=seed_demo, hotels=hotels)
    return DemoData(hotels=list(hotels.values()), users=users, stays=stays)
