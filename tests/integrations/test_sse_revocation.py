"""Open streams learn of revocations from PostgreSQL's notifications, in commit order with the events,
so that an ordinary event costs no database query and an event committed after a revocation is
never sent to the revoked token. The periodic re-check is set to a minute here: it cannot be what
ends these streams in time."""

import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from integrations import realtime, realtime_stream
from stays.models import StaffToken, Stay, User
from stays.services.tokens import issue_staff_token
from tests.stays.factories import StaffFactory, StayFactory
from tests.stays.fixtures import guest_token

from .sse import SSEClient, serving

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 30
    settings.REALTIME_TOKEN_RECHECK_SECONDS = 60
    with serving() as live:
        yield live


def _publish(**kwargs):
    with transaction.atomic():
        return realtime.publish(**kwargs).pk


def _following(client, hotel, **kwargs):
    """Wait until the stream delivers a live event (its start-up checks are done)."""
    assert client.ready.wait(5)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        event_id = _publish(hotel_id=hotel.pk, type="test.warm", **kwargs)
        if client.wait_for(lambda e: e.get("id") == event_id, timeout=0.5):
            return
    raise AssertionError("the stream never followed live events")


def _ended(client, timeout=5.0):
    client.thread.join(timeout)
    return not client.thread.is_alive() and any(e.get("code") == "session_ended" for _, e in client.events)


def _got(client, event_id):
    return [e for _, e in client.events if e.get("id") == event_id]


def _staff_stream(server, user):
    raw, token = issue_staff_token(user)
    return SSEClient(f"{server.url}/api/v1/realtime/hotel", token=raw), token


def test_a_revoked_staff_token_never_gets_the_next_event(server, hotel):
    client, token = _staff_stream(server, StaffFactory(hotel=hotel))
    _following(client, hotel)

    StaffToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    after = _publish(hotel_id=hotel.pk, type="payment.updated", data={"payment": 1})
    assert _ended(client)
    assert not _got(client, after)


def test_a_staff_stream_ends_at_revocation_without_waiting_for_an_event(server, hotel):
    client, token = _staff_stream(server, StaffFactory(hotel=hotel))
    _following(client, hotel)
    StaffToken.objects.filter(pk=token.pk).delete()
    assert _ended(client, timeout=3)


def test_a_deactivated_staff_member_never_gets_the_next_event(server, hotel):
    user = StaffFactory(hotel=hotel)
    client, _ = _staff_stream(server, user)
    _following(client, hotel)

    User.objects.filter(pk=user.pk).update(is_active=False)
    after = _publish(hotel_id=hotel.pk, type="payment.updated", data={"payment": 1})
    assert _ended(client)
    assert not _got(client, after)


def test_a_staff_member_moved_out_of_a_department_gets_none_of_its_events(server, hotel):
    user = StaffFactory(hotel=hotel, departments=["spa"])
    client, _ = _staff_stream(server, user)
    _following(client, hotel, department="spa")

    User.objects.filter(pk=user.pk).update(departments=["housekeeping"])
    after = _publish(hotel_id=hotel.pk, department="spa", type="escalation.raised", data={"escalation": 1})
    # The token is still good: the response closes (no session_ended) and EventSource reconnects
    # into the new departments.
    client.thread.join(5)
    assert not client.thread.is_alive()
    assert not _got(client, after)
    assert not any(e.get("code") == "session_ended" for _, e in client.events)


def test_a_signed_out_guest_never_gets_the_next_event(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, stay))
    _following(client, hotel, stay_id=stay.pk)

    # What the sign-out does to the row, without the sign-out's own event.
    Stay.objects.filter(pk=stay.pk).update(guest_token_generation=stay.guest_token_generation + 1)
    after = _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"n": 1})
    assert _ended(client)
    assert not _got(client, after)


def test_a_checked_out_guest_never_gets_the_next_event(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, stay))
    _following(client, hotel, stay_id=stay.pk)

    Stay.objects.filter(pk=stay.pk).update(status=Stay.Status.CHECKED_OUT)
    after = _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"status": "checked_out"})
    assert _ended(client)
    assert not _got(client, after)


def test_events_without_a_revocation_reach_streams_without_any_query(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    guest = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, stay))
    staff, _ = _staff_stream(server, StaffFactory(hotel=hotel, departments=["spa"]))
    _following(guest, hotel, stay_id=stay.pk)
    _following(staff, hotel, stay_id=stay.pk)
    # A change to another stay, user or hotel re-checks nobody here.
    StayFactory(hotel=hotel, guest__last_name="Other").save()

    calls_before = sum(realtime_stream.db_calls.values())
    sent = [_publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"n": n}) for n in range(5)]
    for client in (guest, staff):
        assert client.wait_for(lambda e: e.get("id") == sent[-1])
        assert [e["id"] for _, e in client.events if e.get("id") in sent] == sent
    assert sum(realtime_stream.db_calls.values()) == calls_before
    guest.close()
    staff.close()


def test_the_overview_cache_ignores_token_notifications(hotel):
    from stays import overview_cache

    stay = StayFactory(hotel=hotel)
    cache = overview_cache.OverviewCache(max_entries=10)
    cache.put(overview_cache.Overview(stay=stay, body=b"{}", loaded_at=time.monotonic()), cache.epoch)
    listener = overview_cache.Listener(cache)
    for kind in overview_cache.TOKEN_KINDS:
        listener._apply(f"{kind}:{stay.pk}")
    assert cache.get(stay.pk, max_age=60) is not None
    listener._apply(f"stay:{stay.pk}")  # what it does act on
    assert cache.get(stay.pk, max_age=60) is None


def test_a_staff_stream_ends_when_its_token_expires(server, hotel, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.3  # what wakes an idle stream to notice
    client, token = _staff_stream(server, StaffFactory(hotel=hotel))
    _following(client, hotel)
    StaffToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timezone.timedelta(seconds=1))
    assert _ended(client, timeout=5)


def test_the_periodic_recheck_ends_a_stream_whose_revocation_was_not_notified(server, hotel, settings):
    client, token = _staff_stream(server, StaffFactory(hotel=hotel))
    _following(client, hotel)
    settings.REALTIME_TOKEN_RECHECK_SECONDS = 0.5
    with connection.cursor() as cursor:  # triggers off for this session: no notification at all
        cursor.execute("SET session_replication_role = replica")
        try:
            StaffToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
    assert _ended(client, timeout=5)
