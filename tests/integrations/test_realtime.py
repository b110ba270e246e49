import time

import pytest
from django.db import connection, transaction

from integrations import realtime
from tests.stays.factories import StaffFactory, StayFactory
from tests.stays.fixtures import guest_token

from .sse import SSEClient, serving

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.5
    with serving() as live:
        yield live


def _publish(**kwargs):
    with transaction.atomic():
        realtime.publish(**kwargs)
    return time.monotonic()  # committed now


def test_guest_stream_gets_own_stay_events_within_a_second(server, api, hotel):
    mine = StayFactory(hotel=hotel, confirmation_number="MINE1")
    other = StayFactory(hotel=hotel, confirmation_number="OTHER1", guest__last_name="Martin")
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, mine))
    assert client.ready.wait(5)
    time.sleep(0.3)  # the listener is subscribed

    _publish(hotel_id=hotel.pk, stay_id=other.pk, type="stay.updated", data={"status": "checked_in"})
    committed = _publish(hotel_id=hotel.pk, stay_id=mine.pk, type="stay.updated", data={"status": "checked_in"})
    got = client.wait_for(lambda e: e["stay"] == mine.pk)
    assert got is not None
    received, event = got
    assert received - committed < 1.0
    assert event["type"] == "stay.updated" and event["data"] == {"status": "checked_in"}
    time.sleep(0.3)
    assert all(e["stay"] == mine.pk for _, e in client.events)  # nothing of the other stay
    client.close()


def test_hotel_stream_is_scoped_to_hotel_and_departments(server, api, hotel, other_hotel):
    StaffFactory(hotel=hotel, email="spa@par.test", departments=["spa"])
    token = api.post(
        "/api/v1/auth/staff/login", {"email": "spa@par.test", "password": "correct horse battery"}, format="json"
    ).json()["token"]
    client = SSEClient(f"{server.url}/api/v1/realtime/hotel", token=token)
    assert client.ready.wait(5)
    time.sleep(0.3)
    _publish(hotel_id=other_hotel.pk, type="escalation.raised", data={"escalation": 1})
    _publish(hotel_id=hotel.pk, department="housekeeping", type="escalation.raised", data={"escalation": 2})
    _publish(hotel_id=hotel.pk, department="spa", type="escalation.raised", data={"escalation": 3})
    _publish(hotel_id=hotel.pk, type="payment.updated", data={"payment": 4})
    assert client.wait_for(lambda e: e["data"].get("payment") == 4)
    received = sorted(next(iter(e["data"].values())) for _, e in client.events)
    assert received == [3, 4]
    client.close()


def test_resume_with_last_event_id_and_heartbeats(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    token = guest_token(api, stay)
    first = SSEClient(f"{server.url}/api/v1/realtime/stay", token=token)
    assert first.ready.wait(5)
    time.sleep(0.3)
    _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"n": 1})
    _, event = first.wait_for(lambda e: e["data"] == {"n": 1})
    first.close()
    # Published while the client was away:
    _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"n": 2})
    _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"n": 3})
    again = SSEClient(f"{server.url}/api/v1/realtime/stay", token=token, last_event_id=event["id"])
    assert again.wait_for(lambda e: e["data"] == {"n": 3})
    assert [e["data"]["n"] for _, e in again.events] == [2, 3]
    time.sleep(1.2)
    assert again.comments and again.comments[0] == ": heartbeat"
    again.close()


def test_stream_survives_losing_the_database_connection(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, stay))
    assert client.ready.wait(5)
    time.sleep(0.3)
    with connection.cursor() as cursor:  # what a database restart does to the listener
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE %s AND pid <> pg_backend_pid()",
            ["LISTEN %"],
        )
        assert cursor.fetchone() is not None
    _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"after": "restart"})
    assert client.wait_for(lambda e: e["data"] == {"after": "restart"}, timeout=10)
    client.close()


def test_streams_refuse_missing_or_wrong_tokens(server, api, hotel, front_desk):
    import requests

    stay = StayFactory(hotel=hotel)
    guest = guest_token(api, stay)
    for url, token in [("realtime/stay", ""), ("realtime/stay", "gst_bad"), ("realtime/hotel", guest)]:
        response = requests.get(f"{server.url}/api/v1/{url}", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_payload_must_stay_small(hotel):
    with pytest.raises(ValueError):
        realtime.publish(hotel_id=hotel.pk, type="stay.updated", data={"blob": "x" * 9000})


def test_old_events_are_purged(hotel):
    import datetime as dt

    from django.utils import timezone

    from integrations.models import RealtimeEvent
    from integrations.tasks import purge_realtime_events

    old = realtime.publish(hotel_id=hotel.pk, type="stay.updated")
    RealtimeEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=49))
    recent = realtime.publish(hotel_id=hotel.pk, type="stay.updated")
    assert purge_realtime_events() == 1
    assert list(RealtimeEvent.objects.values_list("pk", flat=True)) == [recent.pk]
