import time
from contextlib import contextmanager

import pytest
from redis.connection import AbstractConnection

from stays import overview_cache


class RedisRoundTrips:
    """Counts round trips to Redis made by this process: one per request sent (a pipeline is one).

    Client-side, at the connection: every command or pipeline goes out through
    `send_packed_command`; redis-py's own idle-connection PING (check_health=False) is not ours."""

    def __init__(self):
        self.count = 0
        self.commands = []

    def reset(self):
        self.count = 0
        self.commands = []


@pytest.fixture
def redis_round_trips(monkeypatch):
    counter = RedisRoundTrips()
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        if check_health:
            counter.count += 1
            counter.commands.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return counter


@contextmanager
def assert_redis_round_trips(counter, expected):
    counter.reset()
    yield
    assert counter.count == expected, f"{counter.count} Redis round trips, expected {expected}: {counter.commands}"


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def settle_notifications(timeout=10.0):
    """Wait until the overview listener has applied every notification committed so far.

    PostgreSQL delivers a channel's notifications in commit order, so once a sentinel sent now has
    been applied, so have all the earlier ones (the fixtures' inserts among them). The sentinel is a
    confirmation number no stay carries: its notification drops the entry put here and nothing else.
    Without this a test that counts queries on a loaded machine can see a late notification drop the
    entry it just cached (CI, round 28)."""
    import uuid

    from django.db import connection

    sentinel = f"settle-{uuid.uuid4().hex}"
    # A notification applied between reading the epoch and the put refuses the put: try again.
    assert wait_until(lambda: overview_cache.cache.put_stay_ids(sentinel, (), overview_cache.cache.epoch), timeout)
    with connection.cursor() as cursor:  # autocommit (transactional_db): the NOTIFY goes out now
        cursor.execute("SELECT pg_notify(%s, %s)", [overview_cache.CHANNEL, f"confirmation:{sentinel}"])
    assert wait_until(lambda: overview_cache.cache.stay_ids(sentinel, 3600) is None, timeout), (
        "the overview listener did not apply the sentinel notification"
    )


@pytest.fixture
def overview_cache_on(settings, transactional_db):
    """The per-process overview cache as in production: on, with its LISTEN connection live.
    Needs committed transactions (transactional_db): notifications go out on commit."""
    settings.OVERVIEW_CACHE_SECONDS = 60
    overview_cache.listener.ensure_started()
    assert overview_cache.listener.live.wait(10), "the overview listener did not connect"
    yield overview_cache
    overview_cache.listener.stop()


class WsgiResponse:
    """What `WsgiClient` answers: the parts of Django's test response the tests read."""

    def __init__(self, status: str, headers: list, body: bytes):
        self.status_code = int(status.split(" ", 1)[0])
        self.headers = dict(headers)
        self.header_list = headers
        self.content = body

    def json(self):
        import json

        return json.loads(self.content)


class WsgiClient:
    """Requests through the production WSGI entry point (mystay.wsgi.application), fast lanes
    included, where Django's test client would call Django's handler directly."""

    def get(self, path, data=None, **extra):
        from django.test import RequestFactory

        from mystay import wsgi

        environ = RequestFactory().get(path, data, **extra).environ
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured.update(status=status, headers=list(headers))

        body = b"".join(wsgi.application(environ, start_response))
        return WsgiResponse(captured["status"], captured["headers"], body)


@pytest.fixture
def fresh_lane(monkeypatch):
    """The WSGI fast lanes as a new process has them: no headers of Django's kept yet."""
    from stays.api import lookup_lane, overview_lane

    for lane in (overview_lane.lane, lookup_lane.lane):
        monkeypatch.setattr(lane, "headers", {})


@pytest.fixture(params=["django", "wsgi"])
def any_api(request):
    """The guest API through Django's test client, then through the WSGI app (its fast lanes)."""
    from rest_framework.test import APIClient

    if request.param == "django":
        return APIClient()
    request.getfixturevalue("fresh_lane")
    return WsgiClient()


@pytest.fixture
def django_runs(monkeypatch):
    """The paths of the requests that reached Django through the WSGI app (not a fast lane)."""
    from mystay import wsgi

    seen = []
    real = wsgi.django_application

    def counting(environ, start_response):
        seen.append(environ["PATH_INFO"])
        return real(environ, start_response)

    monkeypatch.setattr(wsgi, "django_application", counting)
    return seen
