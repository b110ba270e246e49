"""Open streams notice revocation (defect #6): staff sign-out, guest sign-out, check-out."""

import time

import pytest
from django.db import transaction

from integrations import realtime
from stays.models import Stay
from tests.stays.factories import StayFactory
from tests.stays.fixtures import guest_token

from .sse import SSEClient, serving

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.3
    settings.REALTIME_TOKEN_RECHECK_SECONDS = 0.5
    with serving() as live:
        yield live


def _publish(**kwargs):
    with transaction.atomic():
        realtime.publish(**kwargs)


def _ended(client, timeout=5.0):
    client.thread.join(timeout)
    return not client.thread.is_alive() and any(e.get("code") == "session_ended" for _, e in client.events)


def test_staff_stream_ends_at_sign_out_and_gets_no_further_event(server, api, hotel, front_desk, settings):
    settings.REALTIME_TOKEN_RECHECK_SECONDS = 60  # only the per-event check can stop it in time
    token = api.post(
        "/api/v1/auth/staff/login", {"email": "desk@par.test", "password": "correct horse battery"}, format="json"
    ).json()["token"]
    client = SSEClient(f"{server.url}/api/v1/realtime/hotel", token=token)
    assert client.ready.wait(5)
    time.sleep(0.3)
    _publish(hotel_id=hotel.pk, type="payment.updated", data={"payment": 1})
    assert client.wait_for(lambda e: e.get("data", {}).get("payment") == 1)

    assert api.post("/api/v1/auth/logout", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 204
    _publish(hotel_id=hotel.pk, type="payment.updated", data={"payment": 2})
    assert _ended(client)
    assert not [e for _, e in client.events if e.get("data", {}).get("payment") == 2]


def test_guest_stream_ends_when_the_stay_is_checked_out(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, stay))
    assert client.ready.wait(5)
    Stay.objects.filter(pk=stay.pk).update(status=Stay.Status.CHECKED_OUT)
    assert _ended(client)  # idle: the periodic re-check closes it


def test_guest_stream_ends_when_the_guest_signs_out(server, api, hotel, settings):
    settings.REALTIME_TOKEN_RECHECK_SECONDS = 60  # the sign-out's own event closes it, not the idle re-check
    stay = StayFactory(hotel=hotel)
    token = guest_token(api, stay)
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=token)
    assert client.ready.wait(5)
    time.sleep(0.3)
    assert api.post("/api/v1/auth/logout", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 204
    assert _ended(client, timeout=3)
    assert not [e for _, e in client.events if e.get("type") == "stay.guest_tokens_revoked"]


def test_a_valid_stream_stays_open_across_rechecks(server, api, hotel):
    stay = StayFactory(hotel=hotel)
    client = SSEClient(f"{server.url}/api/v1/realtime/stay", token=guest_token(api, stay))
    assert client.ready.wait(5)
    time.sleep(1.5)  # three re-checks
    _publish(hotel_id=hotel.pk, stay_id=stay.pk, type="stay.updated", data={"n": 1})
    assert client.wait_for(lambda e: e.get("data") == {"n": 1})
    assert client.thread.is_alive()
    client.close()
