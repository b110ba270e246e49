import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from integrations.manager import reset_managers
from mystay import ratelimit

pytest_plugins = ["tests.stays.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache_and_managers():
    cache.clear()
    ratelimit.local.clear()
    reset_managers()
    yield
    cache.clear()
    ratelimit.local.clear()
    reset_managers()


@pytest.fixture
def api():
    return APIClient()
