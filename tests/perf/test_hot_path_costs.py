"""Database queries and Redis round trips per request on the guest hot paths, asserted exactly, and
shown not to grow with the data. Redis round trips are counted at the client (tests/perf/conftest.py)."""

import pytest
from django.core.cache import cache

from stays.services import tokens
from tests.stays.factories import StayFactory
from tests.stays.fixtures import guest_token

from .conftest import assert_redis_round_trips, settle_notifications

# A lookup that asks the PMS: the stay (with hotel, guest, room), the hotel's integrations, the mock
# PMS's read; Redis: client throttle with the failure counters (one pipeline), freshness marker (get),
# integrations version (get, set once, get), freshness marker (set).
LOOKUP_QUERIES_PMS = 3
LOOKUP_RT_PMS = 6
# Within the freshness window: the stay; client throttle with the failure counters, freshness marker.
LOOKUP_QUERIES_FRESH = 1
LOOKUP_RT_FRESH = 2
# The same with the process cache on (production): the stays by number come from the cache, so their
# freshness markers are read in the throttle's own round trip. No query, one round trip.
LOOKUP_RT_FRESH_CACHED = 1
# A miss: the (empty) stay query; client throttle with the failure counters (peek), failure counters (hit).
LOOKUP_RT_MISS = 2


def _get(api, token):
    return api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")


def _more_stays(hotel, n=30):
    for _ in range(n):
        StayFactory(hotel=hotel)


@pytest.mark.usefixtures("overview_cache_on")
def test_guest_stay_cached_no_query_one_redis_round_trip(
    api, hotel, stay, django_assert_num_queries, redis_round_trips
):
    token, _ = tokens.issue_guest_token(stay)  # (a lookup would have read the stay into the cache)
    settle_notifications()  # the fixtures' own inserts must not drop the entry the first read keeps
    # First read in this process: the stay with its hotel, guest and room in one query.
    with django_assert_num_queries(1), assert_redis_round_trips(redis_round_trips, 1):
        assert _get(api, token).status_code == 200
    _more_stays(hotel)
    settle_notifications()
    # Then: the throttle's counter (one pipeline) and nothing else.
    for _ in range(3):
        with django_assert_num_queries(0), assert_redis_round_trips(redis_round_trips, 1):
            assert _get(api, token).status_code == 200


@pytest.mark.django_db
def test_guest_stay_uncached_one_query_one_redis_round_trip(
    api, hotel, stay, django_assert_num_queries, redis_round_trips
):
    """Cache off (or its listener down): one primary-key query with its joins, whatever the data."""
    token = guest_token(api, stay)
    for more in (0, 30):
        _more_stays(hotel, more)
        with django_assert_num_queries(1), assert_redis_round_trips(redis_round_trips, 1):
            assert _get(api, token).status_code == 200


@pytest.mark.django_db
def test_lookup_costs(api, hotel, stay, django_assert_num_queries, redis_round_trips):
    url = f"/api/v1/stays/lookup?confirmation={stay.confirmation_number}&last_name={stay.guest.last_name}"
    cache.clear()
    # The first lookup asks the PMS (the mock answers from our own tables) and marks the stay fresh.
    with django_assert_num_queries(LOOKUP_QUERIES_PMS), assert_redis_round_trips(redis_round_trips, LOOKUP_RT_PMS):
        assert api.get(url).status_code == 200
    _more_stays(hotel)
    # Within the freshness window (PMS_LOOKUP_CACHE_SECONDS) the PMS is not asked again.
    for _ in range(2):
        with (
            django_assert_num_queries(LOOKUP_QUERIES_FRESH),
            assert_redis_round_trips(redis_round_trips, LOOKUP_RT_FRESH),
        ):
            assert api.get(url).status_code == 200


@pytest.mark.django_db
def test_lookup_miss_costs_the_same_whatever_the_data(api, hotel, django_assert_num_queries, redis_round_trips):
    url = "/api/v1/stays/lookup?confirmation=NOPE123&last_name=nobody"
    for more in (0, 30):
        _more_stays(hotel, more)
        with django_assert_num_queries(1), assert_redis_round_trips(redis_round_trips, LOOKUP_RT_MISS):
            assert api.get(url).status_code == 404


@pytest.mark.usefixtures("overview_cache_on")
def test_lookup_within_the_freshness_window_costs_no_query_with_the_process_cache(
    api, hotel, stay, django_assert_num_queries, redis_round_trips
):
    url = f"/api/v1/stays/lookup?confirmation={stay.confirmation_number}&last_name={stay.guest.last_name}"

    cache.clear()
    _more_stays(hotel)
    assert api.get(url).status_code == 200  # asks the PMS (which may rewrite the stay), marks it fresh
    settle_notifications()  # every notification of what was committed so far is in (they may drop entries)
    assert api.get(url).status_code == 200  # fills the process cache
    for _ in range(3):
        with (
            django_assert_num_queries(0),
            assert_redis_round_trips(redis_round_trips, LOOKUP_RT_FRESH_CACHED),
        ):
            assert api.get(url).status_code == 200
    # The guest's first read after the lookup is served from the same cache.
    with django_assert_num_queries(0):
        assert _get(api, guest_token(api, stay)).status_code == 200
