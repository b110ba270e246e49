"""SSE fan-out bench: how many concurrent streams a realtime process holds, and event latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mystay_bench .venv/bin/python bench/sse_fanout.py \
        --streams 1000 [--processes 2]

Starts P realtime processes (`uvicorn mystay.asgi:application`, one event loop each, as
`scripts/serve realtime` does) on consecutive ports, opens N staff streams on one hotel over raw
sockets, spread evenly over the processes, then publishes events from this (separate) process
(committed rows + pg_notify) and measures, for each event, the time from commit until every
stream has received it, and for each stream's copy, the time from commit until it arrived.
With --processes 2 every event must reach the streams of both processes: the fan-out goes through
PostgreSQL NOTIFY, so it scales out with the processes. Prints a JSON summary (streams held,
latency percentiles, server RSS and server CPU per event per process, load average). The clients
share this machine's CPU with the servers: compare runs at a similar load average.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import ensure_database  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mystay_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")
os.environ.setdefault("DEBUG", "true")


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from stays.models import Hotel, StaffRole, User
    from stays.services.tokens import issue_staff_token

    hotel, _ = Hotel.objects.get_or_create(code="BENCH", defaults={"name": "Bench hotel"})
    user = User.objects.filter(email="bench@bench.test").first() or User.objects.create_user(
        email="bench@bench.test", password="bench-password-1", hotel=hotel, role=StaffRole.MANAGER
    )
    token, _ = issue_staff_token(user)
    return hotel, token


EVENT_ID = re.compile(rb"\nid: (\d+)\n")


async def open_stream(port, token, received, index, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
    writer.write(
        f"GET /api/v1/realtime/hotel HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    status = await reader.readline()
    if b"200" not in status:
        raise RuntimeError(f"stream {index}: {status!r}")
    # The client reads what has arrived and finds the events' ids in the raw bytes (each SSE event
    # starts with its `id:` line, after the chunk header's CRLF): a client that parsed every line and
    # its JSON would spend, on this shared CPU, a good part of what the bench means to measure.
    pending, following = b"", False
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            return
        arrived = time.monotonic()
        pending += chunk
        if not following and b"\nretry:" in pending:
            following = True
            ready.release()
        end = 0
        for match in EVENT_ID.finditer(pending):
            received.setdefault(int(match[1]), []).append(arrived)
            end = match.end()
        pending = pending[end:] if end else pending[-64:]  # an id line cut in two is completed next read


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def main(args, hotel, token):
    from asgiref.sync import sync_to_async
    from django.db import transaction

    from integrations.realtime import publish

    ports = [args.port + i for i in range(args.processes)]
    env = {**os.environ, "REALTIME_HEARTBEAT_SECONDS": "30"}
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "mystay.asgi:application",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "2",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:  # wait until each process answers (a loaded machine starts them slowly)
            for _ in range(600):
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.close()
                    break
                except OSError:
                    await asyncio.sleep(0.1)
        received: dict[int, list[float]] = {}
        ready = asyncio.Semaphore(0)
        tasks = []
        opened_at = time.monotonic()
        for i in range(args.streams):
            port = ports[i % len(ports)]
            tasks.append(asyncio.create_task(open_stream(port, token, received, i, ready)))
            if i % 100 == 99:
                await asyncio.sleep(0.05)
        for _ in range(args.streams):
            await asyncio.wait_for(ready.acquire(), timeout=60)
        open_seconds = time.monotonic() - opened_at

        def emit(n):
            with transaction.atomic():
                event = publish(hotel_id=hotel.pk, type="bench.tick", data={"n": n})
            return event.pk, time.monotonic()

        # A stream is only following live events once its start-up read is done (they queue up on the
        # process's two database threads): one unmeasured event must reach every stream first.
        warm_id, _ = await sync_to_async(emit)(-1)
        deadline = time.monotonic() + 120
        while len(received.get(warm_id, [])) < args.streams and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        ready_seconds = time.monotonic() - opened_at
        load_before = os.getloadavg()
        cpu_before = [cpu_seconds(server.pid) for server in servers]

        # The clients' own garbage collections would delay their reads and be counted as the
        # server's latency: this process does not collect while it measures.
        gc.freeze()
        gc.disable()
        latencies, copies = [], []
        for n in range(args.events):
            event_id, committed = await sync_to_async(emit)(n)
            deadline = time.monotonic() + 10
            while len(received.get(event_id, [])) < args.streams and time.monotonic() < deadline:
                await asyncio.sleep(0.002)
            arrivals = received.get(event_id, [])
            if len(arrivals) < args.streams:
                raise RuntimeError(f"event {event_id}: only {len(arrivals)}/{args.streams} streams received it")
            latencies.append(max(arrivals) - committed)
            copies.extend(arrival - committed for arrival in arrivals)
            await asyncio.sleep(args.interval)

        gc.enable()
        cpu_used = [cpu_seconds(server.pid) - before for server, before in zip(servers, cpu_before, strict=True)]

        def rss_mb(pid):
            with open(f"/proc/{pid}/status") as status:
                return round(int(next(line.split()[1] for line in status if line.startswith("VmRSS"))) / 1024, 1)

        def percentiles(values):
            values = sorted(values)
            at = lambda q: round(values[min(len(values) - 1, int(len(values) * q))] * 1000, 1)  # noqa: E731
            return {"p50": round(statistics.median(values) * 1000, 1), "p95": at(0.95), "p99": at(0.99),
                    "max": round(values[-1] * 1000, 1)}  # fmt: skip

        summary = {
            "streams": args.streams,
            "processes": args.processes,
            "streams_per_process": args.streams // args.processes,
            "events": args.events,
            "open_all_streams_s": round(open_seconds, 2),
            "all_streams_following_s": round(ready_seconds, 2),
            # per event: commit -> the last of all N streams has it
            "latency_all_streams_ms": percentiles(latencies),
            # per delivered copy: commit -> this stream has it
            "latency_per_stream_ms": percentiles(copies),
            "server_rss_mb": [rss_mb(server.pid) for server in servers],
            # CPU each server process spent per event while the events were measured (every copy
            # sent, plus whatever else it did meanwhile): what the fan-out costs, whatever the load.
            "server_cpu_ms_per_event": [round(cpu * 1000 / args.events, 1) for cpu in cpu_used],
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
        }
        print(json.dumps(summary, indent=2))
        for task in tasks:
            task.cancel()
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between events")
    parser.add_argument("--processes", type=int, default=1, help="realtime (uvicorn) processes")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8765")))
    ensure_database()
    hotel, token = setup_django()
    asyncio.run(main(parser.parse_args(), hotel, token))
