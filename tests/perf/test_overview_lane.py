"""The guest stay's fast lane on the WSGI server (stays/api/overview_lane.py): the same answer as
Django's, the same checks, no query and one Redis round trip; everything else goes to Django."""

import pytest
from django.db import connection

from mystay import ratelimit, wsgi
from mystay.wsgi_lanes import replayable
from stays.services import tokens
from tests.stays.fixtures import guest_token

from .conftest import WsgiClient, assert_redis_round_trips, settle_notifications, wait_until

pytestmark = pytest.mark.usefixtures("overview_cache_on", "fresh_lane")


def _get(token, **extra):
    return WsgiClient().get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


@pytest.fixture
def token(api, stay):
    settle_notifications()  # the stay's own insert must not drop the entry once it is cached
    return guest_token(api, stay)  # the lookup reads the stay into this process's cache


def test_the_lane_answers_as_django_did_without_running_it(token, django_runs):
    first = _get(token)
    assert first.status_code == 200 and django_runs == ["/api/v1/guest/stay"]
    second = _get(token)
    assert django_runs == ["/api/v1/guest/stay"]  # not run again
    assert second.status_code == 200
    assert second.content == first.content
    assert sorted(second.header_list) == sorted(first.header_list)  # Django's headers, all of them
    assert second.headers["Cache-Control"] == "no-store, private"
    assert second.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in second.headers
    assert second.headers["Content-Length"] == str(len(second.content))


def test_a_cached_read_costs_no_query_and_one_redis_round_trip(
    token, stay, django_assert_num_queries, redis_round_trips
):
    _get(token)  # Django answers once: its headers are kept
    for _ in range(3):
        with django_assert_num_queries(0), assert_redis_round_trips(redis_round_trips, 1):
            response = _get(token)
        assert response.status_code == 200
        assert response.json()["stay"]["id"] == stay.pk


def test_the_lane_counts_on_the_guest_throttle_and_django_answers_the_429(token, stay, settings, django_runs):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "guest": "3/min",
    }
    ratelimit.local.clear()
    statuses = [_get(token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    over = _get(token)
    assert over.status_code == 429 and over.json()["code"] == "rate_limited"
    assert "Retry-After" in over.headers
    # Django answered the first (no headers kept yet) and the two over the limit, which it counted again.
    assert len(django_runs) == 3
    (count,) = ratelimit.run([ratelimit.Peek(f"guest:stay-{stay.pk}")])
    assert count.value == 7


def test_a_revoked_token_is_refused_at_once(token, stay):
    assert _get(token).status_code == 200
    assert _get(token).status_code == 200  # through the lane
    tokens.revoke_guest_tokens(stay)
    response = _get(token)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_stay_checked_out_by_the_desk_is_refused_at_once(token, stay):
    _get(token)
    _get(token)
    with connection.cursor() as cursor:  # committed now (autocommit): the trigger's NOTIFY follows
        cursor.execute("UPDATE stays_stay SET status = 'checked_out' WHERE id = %s", [stay.pk])
    assert wait_until(lambda: _get(token).status_code == 401, timeout=5)


@pytest.mark.parametrize(
    "auth",
    ["", "Bearer gst_forged", "Bearer stf_x", "Basic dXNlcjpwYXNz", "Bearer {token} extra", "bearer  {token}x"],
)
def test_anything_but_a_valid_guest_token_goes_to_django(token, django_runs, auth):
    _get(token)  # headers kept
    django_runs.clear()
    response = WsgiClient().get("/api/v1/guest/stay", HTTP_AUTHORIZATION=auth.format(token=token))
    assert response.status_code == 401
    assert django_runs == ["/api/v1/guest/stay"]


@pytest.mark.parametrize(
    "extra",
    [
        {"QUERY_STRING": "format=json"},
        {"HTTP_ACCEPT": "text/html"},
        {"HTTP_HOST": "evil.example"},
        {"CONTENT_LENGTH": "5"},
        {"wsgi.url_scheme": "https"},
    ],
)
def test_another_kind_of_request_goes_to_django(token, django_runs, extra):
    _get(token)
    django_runs.clear()
    from django.test import RequestFactory

    environ = RequestFactory().get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}").environ
    environ.update(extra)
    captured = {}
    body = b"".join(wsgi.application(environ, lambda status, headers, exc=None: captured.update(status=status)))
    assert django_runs == ["/api/v1/guest/stay"], body
    assert captured["status"][:3] in {"200", "400", "406", "413"}


def test_switched_off_every_request_goes_to_django(token, settings, django_runs):
    settings.API_FAST_LANES = False
    for _ in range(3):
        assert _get(token).status_code == 200
    assert len(django_runs) == 3


def test_a_stay_not_cached_in_this_process_goes_to_django(token, stay, django_runs):
    from stays import overview_cache

    _get(token)
    overview_cache.cache.clear()
    django_runs.clear()
    assert _get(token).status_code == 200
    assert django_runs == ["/api/v1/guest/stay"]  # Django read it and cached it again
    assert _get(token).status_code == 200
    assert django_runs == ["/api/v1/guest/stay"]


def test_an_answer_that_sets_a_cookie_is_never_replayed():
    headers = [("Content-Type", "application/json"), ("Content-Length", "2"), ("Set-Cookie", "csrftoken=x")]
    assert replayable(headers) is None
    assert replayable(headers[:2]) == [("Content-Type", "application/json")]
