"""Test helpers: a real uvicorn server in a thread, and an SSE client that records what arrives."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time

import requests
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveAsgiServer:
    def __init__(self):
        from mystay.asgi import application

        self.port = free_port()
        config = uvicorn.Config(application, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextlib.contextmanager
def serving():
    """A live ASGI server for a test; afterwards its threads' database connections are closed, so
    the test database can be dropped."""
    from django.db import connection

    with LiveAsgiServer() as live:
        yield live
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


class SSEClient:
    """Reads a stream in a thread; `events` holds (received_at, parsed event) pairs."""

    def __init__(self, url, token=None, last_event_id=None, params=None):
        headers = {"Accept": "text/event-stream"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.response = requests.get(url, headers=headers, params=params, stream=True, timeout=(3, 30))
        self.events: list[tuple[float, dict]] = []
        self.comments: list[str] = []
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        data = []
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith("retry:"):
                    self.ready.set()
                elif line.startswith(":"):
                    self.comments.append(line)
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
                elif line == "" and data:
                    self.events.append((time.monotonic(), json.loads("".join(data))))
                    data = []
        except Exception:  # the test closed the stream
            pass

    def wait_for(self, predicate, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for received, event in self.events:
                if predicate(event):
                    return received, event
            time.sleep(0.01)
        return None

    def close(self):
        self.response.close()
