"""Twilio SMS and FCM push against their wire formats (HTTP mocked with `responses`)."""

import base64
import json
from urllib.parse import parse_qs

import pytest
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from integrations.channels.base import OutboundMessage, PermanentDeliveryError, TransientDeliveryError
from integrations.manager import get_integration_manager
from integrations.notifications import services
from integrations.notifications.models import Notification
from integrations.services import configure_integration

pytestmark = pytest.mark.django_db

SID = "AC0123456789abcdef0123456789abcdef"
MG_SID = "MG0123456789abcdef0123456789abcdef"
TOKEN = "twilio-auth-token-secret"
TWILIO_URL = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"
PHONE = "+33612345678"


@pytest.fixture
def twilio(hotel):
    configure_integration(
        hotel=hotel,
        capability="sms",
        provider="twilio",
        config={"account_sid": SID, "auth_token": TOKEN, "from_number": "+15005550006"},
    )
    return get_integration_manager(hotel).get("sms")


def sms(text="Your room is 412"):
    return OutboundMessage(recipient=PHONE, text=text, idempotency_key="checkin_completed:1:sms")


@responses.activate
def test_twilio_sends_form_encoded_message_with_basic_auth(twilio):
    responses.post(TWILIO_URL, status=201, json={"sid": "SM9f0b", "status": "queued", "to": PHONE})
    result = twilio.send(sms())
    assert result.provider_message_id == "SM9f0b"
    request = responses.calls[0].request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert parse_qs(request.body) == {"To": [PHONE], "From": ["+15005550006"], "Body": ["Your room is 412"]}


@responses.activate
def test_twilio_messaging_service_sender(hotel):
    configure_integration(
        hotel=hotel,
        capability="sms",
        provider="twilio",
        config={"account_sid": SID, "auth_token": TOKEN, "from_number": MG_SID},
    )
    responses.post(TWILIO_URL, status=201, json={"sid": "SM1"})
    get_integration_manager(hotel).get("sms").send(sms())
    assert parse_qs(responses.calls[0].request.body)["MessagingServiceSid"] == [MG_SID]


@responses.activate
@pytest.mark.parametrize("code", [21211, 21610, 21614, 29999])
def test_twilio_400_error_codes_are_permanent_and_do_not_leak_the_number(twilio, code):
    responses.post(
        TWILIO_URL,
        status=400,
        json={"code": code, "message": f"The 'To' number {PHONE} is not valid.", "status": 400},
    )
    with pytest.raises(PermanentDeliveryError) as excinfo:
        twilio.send(sms())
    assert excinfo.value.code == str(code)
    assert str(code) in str(excinfo.value) and PHONE not in str(excinfo.value)


@responses.activate
def test_twilio_bad_credentials_are_transient(twilio):
    responses.post(TWILIO_URL, status=401, json={"code": 20003, "message": "Authenticate", "status": 401})
    with pytest.raises(TransientDeliveryError) as excinfo:
        twilio.send(sms())
    assert "credentials" in str(excinfo.value)


@responses.activate
@pytest.mark.parametrize("status", [500, 503])
def test_twilio_server_errors_are_transient_and_not_repeated_inline(twilio, status):
    responses.post(TWILIO_URL, status=status, json={"message": "oops"})
    with pytest.raises(TransientDeliveryError):
        twilio.send(sms())
    assert len(responses.calls) == 1  # a POST that may have been processed is not repeated at once


@responses.activate
def test_twilio_rate_limit_is_transient_with_retry_after(twilio):
    responses.post(TWILIO_URL, status=429, headers={"Retry-After": "30"}, json={"code": 20429})
    with pytest.raises(TransientDeliveryError) as excinfo:
        twilio.send(sms())
    assert excinfo.value.retry_after == 30


@responses.activate
def test_outbox_dead_letters_an_invalid_number_and_retries_a_twilio_outage(twilio, hotel):
    responses.post(TWILIO_URL, status=400, json={"code": 21211, "message": f"{PHONE} invalid", "status": 400})
    bad = services.notify(
        hotel=hotel,
        channel="sms",
        recipient=PHONE,
        template="checkin_invitation",
        context={"arrival_date": "2026-05-14", "checkin_url": "https://x"},
        dedupe_key="bad",
    )
    assert services.deliver(bad.pk) == "dead"
    bad.refresh_from_db()
    assert bad.last_error == "Twilio error 21211: invalid 'To' number." and PHONE not in bad.last_error

    responses.replace(responses.POST, TWILIO_URL, status=503, json={})
    outage = services.notify(
        hotel=hotel, channel="sms", recipient=PHONE, template="checkin_invitation", context={}, dedupe_key="outage"
    )
    assert services.deliver(outage.pk) == "failed"
    assert Notification.objects.get(pk=outage.pk).status == Notification.Status.FAILED


# -- FCM ------------------------------------------------------------------------------------------

TOKEN_URI = "https://oauth2.googleapis.com/token"
FCM_URL = "https://fcm.googleapis.com/v1/projects/mystay-demo/messages:send"
DEVICE = "fcm-device-token-0123456789abcdef"


