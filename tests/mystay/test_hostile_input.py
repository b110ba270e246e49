"""No 500 from hostile input anywhere under /api/ (defects #1 and #8), JSON for CSRF failures and
unknown paths, and a read that lost its database connection is retried, never a 500 (Also #1)."""

import json
import logging

import psycopg
import pytest
import stripe
from django.db import connection
from django.test import RequestFactory
from rest_framework.test import APIClient

from mystay.api import errors
from mystay.api.parsers import MAX_JSON_DEPTH, JSONTooDeep, loads
from payments.models import WebhookEvent
from tests.payments.conftest import WEBHOOK_SECRET, use_stripe
from tests.stays.fixtures import guest_token

DOORS = ["/api/v1/auth/staff/login", "/api/v1/guest/tips", "/api/v1/webhooks/stripe", "/api/v1/stays/lookup"]
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def no_errors_logged(caplog):
    caplog.set_level(logging.WARNING)
    yield caplog
    errors_logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors_logged, [r.getMessage() for r in errors_logged]


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOORS)
def test_oversized_body_is_413(api, path, no_errors_logged):
    response = api.post(path, data=b"{" + b" " * 3_000_000 + b"}", content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert no_errors_logged.records  # logged as a warning


@pytest.mark.django_db
@pytest.mark.parametrize("path", DOORS)
def test_twenty_thousand_query_parameters_is_400(api, path, no_errors_logged):
    query = "&".join(f"p{i}=1" for i in range(20_000))
    response = api.post(f"{path}?{query}", data="{}", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_parameters"
    assert api.get(f"{path}?{query}").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("body", [DEEP, '{"a":' * 5000 + "1" + "}" * 5000, "[" * 900 + "]" * 900])
def test_deeply_nested_json_is_400(api, body, no_errors_logged):
    response = api.post("/api/v1/auth/staff/login", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


@pytest.mark.django_db
def test_deeply_nested_json_to_the_guest_api_is_400(api, stay, no_errors_logged):
    token = guest_token(api, stay)
    response = api.post(
        "/api/v1/guest/tips", data=DEEP, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400 and response.json()["code"] == "malformed_request"


@pytest.mark.django_db
def test_unsigned_garbage_to_the_webhook_is_400(api, no_errors_logged):
    for body in (DEEP, "\x00\xff", "not json"):
        response = api.post("/api/v1/webhooks/stripe", data=body, content_type="application/json")
        assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 100_000])
def test_signed_webhook_with_deeply_nested_json_is_400(api, hotel, depth, no_errors_logged):
    use_stripe(hotel)
    nested = "[" * depth + "]" * depth
    raw = (
        '{"id":"evt_deep","type":"payment_intent.succeeded","created":1700000000,'
        f'"data":{{"object":{{"id":"pi_1","metadata":{{"x":{nested}}}}}}}}}'
    )
    header = stripe.WebhookSignature.generate_signature_header(raw, WEBHOOK_SECRET)
    response = api.post(
        "/api/v1/webhooks/stripe", data=raw, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_payload"
    assert not WebhookEvent.objects.exists()


def test_bounded_loads():
    assert loads('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
    assert loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    for body in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), DEEP):
        with pytest.raises(JSONTooDeep):
            loads(body)


@pytest.mark.django_db
def test_post_to_unknown_api_path_is_json_404_even_with_csrf_checks(no_errors_logged):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/v1/nothing-here", data={"a": 1}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_csrf_failure_is_json_under_api(settings):
    assert settings.CSRF_FAILURE_VIEW == "mystay.api.errors.csrf_failure"
    api_response = errors.csrf_failure(RequestFactory().post("/api/v1/anything"), reason="CSRF cookie not set.")
    assert api_response.status_code == 403
    assert json.loads(api_response.content)["code"] == "csrf_failed"
    admin_response = errors.csrf_failure(RequestFactory().post("/admin/login/"), reason="CSRF cookie not set.")
    assert admin_response.status_code == 403 and b"<html" in admin_response.content.lower()


@pytest.mark.django_db
def test_bad_content_length_is_400(api):
    response = api.generic(
        "POST", "/api/v1/auth/staff/login", "{}", content_type="application/json", CONTENT_LENGTH="lots"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_nul_bytes_in_input_are_400_not_500(api, stay, no_errors_logged):
    response = api.get("/api/v1/stays/lookup", {"confirmation": "ABC\x00123", "last_name": "Du\x00pré"})
    assert response.status_code in (400, 404)
    login = api.post("/api/v1/auth/staff/login", {"email": "a\x00@b.test", "password": "x\x00"}, format="json")
    assert login.status_code in (400, 401)


# -- the database connection dies under a request -------------------------------------------------
def _kill_own_backend():
    """Terminate this test's own database session from a second connection (our own test DB only)."""
    pid = connection.connection.info.backend_pid
    s = connection.settings_dict
    with psycopg.connect(
        dbname=s["NAME"], user=s["USER"], host=s["HOST"], port=s["PORT"] or 5432, autocommit=True
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True)
def test_read_on_a_killed_connection_is_retried_once(api, stay, monkeypatch, no_errors_logged):
    from stays import selectors

    token = guest_token(api, stay)
    real = selectors.stay_for_guest
    calls = []

    def killed_first_time(stay_id):
        calls.append(stay_id)
        if len(calls) == 1:
            _kill_own_backend()
        return real(stay_id)

    monkeypatch.setattr(selectors, "stay_for_guest", killed_first_time)
    response = api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_write_on_a_killed_connection_is_503_not_500(api, stay, monkeypatch):
    from stays import selectors

    token = guest_token(api, stay)
    real = selectors.stay_for_guest

    def killed(stay_id):
        _kill_own_backend()
        return real(stay_id)

    monkeypatch.setattr(selectors, "stay_for_guest", killed)
    response = api.post(
        "/api/v1/guest/tips",
        {"amount": "5"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"] == "1"
    # The dead connection was dropped: the next request works.
    monkeypatch.setattr(selectors, "stay_for_guest", real)
    assert api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_every_api_view_parses_json_with_the_bounded_parser():
    """A view that brings its own JSON parser must use the bounded one (or the class of bug returns)."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from rest_framework.parsers import JSONParser
    from rest_framework.views import APIView

    from mystay.api.parsers import BoundedJSONParser

    def views(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from views(p.url_patterns)
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None) or getattr(p.callback, "view_class", None)
                if cls is not None and issubclass(cls, APIView):
                    yield cls

    offenders = [
        cls.__name__
        for cls in views(get_resolver().url_patterns)
        for parser in cls().get_parsers()
        if isinstance(parser, JSONParser) and not isinstance(parser, BoundedJSONParser)
    ]
    assert offenders == []
