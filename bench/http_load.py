"""HTTP load on the guest hot paths through the production process model, with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mystay_http_bench REDIS_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/python bench/http_load.py [--configs granian:2x1,uvicorn:2] [--endpoints guest,lookup,health] \
        [--duration 10] [--connections 16] [--threads 2] [--rounds 1] [--extra-stays 20000]

Seeds the demo data plus N extra stays, then for each server configuration starts the web server
the way production does (`scripts/serve web`: granian running the WSGI app) with production
settings (DEBUG off, throttles at their configured production values, the client address taken
from X-Forwarded-For as behind a load balancer: TRUSTED_PROXIES=127.0.0.1) and loads each endpoint
with `wrk -t T -c C -d D` (installed from Debian when missing), rotating over many requests
(bench/http_load.lua):

- guest:  `GET /api/v1/guest/stay` with the guest tokens of --guest-stays different stays;
- lookup: `GET /api/v1/stays/lookup` over --lookup-stays confirmations (right last name, the PMS
  refresh with its freshness window PMS_LOOKUP_CACHE_SECONDS), each request from its own client
  address, so that the per-client throttle (20/min) admits it as it would real guests;
- health: `GET /health`.

Each endpoint gets a --warmup run first (not counted). Prints one JSON line per configuration and
endpoint: req/s, p50/p90/p99 in ms, non-2xx answers (must be 0, else the figures measure errors),
and the machine's load average before the run (other work on the machine shows there).
Configurations: `granian:WxT` (scripts/serve web, W processes x T threads), `uvicorn:W` (the
previous model: the ASGI app for everything), `gunicorn:WxT` (gthread workers; only if gunicorn is
installed in the venv).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import ensure_database  # noqa: E402

VENV_BIN = Path(sys.executable).parent
LUA = ROOT / "bench" / "http_load.lua"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is not installed: apt-get install wrk (as root)")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "wrk"], env=apt).returncode:
        subprocess.run(["apt-get", "update"], env=apt, check=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "wrk"], env=apt, check=True)
    return shutil.which("wrk")


def configure(args) -> dict:
    from cryptography.fernet import Fernet

    env = {
        "DJANGO_SETTINGS_MODULE": "mystay.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": "bench-http",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOG_LEVEL": "WARNING",
        # wrk is the load balancer's stand-in: the client is the X-Forwarded-For address it sends.
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    os.environ.update(env)
    return env


def seed(extra_stays: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from stays.models import Guest, Hotel, Stay

    hotel = Hotel.objects.get(code="PAR")
    have = Stay.objects.filter(hotel=hotel, confirmation_number__startswith="HOT").count()
    if have >= extra_stays:
        return
    today = hotel.local_today()
    for start in range(have, extra_stays, 5000):
        end = min(extra_stays, start + 5000)
        guests = Guest.objects.bulk_create(
            Guest(hotel=hotel, first_name="Bench", last_name=f"Guest{i}", last_name_key=f"guest{i}")
            for i in range(start, end)
        )
        Stay.objects.bulk_create(
            Stay(hotel=hotel, guest=g, confirmation_number=f"HOT{i:07d}", arrival=today + dt.timedelta(days=i % 30),
                 departure=today + dt.timedelta(days=i % 30 + 2))
            for i, g in zip(range(start, end), guests, strict=True)
        )  # fmt: skip


def write_requests(workdir: Path, args, run: int) -> dict[str, Path]:
    from stays.models import Stay
    from stays.services.tokens import issue_guest_token

    stays = list(
        Stay.objects.filter(confirmation_number__startswith="HOT")
        .select_related("hotel", "guest")
        .order_by("confirmation_number")[: max(args.guest_stays, args.lookup_stays)]
    )
    files = {}
    guest = workdir / "guest.txt"
    guest.write_text(
        "".join(
            f"/api/v1/guest/stay\tAuthorization: Bearer {issue_guest_token(s)[0]}\n" for s in stays[: args.guest_stays]
        )
    )
    files["guest"] = guest
    # One client address per request line (the per-client throttle is 20/min): 10.<run>.x.y
    lookup = workdir / "lookup.txt"
    lines = []
    for i in range(args.lookup_lines):
        stay = stays[i % args.lookup_stays]
        address = f"10.{run % 250}.{(i // 250) % 250}.{i % 250 + 1}"
        lines.append(
            f"/api/v1/stays/lookup?confirmation={stay.confirmation_number}&last_name={stay.guest.last_name}"
            f"\tX-Forwarded-For: {address}\n"
        )
    lookup.write_text("".join(lines))
    files["lookup"] = lookup
    health = workdir / "health.txt"
    health.write_text("/health\n")
    files["health"] = health
    return files


def server_command(config: str, port: int) -> tuple[list[str], dict]:
    kind, _, shape = config.partition(":")
    if kind == "granian":
        workers, _, threads = (shape or "2x1").partition("x")
        env = {"WEB_PORT": str(port), "WEB_WORKERS": workers, "WEB_THREADS": threads or "1"}
        return [str(ROOT / "scripts" / "serve"), "web"], env
    if kind == "uvicorn":
        return [str(VENV_BIN / "uvicorn"), "mystay.asgi:application", "--port", str(port), "--workers", shape or "1",
                "--no-access-log", "--log-level", "warning"], {}  # fmt: skip
    if kind == "gunicorn":
        if not (VENV_BIN / "gunicorn").exists():
            raise SystemExit("gunicorn is not installed in this venv (pip install gunicorn)")
        workers, _, threads = (shape or "2x1").partition("x")
        return [str(VENV_BIN / "gunicorn"), "mystay.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", workers,
                "-k", "gthread", "--threads", threads or "1", "--log-level", "warning"], {}  # fmt: skip
    raise SystemExit(f"unknown configuration {config!r}")


def start_server(config: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    import requests

    command, extra = server_command(config, port)
    out = log.open("wb")
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env, **extra, "VENV": str(VENV_BIN.parent)},
        stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{config} exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{config} did not answer /health:\n{log.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_wrk(wrk: str, args, port: int, requests_file: Path, seconds: int) -> dict:
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "5s",
               "-s", str(LUA), f"http://127.0.0.1:{port}", "--", str(requests_file)]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    return json.loads(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", default="granian:2x1")
    parser.add_argument("--endpoints", default="guest,lookup,health")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--extra-stays", type=int, default=20000)
    parser.add_argument(
        "--guest-stays", type=int, default=5000, help="distinct guest tokens the guest load rotates over"
    )
    parser.add_argument("--lookup-stays", type=int, default=2000, help="distinct confirmations the lookups rotate over")
    parser.add_argument("--lookup-lines", type=int, default=60000, help="lookup requests (client addresses) per round")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "4240")))
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mystay_http_bench")
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()

    wrk = ensure_wrk()
    env = configure(args)
    ensure_database(args.database_url)
    seed(args.extra_stays)
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    workdir = Path(tempfile.mkdtemp(prefix="mystay-http-load-"))
    run = 0
    for config in args.configs.split(","):
        process = start_server(config, args.port, env, workdir / f"server-{config.replace(':', '-')}.log")
        try:
            for endpoint in args.endpoints.split(","):
                for round_no in range(args.rounds):
                    run += 1
                    files = write_requests(workdir, args, run)
                    if args.warmup:
                        run_wrk(wrk, args, args.port, files[endpoint], args.warmup)
                    load = os.getloadavg()
                    result = run_wrk(wrk, args, args.port, files[endpoint], args.duration)
                    seconds = result["duration_us"] / 1e6
                    print(json.dumps({
                        "config": config, "endpoint": endpoint, "round": round_no + 1,
                        "rps": round(result["requests"] / seconds, 1),
                        "p50_ms": round(result["p50_us"] / 1000, 2), "p90_ms": round(result["p90_us"] / 1000, 2),
                        "p99_ms": round(result["p99_us"] / 1000, 2), "max_ms": round(result["max_us"] / 1000, 2),
                        "requests": result["requests"], "non2xx": result["non2xx"],
                        "socket_errors": result["socket_errors"],
                        "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s",
                        "load_before": [round(x, 2) for x in load], "cpus": os.cpu_count(),
                        "throttles": {k: rates[k] for k in ("lookup_client", "guest") if k in rates},
                        "pms_lookup_cache_seconds": settings.PMS_LOOKUP_CACHE_SECONDS,
                        "rotating_over": {"guest": args.guest_stays, "lookup": args.lookup_stays}[endpoint]
                        if endpoint in ("guest", "lookup") else 1,
                        "warmup_s": args.warmup,
                    }), flush=True)  # fmt: skip
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()
