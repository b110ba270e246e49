"""The outbox with a real Celery worker process on Redis (marked `worker`).

The worker runs `celery -A mystay worker -B` against the test database (rows are committed:
transactional tests) with short retry, lease and sweep timings. The mock channel records every
send() call and every accepted delivery in Redis, which the test reads back.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from integrations.channels import mock
from integrations.notifications.models import Notification
from integrations.notifications.services import notify
from integrations.services import configure_integration
from mystay.celery import app as celery_app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
CONCURRENCY = 4
WORKER_SETTINGS = {
    "NOTIFICATION_RETRY_BASE_SECONDS": "0.2",
    "NOTIFICATION_LEASE_SECONDS": "4",
    "NOTIFICATION_SWEEP_SECONDS": "1",
    "NOTIFICATION_SWEEP_GRACE_SECONDS": "2",
}


def test_database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


class Worker:
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.process: subprocess.Popen | None = None
        self.log_path = tmp_path / "worker.log"

    def start(self, timeout: float = 30.0) -> None:
        env = {
            **os.environ,
            **WORKER_SETTINGS,
            "DJANGO_SETTINGS_MODULE": "mystay.settings_test",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": os.environ.get("REDIS_URL", settings.CELERY_BROKER_URL),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        }
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(CELERY), "-A", "mystay", "worker", "-B",
                "-s", str(self.tmp_path / "beat-schedule"),
                "-P", "prefork", "-c", str(CONCURRENCY),
                "-n", f"ntf-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-l", "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool children die with it
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited early:\n{self.log()}")
            if b" ready." in self.log_path.read_bytes()[offset:]:
                return
            time.sleep(0.1)
        raise AssertionError(f"worker not ready:\n{self.log()}")

    def kill(self) -> int:
        """SIGKILL the worker and its pool: no shutdown, no acknowledgements, like a lost machine."""
        os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]


@pytest.fixture
def worker(tmp_path):
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # this process only enqueues; the worker delivers
    celery_app.control.purge()
    w = Worker(tmp_path)
    try:
        yield w
    finally:
        w.stop()
        celery_app.conf.task_always_eager = eager
        celery_app.control.purge()


def wait_for(predicate, *, timeout: float, worker: Worker, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}\n--- worker log ---\n{worker.log()}")


def enqueue(hotel, keys, template="payment_receipt"):
    with transaction.atomic():
        for key in keys:
            notify(
                hotel=hotel,
                channel="email",
                recipient=f"{key.replace(':', '-')}@example.com",
                template=template,
                language="fr",
                context={"first_name": "Hélène", "amount": "12.50", "currency": "EUR", "payment_id": key},
                dedupe_key=key,
            )


def test_thousand_notifications_are_delivered_exactly_once_through_a_worker_crash(worker, hotel):
    configure_integration(hotel=hotel, capability="email", provider="mock", config={"latency_ms": 3})
    keys = [f"bulk:{i}" for i in range(1000)]
    worker.start()
    enqueue(hotel, keys)

    wait_for(lambda: mock.delivered_count() >= 200, timeout=60, worker=worker, what="200 deliveries")
    assert worker.kill() == -signal.SIGKILL
    delivered_at_kill = mock.delivered_count()
    assert 200 <= delivered_at_kill < 1000, "the worker must die mid-run"

    worker.start()  # the queued messages are consumed; the sweep re-queues what the dead worker held
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    wait_for(lambda: sent.count() == 1000, timeout=120, worker=worker, what="all 1000 rows sent")

    delivered = mock.delivered_ids(keys)
    assert len(delivered) == 1000
    assert len(set(delivered.values())) == 1000  # one accepted message per key
    calls = mock.call_counts(keys)
    assert set(calls) == set(keys)
    resent = {k: n for k, n in calls.items() if n > 1}
    # A second send() can only come from a row that was in flight when the worker died (one per pool
    # process), after its lease ran out; every other row was sent exactly once.
    assert len(resent) <= CONCURRENCY and all(n == 2 for n in resent.values()), resent
    assert Notification.objects.filter(attempts__gt=1).count() <= CONCURRENCY
    rows = Notification.objects.values_list("dedupe_key", "provider_message_id")
    assert {key: mid for key, mid in rows} == delivered


def test_a_provider_failing_twice_is_retried_and_delivered(worker, hotel):
    configure_integration(hotel=hotel, capability="email", provider="mock", config={"fail_first": 2})
    worker.start()
    enqueue(hotel, ["flaky:1"])
    row = Notification.objects.filter(dedupe_key="flaky:1")
    wait_for(lambda: row.filter(status="sent").exists(), timeout=30, worker=worker, what="the retried delivery")
    sent = row.get()
    assert sent.attempts == 3 and sent.last_error == ""
    assert mock.calls("flaky:1") == 3


def test_a_permanent_failure_is_dead_lettered(worker, hotel):
    configure_integration(hotel=hotel, capability="email", provider="mock", config={"fail_permanently": True})
    worker.start()
    enqueue(hotel, ["refused:1"])
    row = Notification.objects.filter(dedupe_key="refused:1")
    wait_for(lambda: row.filter(status="dead").exists(), timeout=30, worker=worker, what="the dead letter")
    dead = row.get()
    assert dead.attempts == 1 and dead.last_error == "Mock channel refuses this recipient."
    time.sleep(1.5)  # sweeps run meanwhile: a dead row is left alone
    assert mock.calls("refused:1") == 1 and row.get().status == "dead"
