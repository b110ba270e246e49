"""The guest's stay overview is served from the process's cache, and never stale once a change commits.

These tests commit (transactional_db): the triggers NOTIFY on commit, as in production. "Another
process" is another database connection (a thread with its own connection, or plain psycopg)."""

import datetime as dt
import threading

import psycopg
import pytest
from django.db import connection, connections
from django.utils import timezone

from integrations.realtime_stream import _conninfo
from stays.models import Stay
from stays.services import pms_refresh
from tests.stays.factories import StayFactory
from tests.stays.fixtures import guest_token

from .conftest import wait_until

pytestmark = pytest.mark.usefixtures("overview_cache_on")


@pytest.fixture
def api(any_api):
    """Each test twice: Django's test client, then the WSGI app with the stay's fast lane."""
    return any_api


def _get(api, token):
    return api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")


def _cached(stay_id):
    from stays import overview_cache

    return overview_cache.cache.get(stay_id, 60) is not None


def _elsewhere(sql, params=()):
    """Another process's write: its own connection, committed when this returns."""
    with psycopg.connect(**_conninfo(), autocommit=True) as conn:
        conn.execute(sql, params)


def _in_thread(fn):
    """Run Django code on another connection (a thread has its own), committed when this returns."""
    errors = []

    def run():
        try:
            fn()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert not errors, errors


def test_second_read_is_served_from_the_cache_with_no_query(api, stay, django_assert_num_queries):
    from stays.services import tokens

    token, _ = tokens.issue_guest_token(stay)  # (a lookup would have read the stay into the cache)
    with django_assert_num_queries(1):  # the stay with its hotel, guest and room
        first = _get(api, token)
    assert _cached(stay.pk)
    with django_assert_num_queries(0):
        second = _get(api, token)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert second.json()["stay"]["id"] == stay.pk


def test_a_change_saved_in_this_process_is_served_at_once(api, stay):
    token = guest_token(api, stay)
    assert _get(api, token).json()["stay"]["adults"] == stay.adults
    stay.adults = 3
    stay.save()  # committed (autocommit): this process drops its entry without waiting for NOTIFY
    assert not _cached(stay.pk)
    assert _get(api, token).json()["stay"]["adults"] == 3


@pytest.mark.parametrize(
    "sql, expect",
    [
        ("UPDATE stays_stay SET room_type = 'Suite' WHERE id = %(stay)s", ("stay", "room_type", "Suite")),
        ("UPDATE stays_guest SET first_name = 'Hélène' WHERE id = %(guest)s", ("guest", "first_name", "Hélène")),
        ("UPDATE stays_hotel SET name = 'Le Grand' WHERE id = %(hotel)s", ("hotel", "name", "Le Grand")),
    ],
)
def test_a_change_committed_by_another_process_drops_the_entry(api, stay, sql, expect):
    token = guest_token(api, stay)
    _get(api, token)
    assert _cached(stay.pk)
    _elsewhere(sql, {"stay": stay.pk, "guest": stay.guest_id, "hotel": stay.hotel_id})
    assert wait_until(lambda: not _cached(stay.pk), timeout=5), "the NOTIFY never dropped the entry"
    section, field, value = expect
    assert _get(api, token).json()[section][field] == value


def test_room_renumbered_elsewhere_is_not_served_stale(api, hotel, stay):
    from stays.models import Room

    room = Room.objects.create(hotel=hotel, number="101", room_type="Deluxe")
    Stay.objects.filter(pk=stay.pk).update(room=room)
    token = guest_token(api, stay)
    assert _get(api, token).json()["stay"]["room_number"] == "101"
    _elsewhere("UPDATE stays_room SET number = '102' WHERE id = %s", [room.pk])
    assert wait_until(lambda: not _cached(stay.pk))
    assert _get(api, token).json()["stay"]["room_number"] == "102"


