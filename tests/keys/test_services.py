"""Key lifecycle on PostgreSQL: issue once per stay and room, retry after a timeout with the same
idempotency key, revoke, follow the PMS (room move, new departure, check-out), expire."""

import datetime as dt

import pytest
import requests
import responses
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.exceptions import ProviderTimeout
from integrations.models import HotelIntegrations, RealtimeEvent
from keys import services
from keys.exceptions import KeyNotAllowed
from keys.models import DigitalKey, KeyStatus
from keys.providers.base import DigitalKeyRefused
from stays.providers.base import Reservation
from stays.services.pms_sync import upsert_reservations
from tests.stays.factories import RoomFactory, StayFactory

OPENKEY = "https://api.openkey.co/v1/properties/P-55/key-sessions"


@pytest.fixture
def in_house(hotel):
    room = RoomFactory(hotel=hotel, number="201")
    stay = StayFactory(hotel=hotel, room=room, status="checked_in")
    stay.guest.phone = "+33612345678"
    stay.guest.save()
    return stay


def use_openkey(hotel):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider("digital_key", "openkey", {"property_id": "P-55", "username": "u", "password": "p"})
    record.save()


def session(id="ks_1", status="active", room="201"):
    return {"id": id, "status": status, "room_number": room, "valid_from": None, "valid_until": None}


def test_issue_is_idempotent_per_stay_and_room(in_house):
    first = services.issue_key_for_stay(stay=in_house)
    again = services.issue_key_for_stay(stay=in_house)
    assert first.pk == again.pk and first.status == KeyStatus.ACTIVE
    assert first.provider == "mock" and first.invite_url
    assert DigitalKey.objects.filter(stay=in_house).count() == 1
    assert RealtimeEvent.objects.filter(stay=in_house, type="key.updated").count() == 1
    # The database refuses a second live key for the same stay and room, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        DigitalKey.objects.create(
            hotel=in_house.hotel,
            stay=in_house,
            room_number="201",
            provider="mock",
            valid_from=timezone.now(),
            valid_until=timezone.now() + dt.timedelta(days=1),
            idempotency_key="other",
        )


def test_no_key_without_a_checked_in_stay_with_a_room(hotel):
    with pytest.raises(KeyNotAllowed) as exc:
        services.issue_key_for_stay(stay=StayFactory(hotel=hotel))
    assert exc.value.error_code == "stay_not_checked_in"
    with pytest.raises(KeyNotAllowed) as exc:
        services.issue_key_for_stay(stay=StayFactory(hotel=hotel, status="checked_in"))
    assert exc.value.error_code == "room_not_assigned"
    assert not DigitalKey.objects.exists()


def test_no_key_when_the_hotel_has_switched_keys_off(in_house):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=in_house.hotel)
    record.set_provider("digital_key", "none", {})
    record.save()
    assert services.issue_key_for_stay(stay=in_house) is None
    assert not DigitalKey.objects.exists()


@responses.activate
def test_timeout_then_retry_resends_the_same_key(in_house):
    use_openkey(in_house.hotel)
    for _ in range(3):
        responses.post(OPENKEY, body=requests.ReadTimeout())
    with pytest.raises(ProviderTimeout):
        services.issue_key_for_stay(stay=in_house)
    key = DigitalKey.objects.get(stay=in_house)
    assert key.status == KeyStatus.PENDING and key.failure_code == "digital_key_timeout"

    responses.post(OPENKEY, json=session(), status=201)
    issued = services.issue_key_for_stay(stay=in_house)
    assert issued.pk == key.pk and issued.status == KeyStatus.ACTIVE and issued.vendor_key_id == "ks_1"
    sent_keys = {c.request.headers["Idempotency-Key"] for c in responses.calls}
    assert sent_keys == {key.idempotency_key}
    assert DigitalKey.objects.filter(stay=in_house).count() == 1


