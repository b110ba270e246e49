"""`celery -A mystay worker` and `celery -A mystay beat` start against the configured Redis broker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def _run_until(args, marker, tmp_path, timeout=40):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mystay.settings",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    log = tmp_path / "celery.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [CELERY, "-A", "mystay", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                text = log.read_text()
                if marker in text:
                    return text
                if process.poll() is not None:
                    break
                time.sleep(0.2)
            pytest.fail(f"{' '.join(args)} did not print {marker!r}:\n{log.read_text()[-3000:]}")
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.mark.worker
def test_worker_starts_and_connects_to_the_broker(tmp_path):
    text = _run_until(
        [
            "worker",
            "--pool",
            "solo",
            "-l",
            "info",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"probe-{os.getpid()}@%h",
        ],
        "ready.",
        tmp_path,
    )
    assert "Connected to redis://" in text


def test_beat_starts_with_the_collected_schedule(tmp_path):
    text = _run_until(["beat", "-l", "debug", "-s", str(tmp_path / "beat-schedule")], "beat: Starting", tmp_path)
    assert "Traceback" not in text
