"""Notification throughput through one Celery worker.

Writes N notifications to the outbox (through `notify()`, in transactions of 500, as the apps do),
then starts one `celery -A mystay worker` (prefork, --concurrency C) and measures how many rows per
second it delivers (claim, render the template, send through the mock channel, mark sent, publish
the realtime event) until all N are sent.

    python bench/notifications_throughput.py [--n 2000] [--concurrency 4] [--latency-ms 0]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mystay_bench, created and migrated
if missing) and REDIS_URL (default redis://127.0.0.1:6379/14) as broker; prints one JSON line. On a
shared machine the rate depends on the load, so the line also gives the load average and the CPU
the worker's processes spent per notification (Linux /proc), which depends on MyStay alone.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import ensure_database  # noqa: E402


def configure_environment(args) -> dict:
    import secrets

    from cryptography.fernet import Fernet

    # Production settings (DEBUG off: cached template loader, no query log), throwaway keys.
    env = {
        "DJANGO_SETTINGS_MODULE": "mystay.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CELERY_BROKER_URL": args.redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CACHE_KEY_PREFIX": "bench-notifications",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def start_worker(env: dict, concurrency: int, log_path: Path) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(celery), "-A", "mystay", "worker", "-P", "prefork", "-c", str(concurrency), "-l", "info",
         "-n", f"bench-{uuid.uuid4().hex[:6]}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"worker exited:\n{log_path.read_text()[-3000:]}")
        if b" ready." in log_path.read_bytes():
            return process
        time.sleep(0.05)
    raise SystemExit("worker did not start")


def process_tree_cpu_seconds(root: int) -> float:
    """User + system CPU of a process and its live descendants so far (0.0 without /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = entry.read_text().split(" ", 1)
            fields = rest.rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        stats[int(pid)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)  # ppid, utime + stime
    tree, total, grown = {root}, 0.0, True
    while grown:
        before = len(tree)
        tree |= {pid for pid, (ppid, _) in stats.items() if ppid in tree}
        grown = len(tree) > before
    for pid in tree:
        total += stats.get(pid, (0, 0.0))[1]
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--latency-ms", type=int, default=0, help="simulated vendor latency per message")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mystay_bench")
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()

    env = configure_environment(args)
    ensure_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from integrations.notifications.models import Notification
    from integrations.notifications.services import notify
    from integrations.services import configure_integration
    from mystay.celery import app
    from stays.models import Hotel

    call_command("migrate", verbosity=0)
    hotel, _ = Hotel.objects.get_or_create(code="BENCH", defaults={"name": "Bench hotel"})
    configure_integration(hotel=hotel, capability="email", provider="mock", config={"latency_ms": args.latency_ms})
    Notification.objects.filter(hotel=hotel).delete()
    app.control.purge()

    run = uuid.uuid4().hex[:8]
    started = time.monotonic()
    for start in range(0, args.n, 500):
        with transaction.atomic():
            for i in range(start, min(args.n, start + 500)):
                notify(
                    hotel=hotel,
                    channel="email",
                    recipient=f"guest{i}@example.com",
                    template="payment_receipt",
                    language="fr" if i % 2 else "en",
                    context={"first_name": "Guest", "amount": "42.00", "currency": "EUR", "payment_id": f"p{i}"},
                    dedupe_key=f"bench:{run}:{i}",
                )
    enqueue_seconds = time.monotonic() - started

    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-notifications-{run}.log"
    worker = start_worker(env, args.concurrency, log_path)
    try:
        idle_cpu = process_tree_cpu_seconds(worker.pid)  # start-up
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        sent = Notification.objects.filter(hotel=hotel, status=Notification.Status.SENT)
        while (count := sent.count()) < args.n:
            if time.monotonic() - started > 600:
                raise SystemExit(f"only {count}/{args.n} delivered after 600 s; see {log_path}")
            time.sleep(0.05)
        drain_seconds = time.monotonic() - started
        worker_cpu = process_tree_cpu_seconds(worker.pid) - idle_cpu
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    attempts = sum(Notification.objects.filter(hotel=hotel).values_list("attempts", flat=True))
    print(
        json.dumps(
            {
                "notifications": args.n,
                "worker_concurrency": args.concurrency,
                "vendor_latency_ms": args.latency_ms,
                "enqueue_per_second": round(args.n / enqueue_seconds, 1),
                "delivered_per_second": round(args.n / drain_seconds, 1),
                "drain_seconds": round(drain_seconds, 2),
                "attempts_per_notification": round(attempts / args.n, 3),
                "worker_cpu_ms_per_notification": round(1000 * worker_cpu / args.n, 3),
                "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # before, after
                "cpus": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
