"""Guest hot paths: stay lookup and stay overview, served by one uvicorn process on PostgreSQL + Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mystay_hot_bench REDIS_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/python bench/guest_hot_paths.py [--requests 2000] [--clients 8] [--extra-stays 20000]

Seeds the demo data plus N extra stays (so the database is not trivially small), starts one
uvicorn process with production settings (DEBUG off, throttles raised so they do not cut the run
short), then calls `GET /api/v1/stays/lookup` and `GET /api/v1/guest/stay` with keep-alive
sessions in two phases: latency (one client, compared with the targets TARGET_P95_MS) and
throughput (C concurrent clients; one Python process is bound to one core by the GIL, so
production runs several workers). Prints both as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import ensure_database, free_port  # noqa: E402

# Single-client p95 targets, server on the same 2-core machine as the client.
TARGET_P95_MS = {"lookup": 50.0, "guest_stay": 30.0}


def configure(args) -> dict:
    from cryptography.fernet import Fernet

    env = {
        "DJANGO_SETTINGS_MODULE": "mystay.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": "bench-hot",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOG_LEVEL": "WARNING",
        "THROTTLE_LOOKUP_CLIENT": "1000000/min",
        "THROTTLE_LOOKUP_CONFIRMATION": "1000000/min",
        "THROTTLE_GUEST": "1000000/min",
    }
    os.environ.update(env)
    return env


def seed(extra_stays: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    from stays.models import Guest, Hotel, Stay

    hotel = Hotel.objects.get(code="PAR")
    have = Stay.objects.filter(hotel=hotel, confirmation_number__startswith="HOT").count()
    if have >= extra_stays:
        return
    today = hotel.local_today()
    guests = Guest.objects.bulk_create(
        Guest(hotel=hotel, first_name="Bench", last_name=f"Guest{i}", last_name_key=f"guest{i}")
        for i in range(have, extra_stays)
    )
    Stay.objects.bulk_create(
        Stay(hotel=hotel, guest=g, confirmation_number=f"HOT{i:07d}", arrival=today + dt.timedelta(days=i % 30),
             departure=today + dt.timedelta(days=i % 30 + 2))
        for i, g in zip(range(have, extra_stays), guests, strict=True)
    )  # fmt: skip


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def run_clients(base, requests_total, clients):
    import requests

    results = {"lookup": [], "guest_stay": []}
    errors = []
    lock = threading.Lock()
    per_client = requests_total // clients

    def client():
        session = requests.Session()
        mine = {"lookup": [], "guest_stay": []}
        token = None
        for i in range(per_client):
            if i % 2 == 0 or token is None:
                started = time.perf_counter()
                r = session.get(f"{base}/api/v1/stays/lookup", params={"confirmation": "PAR1002", "last_name": "smith"})
                mine["lookup"].append(time.perf_counter() - started)
                if r.status_code != 200:
                    errors.append(r.status_code)
                    continue
                token = r.json()["token"]
            else:
                started = time.perf_counter()
                r = session.get(f"{base}/api/v1/guest/stay", headers={"Authorization": f"Bearer {token}"})
                mine["guest_stay"].append(time.perf_counter() - started)
                if r.status_code != 200:
                    errors.append(r.status_code)
        with lock:
            for key in results:
                results[key].extend(mine[key])

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--extra-stays", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mystay_hot_bench")
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()

    env = configure(args)
    ensure_database(args.database_url)
    seed(args.extra_stays)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "mystay.asgi:application", "--port", str(port), "--no-access-log",
         "--log-level", "warning", "--workers", str(args.workers)],
        cwd=ROOT, env={**os.environ, **env},
    )  # fmt: skip
    try:
        import requests

        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{base}/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        run_clients(base, 200, 4)  # warm-up: connections, caches
        latency, latency_errors, latency_seconds = run_clients(base, max(200, args.requests // 4), 1)
        results, errors, seconds = run_clients(base, args.requests, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=10)

    def stats(values, target=None):
        p95 = percentile(values, 0.95) * 1000
        out = {"count": len(values), "p50_ms": round(statistics.median(values) * 1000, 1), "p95_ms": round(p95, 1),
               "max_ms": round(max(values) * 1000, 1)}  # fmt: skip
        if target is not None:
            out.update(target_p95_ms=target, meets_target=p95 <= target)
        return out

    summary = {
        "extra_stays": args.extra_stays,
        "server_workers": args.workers,
        "latency_one_client": {name: stats(v, TARGET_P95_MS[name]) for name, v in latency.items()},
        "throughput": {
            "clients": args.clients,
            "requests": sum(len(v) for v in results.values()),
            "requests_per_second": round(sum(len(v) for v in results.values()) / seconds, 1),
            **{name: stats(v) for name, v in results.items()},
        },
        "errors": len(errors) + len(latency_errors),
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