@pytest.fixture(scope="module")
def service_account_json():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "mystay-demo",
            "private_key_id": "k1",
            "private_key": pem,
            "client_email": "push@mystay-demo.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": TOKEN_URI,
        }
    )


@pytest.fixture
def fcm(hotel, service_account_json):
    configure_integration(
        hotel=hotel,
        capability="push",
        provider="fcm",
        config={"project_id": "mystay-demo", "service_account_json": service_account_json},
    )
    return get_integration_manager(hotel).get("push")


def push(key="spa_booking_reminder:b1:push"):
    return OutboundMessage(
        recipient=DEVICE, subject="Reminder", text="Massage at 10:30", data={"stay_id": 7}, idempotency_key=key
    )


def fcm_error(status_code, status, error_code=None):
    details = [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": error_code}]
    return {"error": {"code": status_code, "message": "x", "status": status, "details": details if error_code else []}}


@responses.activate
def test_fcm_sends_v1_message_with_oauth_token_cached(fcm):
    responses.post(TOKEN_URI, json={"access_token": "ya29.test-token", "expires_in": 3600, "token_type": "Bearer"})
    responses.post(FCM_URL, json={"name": "projects/mystay-demo/messages/0:1500415314455276%31bd1c9631bd1c96"})
    first = fcm.send(push())
    fcm.send(push("other"))
    assert first.provider_message_id == "projects/mystay-demo/messages/0:1500415314455276%31bd1c9631bd1c96"
    token_calls = [c for c in responses.calls if c.request.url == TOKEN_URI]
    assert len(token_calls) == 1  # the access token is reused until it nears expiry
    assert b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer" in token_calls[0].request.body
    send = next(c for c in responses.calls if c.request.url == FCM_URL)
    assert send.request.headers["Authorization"] == "Bearer ya29.test-token"
    body = json.loads(send.request.body)["message"]
    assert body["token"] == DEVICE
    assert body["notification"] == {"title": "Reminder", "body": "Massage at 10:30"}
    assert body["data"] == {"stay_id": "7"}  # FCM data values are strings
    assert body["apns"]["headers"]["apns-collapse-id"] == body["android"]["collapse_key"]


@responses.activate
@pytest.mark.parametrize(
    ("status_code", "status", "error_code"),
    [
        (404, "NOT_FOUND", "UNREGISTERED"),
        (400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"),
        (403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH"),
    ],
)
def test_fcm_dead_tokens_are_permanent(fcm, status_code, status, error_code):
    responses.post(TOKEN_URI, json={"access_token": "ya29.t", "expires_in": 3600})
    responses.post(FCM_URL, status=status_code, json=fcm_error(status_code, status, error_code))
    with pytest.raises(PermanentDeliveryError) as excinfo:
        fcm.send(push())
    assert excinfo.value.code == error_code and DEVICE not in str(excinfo.value)


@responses.activate
@pytest.mark.parametrize(
    ("status_code", "status", "error_code"),
    [(503, "UNAVAILABLE", "UNAVAILABLE"), (500, "INTERNAL", "INTERNAL"), (429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED")],
)
def test_fcm_outages_are_transient(fcm, status_code, status, error_code):
    responses.post(TOKEN_URI, json={"access_token": "ya29.t", "expires_in": 3600})
    responses.post(FCM_URL, status=status_code, json=fcm_error(status_code, status, error_code))
    with pytest.raises(TransientDeliveryError) as excinfo:
        fcm.send(push())
    assert error_code in str(excinfo.value)


@responses.activate
def test_fcm_expired_token_is_refreshed_on_next_attempt(fcm):
    responses.post(TOKEN_URI, json={"access_token": "ya29.old", "expires_in": 3600})
    responses.post(FCM_URL, status=401, json=fcm_error(401, "UNAUTHENTICATED"))
    with pytest.raises(TransientDeliveryError):
        fcm.send(push())
    responses.replace(responses.POST, TOKEN_URI, json={"access_token": "ya29.new", "expires_in": 3600})
    responses.replace(responses.POST, FCM_URL, json={"name": "projects/mystay-demo/messages/2"})
    assert fcm.send(push()).provider_message_id.endswith("/2")
    assert responses.calls[-1].request.headers["Authorization"] == "Bearer ya29.new"


@responses.activate
def test_fcm_refused_service_account_is_transient(fcm):
    responses.post(TOKEN_URI, status=400, json={"error": "invalid_grant", "error_description": "Invalid JWT"})
    with pytest.raises(TransientDeliveryError) as excinfo:
        fcm.send(push())
    assert "service-account" in str(excinfo.value)


def test_push_config_declares_its_secret(hotel, service_account_json):
    from integrations.registry import get_spec

    assert get_spec("push", "fcm").secret_fields == {"service_account_json"}
    assert get_spec("sms", "twilio").secret_fields == {"auth_token"}
    assert get_spec("email", "smtp").secret_fields == {"password"}
