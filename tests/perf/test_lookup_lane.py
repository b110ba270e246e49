"""The lookup's fast lane on the WSGI server (stays/api/lookup_lane.py): Django's answer without
Django for a cached, recently refreshed stay; every other case answered by Django, and every
request counted exactly once by the lookup's throttle."""

import json

import pytest
from django.core.cache import cache

from mystay import ratelimit
from stays.services import pms_refresh

from .conftest import WsgiClient, assert_redis_round_trips

pytestmark = pytest.mark.usefixtures("overview_cache_on", "fresh_lane")

CLIENT = "127.0.0.1"  # RequestFactory's peer; no trusted proxies in the tests


def _lookup(confirmation, last_name="", **params):
    query = {"confirmation": confirmation, "last_name": last_name, **params}
    return WsgiClient().get("/api/v1/stays/lookup", {k: v for k, v in query.items() if v is not None})


def _counted(client=CLIENT):
    (count,) = ratelimit.run([ratelimit.Peek(f"lookup_client:{client}")])
    return count.value


@pytest.fixture(autouse=True)
def _clean_counters():
    cache.clear()
    ratelimit.local.clear()


def _without_token(response):
    body = json.loads(response.content)
    return {k: v for k, v in body.items() if k != "token"}


def test_a_known_fresh_stay_is_answered_as_django_did_without_running_it(stay, django_runs):
    first = _lookup(stay.confirmation_number, stay.guest.last_name)  # Django: asks the PMS, keeps headers
    assert first.status_code == 200 and django_runs == ["/api/v1/stays/lookup"]
    second = _lookup(stay.confirmation_number, stay.guest.last_name)
    assert django_runs == ["/api/v1/stays/lookup"]
    assert second.status_code == 200
    assert _without_token(second) == _without_token(first)
    assert sorted(h for h in second.header_list if h[0] != "Content-Length") == sorted(
        h for h in first.header_list if h[0] != "Content-Length"
    )
    assert second.headers["Content-Length"] == str(len(second.content))
    # The token it gave works.
    token = second.json()["token"]
    stay_read = WsgiClient().get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert stay_read.status_code == 200
    assert _counted() == 2


def test_a_lane_lookup_costs_no_query_and_one_redis_round_trip(
    stay, django_assert_num_queries, redis_round_trips, django_runs
):
    _lookup(stay.confirmation_number, stay.guest.last_name)
    for _ in range(3):
        with django_assert_num_queries(0), assert_redis_round_trips(redis_round_trips, 1):
            assert _lookup(stay.confirmation_number, stay.guest.last_name).status_code == 200
    assert len(django_runs) == 1


def test_the_client_throttle_counts_each_request_once(stay, settings, django_runs):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "lookup_client": "3/min",
    }
    statuses = [_lookup(stay.confirmation_number, stay.guest.last_name).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert _counted() == 5
    # The lane counted the 429s and handed them over: Django answered them without counting again.
    assert len(django_runs) == 3


def test_a_miss_is_djangos_404_and_one_failure(stay, django_runs):
    _lookup(stay.confirmation_number, stay.guest.last_name)
    django_runs.clear()
    response = _lookup(stay.confirmation_number, "Nobody")
    assert response.status_code == 404
    assert response.json()["code"] == "stay_not_found"
    assert django_runs == ["/api/v1/stays/lookup"]
    assert _counted() == 2
    from mystay.api.throttles import hashed

    pair = f"lookup_pair_failures:{hashed(stay.confirmation_number)}:{CLIENT}"
    (failures,) = ratelimit.run([ratelimit.Peek(pair)])
    assert failures.value == 1


def test_a_stay_out_of_its_freshness_window_is_refreshed_by_django(stay, django_runs, monkeypatch):
    _lookup(stay.confirmation_number, stay.guest.last_name)
    cache.delete(pms_refresh.freshness_key(stay))
    asked = []
    real = pms_refresh.refresh_stay
    monkeypatch.setattr(pms_refresh, "refresh_stay", lambda s, **kw: asked.append(s.pk) or real(s, **kw))
    django_runs.clear()
    assert _lookup(stay.confirmation_number, stay.guest.last_name).status_code == 200
    assert django_runs == ["/api/v1/stays/lookup"] and asked == [stay.pk]
    assert _counted() == 2


def test_a_hotel_code_the_cached_stays_do_not_match_goes_to_django(stay, django_runs):
    _lookup(stay.confirmation_number, stay.guest.last_name)
    django_runs.clear()
    response = _lookup(stay.confirmation_number, stay.guest.last_name, hotel="ZZZ")
    assert response.status_code == 404
    assert django_runs == ["/api/v1/stays/lookup"]
    assert _counted() == 2


@pytest.mark.parametrize("params", [{"last_name": ""}, {"email": "not-an-address"}])
def test_an_invalid_query_is_djangos_400_counted_once(stay, django_runs, params):
    _lookup(stay.confirmation_number, stay.guest.last_name)
    django_runs.clear()
    response = _lookup(stay.confirmation_number, **params)
    assert response.status_code == 400
    assert django_runs == ["/api/v1/stays/lookup"]
    assert _counted() == 2


def test_the_client_is_the_address_the_middleware_would_read(stay, settings, django_runs):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    _lookup(stay.confirmation_number, stay.guest.last_name)
    extra = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 127.0.0.1"}
    query = {"confirmation": stay.confirmation_number, "last_name": stay.guest.last_name}
    assert WsgiClient().get("/api/v1/stays/lookup", query, **extra).status_code == 200
    assert len(django_runs) == 1  # answered by the lane
    assert _counted("203.0.113.9") == 1
