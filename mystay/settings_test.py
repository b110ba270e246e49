"""Test settings: the real PostgreSQL and Redis at their usual local addresses, overridable by env."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mystay")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("CELERY_BROKER_URL", os.environ["REDIS_URL"])
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("CACHE_KEY_PREFIX", "mystay-test")
# Tests kill database sessions on purpose (listener reconnects, teardown of the in-process ASGI
# server); plain per-thread connections keep those tests deterministic. The pool is exercised by
# the benches (bench/guest_hot_paths.py, bench/sse_fanout.py), which run with production settings.
os.environ.setdefault("DB_POOL", "false")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["mystay.api.renderers.ORJSONRenderer"]  # noqa: F405
# Most tests never commit (each runs in a transaction), so no change would ever reach the guest
# overview cache: it is off here and tested on its own, committing (tests/perf/test_overview_cache.py).
OVERVIEW_CACHE_SECONDS = 0
