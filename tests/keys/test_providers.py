"""The digital-key adapters against their wire formats (`responses`): the request each sends
(path, headers, body) and how each reads the answer, including refusals, timeouts and garbage."""

import base64
import datetime as dt
import json

import pytest
import requests
import responses

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.registry import Capability, ConfigError, get_spec
from keys.providers.base import ACTIVE, REVOKED, DigitalKeyRefused, KeyRequest
from keys.providers.mock import MockKeysProvider
from stays.models import Hotel

UTC = dt.UTC
REQUEST = KeyRequest(
    reference="mystay-stay-7",
    reservation_id="R1004",
    confirmation_number="PAR1004",
    room_number="201",
    valid_from=dt.datetime(2026, 3, 1, 15, 0, tzinfo=UTC),
    valid_until=dt.datetime(2026, 3, 5, 10, 0, tzinfo=UTC),
    guest_first_name="Marco",
    guest_last_name="Rossi",
    guest_email="marco@example.com",
    guest_phone="+33 6 12 34 56 78",
)
HOTEL = Hotel(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")


def build(name, **config):
    spec = get_spec(Capability.DIGITAL_KEY, name)
    return spec.cls(hotel=HOTEL, config=spec.validate(config))


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def session(**extra):
    body = {
        "id": "ks_123",
        "status": "invited",
        "invite_url": "https://keys.example/i/ks_123",
        "created_at": "2026-03-01T14:00:00Z",
        "valid_from": "2026-03-01T15:00:00+00:00",
        "valid_until": "2026-03-05T10:00:00+00:00",
        "room_number": "201",
        "vendor_ref": "OK-998",
    }
    body.update(extra)
    return body


OPENKEY = "https://api.openkey.co/v1/properties/P-55/key-sessions"


def openkey():
    return build("openkey", property_id="P-55", username="mystay-par", password="pw-secret")


# -- openkey --------------------------------------------------------------------------------------
def test_openkey_issue_sends_the_session_with_basic_auth_and_idempotency_key(rsps):
    rsps.post(OPENKEY, json=session(), status=201)
    info = openkey().issue_key(REQUEST, idempotency_key="mystay-key-abc")
    call = rsps.calls[0].request
    assert call.headers["Authorization"] == "Basic " + base64.b64encode(b"mystay-par:pw-secret").decode()
    assert call.headers["Idempotency-Key"] == "mystay-key-abc"
    assert json.loads(call.body) == {
        "reservation_ref": "R1004",
        "room_number": "201",
        "guest": {
            "first_name": "Marco",
            "last_name": "Rossi",
            "phone_e164": "+33612345678",
            "email": "marco@example.com",
        },
        "valid_from": "2026-03-01T15:00:00+00:00",
        "valid_until": "2026-03-05T10:00:00+00:00",
        "additional_rooms": [],
        "access_points": [],
        "max_devices": 2,
    }
    assert info.id == "ks_123"
    assert info.status == ACTIVE  # invited: issued, the guest has the invitation
    assert info.invite_url == "https://keys.example/i/ks_123"
    assert info.valid_until == dt.datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    assert info.vendor_reference == "OK-998"


def test_openkey_refuses_locally_without_an_international_mobile_number(rsps):
    request = KeyRequest(**{**REQUEST.__dict__, "guest_phone": "06 12 34"})
    with pytest.raises(DigitalKeyRefused) as exc:
        openkey().issue_key(request, idempotency_key="k")
    assert exc.value.vendor_code == "invalid_phone"
    assert exc.value.error_code == "digital_key_refused"
    assert len(rsps.calls) == 0


def test_openkey_vendor_error_codes(rsps):
    rsps.post(OPENKEY, json={"error": {"code": "room_not_assigned", "message": "Room 201 unknown"}}, status=422)
    with pytest.raises(DigitalKeyRefused) as exc:
        openkey().issue_key(REQUEST, idempotency_key="k")
    assert exc.value.vendor_code == "room_not_assigned"
    assert "Room 201 unknown" in str(exc.value.detail)
    assert exc.value.status_code == 409


def test_openkey_lock_system_timeout_is_a_retryable_timeout(rsps):
    rsps.post(OPENKEY, json={"error": {"code": "lock_system_timeout", "message": "Lock system slow"}}, status=409)
    with pytest.raises(ProviderTimeout) as exc:
        openkey().issue_key(REQUEST, idempotency_key="k")
    assert exc.value.error_code == "digital_key_timeout"


def test_openkey_network_timeout_is_retried_then_reported(rsps, settings):
    # The create carries an Idempotency-Key, so the client may repeat it: 1 + 2 retries.
    for _ in range(3):
        rsps.post(OPENKEY, body=requests.ReadTimeout())
    with pytest.raises(ProviderTimeout):
        openkey().issue_key(REQUEST, idempotency_key="k")
    assert {c.request.headers["Idempotency-Key"] for c in rsps.calls} == {"k"}


def test_openkey_garbage_and_auth(rsps):
    rsps.post(OPENKEY, body="<html>oops</html>", status=201)
    with pytest.raises(ProviderBadResponse):
        openkey().issue_key(REQUEST, idempotency_key="k")
    rsps.post(OPENKEY, json={"id": "ks_1", "status": "weird"}, status=201)
    with pytest.raises(ProviderBadResponse):
        openkey().issue_key(REQUEST, idempotency_key="k")
    rsps.post(OPENKEY, json={"error": {"code": "unauthorized"}}, status=401)
    with pytest.raises(ProviderAuthFailed):
        openkey().issue_key(REQUEST, idempotency_key="k")


def test_openkey_extend_room_move_and_revoke(rsps):
    rsps.patch(f"{OPENKEY}/ks_123", json=session(room_number="305", status="active"))
    moved = KeyRequest(**{**REQUEST.__dict__, "room_number": "305"})
    info = openkey().extend_key("ks_123", moved, old_room_number="201")
    assert json.loads(rsps.calls[0].request.body) == {"valid_until": "2026-03-05T10:00:00+00:00", "room_number": "305"}
    assert info.room_number == "305" and info.status == ACTIVE

    rsps.patch(f"{OPENKEY}/ks_123", json=session(status="active"))
    openkey().extend_key("ks_123", REQUEST, old_room_number="201")
    assert json.loads(rsps.calls[1].request.body) == {"valid_until": "2026-03-05T10:00:00+00:00"}

    rsps.post(f"{OPENKEY}/ks_123/revoke", json={"id": "ks_123", "status": "revoked"})
    assert openkey().revoke_key("ks_123", REQUEST).status == REVOKED
    assert rsps.calls[2].request.method == "POST"


def test_openkey_status(rsps):
    rsps.get(f"{OPENKEY}/ks_123", json=session(status="expired"))
    assert openkey().get_key_status("ks_123", REQUEST).status == "expired"
    rsps.get(f"{OPENKEY}/ks_404", json={"error": {"code": "session_not_found"}}, status=404)
    from integrations.exceptions import ProviderNotFound

    with pytest.raises(ProviderNotFound):
        openkey().get_key_status("ks_404", REQUEST)


def test_openkey_secret_is_declared_and_required_fields_checked():
    spec = get_spec(Capability.DIGITAL_KEY, "openkey")
    assert spec.secret_fields == {"password"}
    with pytest.raises(ConfigError) as exc:
        spec.validate({"property_id": "P"})
    assert set(exc.value.errors) == {"username", "password"}
    assert "pw-secret" not in repr(openkey())


# -- alliants -------------------------------------------------------------------------------------
ALLIANTS = "https://axp.example.com/v1/properties/SITE9/key-sessions"


def test_alliants_uses_a_bearer_key_and_the_session_contract(rsps):
    rsps.post(ALLIANTS, json=session(id="ax_1", status="active"), status=201)
    provider = build("alliants", base_url="https://axp.example.com", property_id="SITE9", api_key="ax-secret")
    info = provider.issue_key(KeyRequest(**{**REQUEST.__dict__, "guest_phone": ""}), idempotency_key="k1")
    call = rsps.calls[0].request
    assert call.headers["Authorization"] == "Bearer ax-secret"
    assert call.headers["Idempotency-Key"] == "k1"
    body = json.loads(call.body)
    assert body["guest"]["phone_e164"] == "" and body["room_number"] == "201"  # the app delivers it: no phone needed
    assert info.id == "ax_1" and info.status == ACTIVE and info.delivery_channel == "app"
    assert get_spec(Capability.DIGITAL_KEY, "alliants").secret_fields == {"api_key"}


def test_alliants_vendor_down(rsps):
    for _ in range(3):
        rsps.get(f"{ALLIANTS}/ax_1", status=503)
    provider = build("alliants", base_url="https://axp.example.com", property_id="SITE9", api_key="ax-secret")
    with pytest.raises(ProviderUnavailable) as exc:
        provider.get_key_status("ax_1", REQUEST)
    assert exc.value.error_code == "digital_key_unavailable"


# -- opera_keys -----------------------------------------------------------------------------------
OHIP = "https://ohip.example.com"
KEYS_URL = f"{OHIP}/fof/v1/hotels/SAND01/roomKeysExternal"


def opera_keys():
    return build(
        "opera_keys",
        base_url=OHIP,
        client_id="mystay",
        client_secret="cs-secret",
        app_key="app-key-1",
        hotel_id="SAND01",
        encoder_id="ENC1",
        encoder_terminal="MYSTAY",
    )


def token_ok(rsps):
    rsps.post(f"{OHIP}/oauth/v1/tokens", json={"access_token": "tok-1", "expires_in": 3600})


def details(code="OK", **extra):
    body = {
        "roomId": "201",
        "responseCode": code,
        "encoderTerminal": "MYSTAY",
        "roomKeyType": "MobileKey",
        "keyUserType": "Guest",
        "keyValidityStart": "2026-03-01T15:00:00Z",
        "keyValidityEnd": "2026-03-05T10:00:00Z",
        "keyCreationTime": "2026-03-01T15:00:02Z",
    }
    body.update(extra)
    return body


def test_opera_keys_issue_posts_a_mobile_key_request(rsps):
    token_ok(rsps)
    rsps.post(KEYS_URL, json=details(), status=201)
    info = opera_keys().issue_key(REQUEST, idempotency_key="mystay-key-1")
    call = rsps.calls[1].request
    assert call.headers["authorization"] == "Bearer tok-1"
    assert call.headers["x-app-key"] == "app-key-1"
    assert call.headers["x-hotelid"] == "SAND01"
    assert call.headers["x-request-id"] == "mystay-key-1"
    body = json.loads(call.body)
    request_time = body.pop("keyRequestTime")
    assert dt.datetime.fromisoformat(request_time)
    assert body == {
        "roomKeyType": "MobileKey",
        "keyType": "New",
        "keyUserType": "Guest",
        "encoderId": "ENC1",
        "encoderTerminal": "MYSTAY",
        "roomId": "201",
        "noOfKeys": 1,
        "reservationIdList": [{"id": "R1004", "type": "Reservation"}],
        "keyValidityStart": "2026-03-01T15:00:00+00:00",
        "keyValidityEnd": "2026-03-05T10:00:00+00:00",
    }
    assert info.status == ACTIVE and info.id == "R1004:201" and info.room_number == "201"
    assert info.vendor_reference == "2026-03-01T15:00:02Z"
    assert info.valid_until == dt.datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


def test_opera_keys_room_move_modify_stay_and_remove(rsps):
    token_ok(rsps)
    rsps.post(KEYS_URL, json=details(roomId="305"), status=201)
    rsps.post(KEYS_URL, json=details(), status=201)
    rsps.post(KEYS_URL, json=details(), status=201)
    provider = opera_keys()
    provider.extend_key("R1004:201", KeyRequest(**{**REQUEST.__dict__, "room_number": "305"}), old_room_number="201")
    provider.extend_key("R1004:201", REQUEST, old_room_number="201")
    assert provider.revoke_key("R1004:201", REQUEST).status == REVOKED
    bodies = [json.loads(c.request.body) for c in rsps.calls[1:]]
    assert [(b["keyType"], b["roomId"], b.get("oldRoomId")) for b in bodies] == [
        ("RoomMove", "305", "201"),
        ("ModifyStay", "201", None),
        ("Remove", "201", None),
    ]


def test_opera_keys_response_codes(rsps):
    token_ok(rsps)
    rsps.post(KEYS_URL, json=details("BY", responseText="Encoder busy"), status=201)
    rsps.post(KEYS_URL, json=details("UR", responseText="Room not checked in"), status=201)
    provider = opera_keys()
    with pytest.raises(ProviderUnavailable) as busy:
        provider.issue_key(REQUEST, idempotency_key="k")
    assert busy.value.error_code == "digital_key_unavailable" and "Encoder busy" in str(busy.value.detail)
    with pytest.raises(DigitalKeyRefused) as refused:
        provider.issue_key(REQUEST, idempotency_key="k")
    assert refused.value.vendor_code == "UR" and "Room not checked in" in str(refused.value.detail)


def test_opera_keys_lock_relay_timeout_is_not_repeated(rsps):
    token_ok(rsps)
    rsps.post(KEYS_URL, body=requests.ReadTimeout())
    with pytest.raises(ProviderTimeout) as exc:
        opera_keys().issue_key(REQUEST, idempotency_key="k")
    assert exc.value.error_code == "digital_key_timeout"
    assert len([c for c in rsps.calls if c.request.url == KEYS_URL]) == 1  # a key request is not replayed


def test_opera_keys_has_no_status_query_and_declares_secrets():
    provider = opera_keys()
    assert provider.supports_status is False
    with pytest.raises(DigitalKeyRefused):
        provider.get_key_status("R1004:201", REQUEST)
    assert get_spec(Capability.DIGITAL_KEY, "opera_keys").secret_fields == {"client_secret", "app_key"}
    assert "cs-secret" not in repr(provider)


# -- mock -----------------------------------------------------------------------------------------
def test_mock_is_deterministic_per_idempotency_key():
    provider = MockKeysProvider(hotel=HOTEL, config={})
    first = provider.issue_key(REQUEST, idempotency_key="same")
    again = provider.issue_key(REQUEST, idempotency_key="same")
    other = provider.issue_key(REQUEST, idempotency_key="other")
    assert first == again and first.id != other.id
    assert first.status == ACTIVE and first.invite_url.endswith(first.id)
    assert provider.revoke_key(first.id, REQUEST).status == REVOKED


def test_session_vendors_health_check(rsps):
    rsps.get(f"{OPENKEY}/health-check", json={"error": {"code": "session_not_found"}}, status=404)
    assert openkey().health_check() is True
    assert rsps.calls[0].request.headers["Authorization"].startswith("Basic ")
    rsps.get(f"{OPENKEY}/health-check", json={"error": {"code": "unauthorized"}}, status=401)
    with pytest.raises(ProviderAuthFailed):
        openkey().health_check()
