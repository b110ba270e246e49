"""Spa: availability (cold and cached) and book + cancel round trips, in process, against the mock
SpaBooker as a real HTTP server on a free port (PostgreSQL + Redis).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mystay_spa_bench REDIS_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/python bench/spa_booking.py [--rounds 200]

Seeds the demo data, points the Paris demo hotel at the mock SpaBooker, then with one guest token:
GET availability with the cache cleared before each call (the spa is asked: staff list + slots),
GET availability warm (served from the cache), and POST booking + POST cancel pairs (each with a
new Idempotency-Key; the slot is freed again by the cancel). Prints p50/p90/p99 in ms as JSON.
Measures the platform's own cost plus a local HTTP hop, not a real vendor's latency.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)  # noqa: E731
    return {"n": len(ordered), "p50_ms": pick(0.5), "p90_ms": pick(0.9), "p99_ms": pick(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    from _common import ensure_database

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
    os.environ.setdefault("THROTTLE_GUEST", "1000000/min")
    ensure_database()
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from integrations.models import HotelIntegrations
    from spa.mock_spabooker import DEMO_API_KEY, make_server
    from stays.models import Hotel, Stay
    from stays.services.tokens import issue_guest_token

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    server = make_server("127.0.0.1", 0)
    server.start_in_thread()
    hotel = Hotel.objects.get(code="PAR")
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider(
        "spa", "spabooker", {"base_url": server.base_url, "api_key": DEMO_API_KEY, "location_id": "PAR"}
    )
    record.save()
    stay = Stay.objects.get(confirmation_number="PAR1002")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_guest_token(stay)[0]}")
    day = (dt.datetime.now(hotel.tzinfo) + dt.timedelta(days=1)).date()
    query = {"service": "par-signature-60", "date": day.isoformat()}

    def timed(fn) -> float:
        started = time.perf_counter()
        response = fn()
        elapsed = time.perf_counter() - started
        assert response.status_code < 300, response.content
        return elapsed

    client.get("/api/v1/guest/spa/availability", query)  # warm the process (imports, connections)
    cold, warm, book_cancel = [], [], []
    for _ in range(args.rounds):
        cache.clear()
        cold.append(timed(lambda: client.get("/api/v1/guest/spa/availability", query)))
    for _ in range(args.rounds):
        warm.append(timed(lambda: client.get("/api/v1/guest/spa/availability", query)))
    start = dt.datetime.combine(day, dt.time(11), tzinfo=hotel.tzinfo).isoformat()
    for _ in range(args.rounds):
        started = time.perf_counter()
        made = client.post(
            "/api/v1/guest/spa/bookings",
            {"service_id": "par-signature-60", "start": start, "practitioner_id": "par-camille"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        assert made.status_code == 201, made.content
        gone = client.post(f"/api/v1/guest/spa/bookings/{made.json()['id']}/cancel", {}, format="json")
        assert gone.status_code == 200, gone.content
        book_cancel.append(time.perf_counter() - started)
    server.stop()
    record.set_provider("spa", "mock", {})
    record.save()
    print(json.dumps({
        "availability_cold": percentiles(cold),
        "availability_cached": percentiles(warm),
        "book_and_cancel": percentiles(book_cancel),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
