"""Throttles on atomic Redis counters, one pool per process, and the API with Redis unreachable."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache import caches
from redis.client import Pipeline
from redis.commands.core import Script

from mystay import ratelimit
from mystay.cache import SharedConnectionPool, redis_cache_settings
from tests.stays.fixtures import guest_token, lookup

pytestmark = pytest.mark.django_db

CLOSED_PORT_URL = "redis://127.0.0.1:4239/0"  # in our range, nothing listens there


@pytest.fixture
def redis_down(settings):
    """The cache (and the throttles' counters) pointed at a port where no Redis listens."""
    settings.CACHES = {"default": redis_cache_settings(CLOSED_PORT_URL, key_prefix="mystay-test-down")}
    yield
    SharedConnectionPool.reset_all()


def _login(api, password="correct horse battery", **extra):
    return api.post(
        "/api/v1/auth/staff/login", {"email": "desk@par.test", "password": password}, format="json", **extra
    )


def test_parse_rate():
    assert ratelimit.parse_rate("10/min") == (10, 60)
    assert ratelimit.parse_rate("5/15min") == (5, 900)
    assert ratelimit.parse_rate("100/h") == (100, 3600)
    assert ratelimit.parse_rate("3/2days") == (3, 172800)
    with pytest.raises(ValueError):
        ratelimit.parse_rate("ten per minute")


def test_counters_are_atomic_across_threads():
    key = "test:atomic"

    def hit(_):
        return ratelimit.run([ratelimit.Hit(key, 60)])[0].value

    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(hit, range(200)))
    # Every hit got its own number: no two requests read the same count (no lost update).
    assert sorted(values) == list(range(1, 201))
    (peek,) = ratelimit.run([ratelimit.Peek(key)])
    assert peek.value == 200 and 0 < peek.retry_after <= 60


def test_a_throttle_check_is_one_round_trip(monkeypatch):
    executes, commands = [], []
    real_execute = Pipeline.execute
    real_command = redis.Redis.execute_command
    monkeypatch.setattr(Pipeline, "execute", lambda self, *a, **k: executes.append(1) or real_execute(self, *a, **k))
    monkeypatch.setattr(
        redis.Redis, "execute_command", lambda self, *a, **k: commands.append(a[0]) or real_command(self, *a, **k)
    )
    ratelimit.run([ratelimit.Peek("test:warm")])  # the script is loaded once per Redis (EVAL on NOSCRIPT)
    executes.clear(), commands.clear()
    counts = ratelimit.run([ratelimit.Hit("test:rt", 60), ratelimit.Peek("test:rt2"), ratelimit.Hit("test:rt3", 5)])
    assert [c.value for c in counts] == [1, 0, 1]
    assert [c.retry_after for c in counts] == [60, 0, 5]
    assert executes == [] and commands == ["EVALSHA"]  # one command, one reply, for the whole check


def test_the_window_starts_with_the_first_hit_and_ends_with_it():
    from django.core.cache import cache

    key = "test:window"
    assert [ratelimit.run([ratelimit.Hit(key, 1)])[0].value for _ in range(3)] == [1, 2, 3]
    time.sleep(1.2)
    assert ratelimit.run([ratelimit.Hit(key, 1)])[0].value == 1  # a new window
    # A counter left without an expiry (written by something else) gets one at its next hit.
    raw = cache._cache.get_client(write=True)
    stuck = cache.make_and_validate_key(f"{ratelimit.KEY_NAMESPACE}:test:stuck")
    raw.set(stuck, 7)
    (count,) = ratelimit.run([ratelimit.Hit("test:stuck", 30)])
    assert count.value == 8 and count.retry_after == 30 and 0 < raw.ttl(stuck) <= 30


def test_one_connection_pool_per_process():
    pools = []

    def pool_of_this_thread():
        pools.append(caches["default"]._cache._get_connection_pool(True))

    threads = [threading.Thread(target=pool_of_this_thread) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pool_of_this_thread()
    assert len({id(p) for p in pools}) == 1
    assert isinstance(pools[0], SharedConnectionPool)


def test_guest_throttle_counts_in_redis(api, stay, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "guest": "3/min",
    }
    token = guest_token(api, stay)
    statuses = [api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    (count,) = ratelimit.run([ratelimit.Peek(f"guest:stay-{stay.pk}")])
    assert count.value == 4


# -- Redis unreachable (defect #2) ---------------------------------------------------------------
def test_with_redis_down_the_guest_api_answers(api, stay, front_desk, redis_down):
    response = lookup(api, "ABC123", "Dupré")
    assert response.status_code == 200, response.content
    auth = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}
    assert api.get("/api/v1/guest/stay", **auth).status_code == 200
    assert api.get("/api/v1/guest/tips", **auth).status_code == 200
    api.post("/api/v1/guest/payment-methods", {"payment_method_id": "pm_card_visa"}, format="json", **auth)
    tip = api.post("/api/v1/guest/tips", {"amount": "5.00"}, format="json", HTTP_IDEMPOTENCY_KEY="k1", **auth)
    assert tip.status_code == 201, tip.content
    # Staff sign-in fails safe: a clear 503, never unlimited guessing and never a 500.
    login = _login(api)
    assert login.status_code == 503
    assert login.json()["code"] == "rate_limit_unavailable"


def test_with_redis_down_lookups_are_still_limited_per_process(api, stay, redis_down):
    statuses = [lookup(api, f"NOPE{i}", "Dupré").status_code for i in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_with_redis_down_connects_are_not_retried_on_every_call(redis_down):
    import time

    from mystay.ratelimit import CountersUnavailable

    with pytest.raises(CountersUnavailable):
        ratelimit.run([ratelimit.Hit("x", 60)])
    started = time.monotonic()
    for _ in range(50):
        with pytest.raises(CountersUnavailable):
            ratelimit.run([ratelimit.Hit("x", 60)])
    assert time.monotonic() - started < 0.5


def test_staff_login_throttle_per_client(api, front_desk, settings):
    settings.AXES_FAILURE_LIMIT = 100  # this test is about the API's own per-client throttle
    statuses = [_login(api, password="nope", REMOTE_ADDR="198.51.100.7").status_code for _ in range(11)]
    assert statuses[-1] == 429 and statuses[-1]
    assert _login(api, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_throttling_a_guest_request_or_a_lookup_is_one_round_trip(api, stay, monkeypatch):
    executes = []
    real_call = Script.__call__
    monkeypatch.setattr(Script, "__call__", lambda self, *a, **k: executes.append(1) or real_call(self, *a, **k))
    response = lookup(api, "ABC123", "Dupré")
    assert response.status_code == 200 and executes == [1]  # client counter + both failure counters
    executes.clear()
    api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert executes == [1]


def test_a_cache_flag_is_read_in_the_counters_round_trip(settings):
    from django.core.cache import cache

    cache.set("test:flag-on", 1, timeout=30)
    cache.delete("test:flag-off")
    on, off, hit = ratelimit.run(
        [ratelimit.CacheFlag("test:flag-on"), ratelimit.CacheFlag("test:flag-off"), ratelimit.Hit("test:flag-hit", 9)]
    )
    assert (on.value, off.value, hit.value) == (1, 0, 1)
    # Without Redis (the demo's local-memory cache) the flag is the process's own cache entry.
    assert [c.value for c in ratelimit.local.run([ratelimit.CacheFlag("test:flag-on")])] == [1]
