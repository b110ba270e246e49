"""The demo hotels' treatments and therapists: the embedded `mock` spa and the mock SpaBooker server
start from them (hotels other than the demo ones get the generic menu)."""

from __future__ import annotations

from decimal import Decimal

# (id, name, category, minutes, price)
TREATMENTS = {
    "PAR": (
        ("par-signature-60", "Signature relaxing massage", "massage", 60, "120.00"),
        ("par-deep-tissue-90", "Deep tissue massage", "massage", 90, "170.00"),
        ("par-facial-45", "Radiance facial", "facial", 45, "95.00"),
        ("par-hammam-30", "Hammam ritual", "body", 30, "60.00"),
    ),
    "TYO": (
        ("tyo-shiatsu-60", "Shiatsu", "massage", 60, "18000"),
        ("tyo-aroma-90", "Aromatherapy massage", "massage", 90, "26000"),
        ("tyo-facial-60", "Hinoki facial", "facial", 60, "16000"),
    ),
    "*": (
        ("massage-60", "Classic massage", "massage", 60, "100.00"),
        ("facial-45", "Facial", "facial", 45, "80.00"),
    ),
}

# (id, name, title, service ids)
THERAPISTS = {
    "PAR": (
        (
            "par-camille",
            "Camille Martin",
            "Senior therapist",
            ("par-signature-60", "par-deep-tissue-90", "par-hammam-30"),
        ),
        ("par-lucas", "Lucas Bernard", "Therapist", ("par-signature-60", "par-deep-tissue-90")),
        ("par-ines", "Inès Moreau", "Aesthetician", ("par-facial-45", "par-hammam-30")),
    ),
    "TYO": (
        ("tyo-yui", "Yui Tanaka", "Senior therapist", ("tyo-shiatsu-60", "tyo-aroma-90")),
        ("tyo-haruto", "Haruto Sato", "Therapist", ("tyo-shiatsu-60", "tyo-aroma-90", "tyo-facial-60")),
    ),
    "*": (
        ("therapist-1", "Alex Morgan", "Therapist", ("massage-60", "facial-45")),
        ("therapist-2", "Sam Lee", "Therapist", ("massage-60",)),
    ),
}


def treatments(hotel_code: str) -> list[dict]:
    rows = TREATMENTS.get(hotel_code, TREATMENTS["*"])
    return [{"id": i, "name": n, "category": c, "duration_minutes": m, "price": Decimal(p)} for i, n, c, m, p in rows]


def therapists(hotel_code: str) -> list[dict]:
    rows = THERAPISTS.get(hotel_code, THERAPISTS["*"])
    return [{"id": i, "name": n, "title": t, "service_ids": s} for i, n, t, s in rows]
