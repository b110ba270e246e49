"""The production process model: `scripts/serve web` (granian, WSGI) serves the API; realtime streams
are refused there (they belong to the ASGI server, `scripts/serve realtime`)."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from mystay import wsgi

ROOT = Path(__file__).resolve().parents[2]


def _call_wsgi(path, method="GET"):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured.update(status=status, headers=dict(headers))

    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
    }  # fmt: skip
    body = b"".join(wsgi.application(environ, start_response))
    return captured["status"], body, captured["headers"]


def test_wsgi_app_refuses_realtime_streams_with_a_json_error():
    status, body, _ = _call_wsgi("/api/v1/realtime/stay")
    assert status.startswith("421")
    assert b'"code":"realtime_not_served_here"' in body


@pytest.mark.django_db
def test_wsgi_app_serves_the_api():
    status, body, _ = _call_wsgi("/health")
    assert status.startswith("200")
    assert b'"ok"' in body


@pytest.mark.django_db
def test_liveness_probes_replay_djangos_first_answer_without_running_django(monkeypatch):
    monkeypatch.setattr(wsgi, "liveness", wsgi.Liveness())
    first = _call_wsgi("/health")
    assert first[0].startswith("200") and b'"ok"' in first[1]
    assert first[2]["X-Content-Type-Options"] == "nosniff"  # Django's security headers are kept

    def django_must_not_run(environ, start_response):
        raise AssertionError("a liveness probe reached Django")

    monkeypatch.setattr(wsgi, "django_application", django_must_not_run)
    assert _call_wsgi("/health") == first


@pytest.mark.django_db
def test_liveness_keeps_nothing_but_a_200_and_only_answers_get(monkeypatch):
    monkeypatch.setattr(wsgi, "liveness", wsgi.Liveness())
    status, _, _ = _call_wsgi("/health", method="POST")
    assert status[:3] in {"403", "405"}  # other methods: Django (CSRF, then GET only), every time
    assert wsgi.liveness.kept is None
    calls = []
    real = wsgi.django_application

    def failing_once(environ, start_response):
        calls.append(environ["PATH_INFO"])
        if len(calls) == 1:
            start_response("503 Service Unavailable", [("Content-Type", "application/json")])
            return [b'{"code":"x"}']
        return real(environ, start_response)

    monkeypatch.setattr(wsgi, "django_application", failing_once)
    assert _call_wsgi("/health")[0].startswith("503")
    assert wsgi.liveness.kept is None  # an error is never replayed
    assert _call_wsgi("/health")[0].startswith("200")
    assert len(calls) == 2


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.worker
def test_scripts_serve_web_answers_through_granian(tmp_path):
    port = _free_port()
    env = {**os.environ, "WEB_PORT": str(port), "WEB_WORKERS": "1", "DJANGO_SETTINGS_MODULE": "mystay.settings"}
    log = open(tmp_path / "web.log", "wb")
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve"), "web"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "web.log").read_text()[-3000:]
            try:
                response = requests.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.3)
        else:
            pytest.fail("scripts/serve web did not answer:\n" + (tmp_path / "web.log").read_text()[-3000:])
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        stream = requests.get(f"http://127.0.0.1:{port}/api/v1/realtime/stay", timeout=5)
        assert stream.status_code == 421
        assert stream.json()["code"] == "realtime_not_served_here"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
