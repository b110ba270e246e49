"""PMS sync bench: `sync_pms` for one hotel against the mock OPERA server holding N reservations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mystay_pms_bench /work/venv/bin/python bench/sync_pms.py

Starts `manage.py run_mock_opera --reservations N` as a subprocess on a free port, points the demo
hotel PAR at it (the `opera` provider, through HotelIntegrations like the admin does), removes the
hotel's local stays, then times a cold sync (everything created) and a warm sync (everything
unchanged). Prints the times and rows/second, and a JSON line with the same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import ensure_database, free_port  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mystay_pms_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
os.environ.setdefault("DEBUG", "true")


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"run_mock_opera exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("run_mock_opera did not start in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reservations", type=int, default=5000)
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from integrations.models import HotelIntegrations
    from stays.mock_opera import DEMO_APP_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_HOTEL_ID
    from stays.models import Guest, PmsSyncRun, Room, Stay
    from stays.services.demo import seed_demo
    from stays.services.pms_sync import sync_hotel

    hotel = next(h for h in seed_demo().hotels if h.code == DEMO_HOTEL_ID)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "run_mock_opera",
            "--port",
            str(port),
            "--reservations",
            str(args.reservations),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    try:
        wait_for_port(port, server)
        record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
        record.set_provider(
            "pms",
            "opera",
            {
                "base_url": f"http://127.0.0.1:{port}",
                "client_id": DEMO_CLIENT_ID,
                "client_secret": DEMO_CLIENT_SECRET,
                "app_key": DEMO_APP_KEY,
                "hotel_id": DEMO_HOTEL_ID,
                "page_size": 500,
            },
        )
        record.save()
        # A cold start: none of the hotel's stays are known locally.
        Stay.objects.filter(hotel=hotel).delete()
        Guest.objects.filter(hotel=hotel).delete()
        Room.objects.filter(hotel=hotel, number__gte="5000").delete()

        results = {}
        for label in ("cold", "warm"):
            started = time.perf_counter()
            run = sync_hotel(hotel=hotel)
            seconds = time.perf_counter() - started
            if run.status != PmsSyncRun.Status.SUCCEEDED:
                raise SystemExit(f"sync failed: {run.error}")
            results[label] = {
                "seconds": round(seconds, 2),
                "reservations": run.total,
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "rows_per_second": round(run.total / seconds, 1),
            }
            print(
                f"{label} sync: {run.total} reservations in {seconds:.2f}s "
                f"({run.total / seconds:.0f} rows/s; {run.created} created, {run.unchanged} unchanged)"
            )
        print(json.dumps({"bench": "sync_pms", "mock_reservations": args.reservations, **results}))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