@responses.activate
def test_refusal_fails_the_row_and_a_retry_issues_a_new_one(in_house):
    use_openkey(in_house.hotel)
    responses.post(OPENKEY, json={"error": {"code": "room_not_assigned", "message": "no"}}, status=409)
    with pytest.raises(DigitalKeyRefused):
        services.issue_key_for_stay(stay=in_house)
    assert DigitalKey.objects.get(stay=in_house).status == KeyStatus.FAILED
    responses.post(OPENKEY, json=session(), status=201)
    issued = services.issue_key_for_stay(stay=in_house)
    assert issued.status == KeyStatus.ACTIVE
    assert DigitalKey.objects.filter(stay=in_house, status=KeyStatus.ACTIVE).count() == 1


@responses.activate
def test_revoke_calls_the_vendor_and_keeps_the_key_live_if_it_fails(in_house):
    use_openkey(in_house.hotel)
    responses.post(OPENKEY, json=session(), status=201)
    key = services.issue_key_for_stay(stay=in_house)
    for _ in range(3):
        responses.post(f"{OPENKEY}/ks_1/revoke", status=503)
    assert services.revoke_keys_for_stay(stay=in_house) == [key]
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE and key.failure_code == "digital_key_unavailable"
    responses.post(f"{OPENKEY}/ks_1/revoke", json={"id": "ks_1", "status": "revoked"})
    assert services.revoke_keys_for_stay(stay=in_house) == []
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED and key.revoke_reason == "checked_out" and key.revoked_at


def _reservation(stay, **changes):
    values = dict(
        id=stay.pms_reservation_id,
        confirmation_number=stay.confirmation_number,
        guest_name=stay.guest.full_name,
        guest_email=stay.guest.email,
        check_in_date=stay.arrival,
        check_out_date=stay.departure,
        room_type=stay.room_type,
        room_number="201",
        status="checked_in",
        number_of_guests=1,
        guest_last_name=stay.guest.last_name,
    )
    values.update(changes)
    return Reservation(**values)


@pytest.mark.django_db(transaction=True)
def test_pms_sync_moves_extends_and_revokes_the_key(in_house):
    key = services.issue_key_for_stay(stay=in_house)
    hotel = in_house.hotel
    upsert_reservations(hotel, [_reservation(in_house, room_number="305")], fetched_at=timezone.now())
    key.refresh_from_db()
    assert key.room_number == "305" and key.status == KeyStatus.ACTIVE

    later = in_house.departure + dt.timedelta(days=2)
    upsert_reservations(
        hotel, [_reservation(in_house, room_number="305", check_out_date=later)], fetched_at=timezone.now()
    )
    key.refresh_from_db()
    assert key.valid_until.astimezone(hotel.tzinfo).date() == later

    upsert_reservations(
        hotel,
        [_reservation(in_house, room_number="305", check_out_date=later, status="checked_out")],
        fetched_at=timezone.now(),
    )
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED and key.revoke_reason == "stay_checked_out"
    assert DigitalKey.objects.filter(stay=in_house).count() == 1


def test_expire_keys(in_house):
    key = services.issue_key_for_stay(stay=in_house)
    assert services.expire_keys(now=key.valid_until - dt.timedelta(minutes=1)) == 0
    assert services.expire_keys(now=key.valid_until + dt.timedelta(minutes=1)) == 1
    key.refresh_from_db()
    assert key.status == KeyStatus.EXPIRED


@pytest.mark.django_db(transaction=True)
def test_a_stay_cancelled_in_the_admin_loses_its_key(in_house):
    key = services.issue_key_for_stay(stay=in_house)
    in_house.status = "cancelled"
    in_house.save()
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED and key.revoke_reason == "stay_cancelled"


@pytest.mark.django_db(transaction=True)
def test_lookup_refresh_extends_the_key_when_the_pms_moves_the_departure(in_house):
    from stays.services.pms_refresh import apply_reservation

    key = services.issue_key_for_stay(stay=in_house)
    later = in_house.departure + dt.timedelta(days=3)
    apply_reservation(in_house, _reservation(in_house, check_out_date=later))
    key.refresh_from_db()
    assert key.valid_until == dt.datetime.combine(later, in_house.hotel.check_out_time, tzinfo=in_house.hotel.tzinfo)
    assert key.status == KeyStatus.ACTIVE