def test_checked_out_elsewhere_ends_the_token(api, stay):
    token = guest_token(api, stay)
    assert _get(api, token).status_code == 200
    _elsewhere("UPDATE stays_stay SET status = 'checked_out' WHERE id = %s", [stay.pk])
    assert wait_until(lambda: not _cached(stay.pk))
    response = _get(api, token)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_pms_refresh_bulk_update_is_not_served_stale(api, stay):
    """The PMS changed the dates: the lookup's refresh writes them with `.update()` (no model signal)."""
    from stays.providers.base import Reservation

    token = guest_token(api, stay)
    _get(api, token)
    new_departure = stay.departure + dt.timedelta(days=2)
    reservation = Reservation(
        id=stay.pms_reservation_id or "R1",
        confirmation_number=stay.confirmation_number,
        guest_name=stay.guest.full_name,
        guest_email=stay.guest.email,
        check_in_date=stay.arrival,
        check_out_date=new_departure,
        room_type=stay.room_type,
        room_number=None,
        status=stay.status,
        number_of_guests=stay.adults,
        guest_first_name=stay.guest.first_name,
        guest_last_name=stay.guest.last_name,
        adults=stay.adults,
    )
    _in_thread(lambda: pms_refresh.apply_reservation(Stay.objects.select_related("hotel", "guest").get(pk=stay.pk),
                                                     reservation, fetched_at=timezone.now()))  # fmt: skip
    assert wait_until(lambda: not _cached(stay.pk))
    assert _get(api, token).json()["stay"]["departure"] == new_departure.isoformat()


def test_pms_sync_bulk_upsert_is_not_served_stale(api, hotel, stay):
    """sync_pms writes in bulk (bulk_update / raw upserts): the triggers see every row."""
    token = guest_token(api, stay)
    _get(api, token)
    _in_thread(lambda: Stay.objects.bulk_update([Stay(pk=stay.pk, adults=4, children=2)], ["adults", "children"]))
    assert wait_until(lambda: not _cached(stay.pk))
    body = _get(api, token).json()["stay"]
    assert (body["adults"], body["children"]) == (4, 2)


def test_another_stays_change_keeps_this_entry(api, hotel, stay):
    other = StayFactory(hotel=hotel)
    token = guest_token(api, stay)
    _get(api, token)
    _elsewhere("UPDATE stays_stay SET adults = 2 WHERE id = %s", [other.pk])
    # The notification for the other stay arrives and is applied; this entry stays.
    from stays import overview_cache

    seen = overview_cache.listener.received
    assert wait_until(lambda: overview_cache.listener.received > seen)
    assert _cached(stay.pk)


def test_without_its_listener_the_cache_is_bypassed(api, stay, django_assert_num_queries):
    from stays import overview_cache

    token = guest_token(api, stay)
    _get(api, token)
    assert _cached(stay.pk)
    overview_cache.listener.stop()
    overview_cache.listener.pid = None  # as if the process had not started it yet
    # Not live: every read goes to the database (and nothing is kept) until it is connected again.
    overview_cache.listener.ensure_started = lambda: None
    try:
        with django_assert_num_queries(1):
            assert _get(api, token).status_code == 200
        with django_assert_num_queries(1):
            assert _get(api, token).status_code == 200
        assert len(overview_cache.cache) == 0
    finally:
        del overview_cache.listener.ensure_started


def test_listener_reconnects_after_its_connection_is_killed(api, stay):
    from stays import overview_cache

    token = guest_token(api, stay)
    _get(api, token)
    before = overview_cache.listener.reconnects
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s "
            "AND datname = current_database()",
            [overview_cache.LISTENER_NAME],
        )
    assert wait_until(lambda: overview_cache.listener.reconnects > before and overview_cache.listener.live.is_set(), 10)
    # Whatever was cached before the connection dropped is gone (a notification may have been lost).
    assert not _cached(stay.pk)
    _elsewhere("UPDATE stays_stay SET adults = 2 WHERE id = %s", [stay.pk])
    assert _get(api, token).json()["stay"]["adults"] == 2


def test_the_request_changing_its_stay_instance_does_not_reach_the_cache(stay):
    from stays import overview_cache

    loaded, fresh = overview_cache.overview(stay.pk)
    assert fresh
    loaded.stay.status = "checked_out"  # unsaved changes of a view to its own instance
    loaded.stay.hotel.name = "Changed"
    loaded.stay.guest.first_name = "Changed"
    cached, fresh = overview_cache.overview(stay.pk)
    assert not fresh
    assert cached.stay.status == stay.status
    assert cached.stay.hotel.name == stay.hotel.name and cached.stay.guest.first_name == stay.guest.first_name
