import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import StayFactory
from .fixtures import lookup

pytestmark = pytest.mark.django_db


def test_lookup_returns_token_hotel_and_stay(api, stay):
    response = lookup(api, "ABC123", "Dupré")
    assert response.status_code == 200
    body = response.json()
    assert body["token"].startswith("gst_")
    assert body["hotel"]["code"] == "PAR"
    assert body["stay"]["confirmation_number"] == "ABC123"
    assert body["stay"]["guest_name"] == "Hélène Dupré"
    assert body["stale"] is False
    assert dt.datetime.fromisoformat(body["expires_at"]) > timezone.now()


@pytest.mark.parametrize(
    "confirmation,last_name", [("abc123", "dupre"), ("  ABC123 ", "  DUPRÉ  "), ("abc 123", "Dupre")]
)
def test_lookup_ignores_case_spaces_and_accents(api, stay, confirmation, last_name):
    assert lookup(api, confirmation, last_name).status_code == 200


def test_wrong_last_name_and_unknown_confirmation_look_the_same(api, stay):
    wrong_name = lookup(api, "ABC123", "Martin")
    unknown = lookup(api, "ZZZ999", "Dupré")
    assert wrong_name.status_code == unknown.status_code == 404
    assert wrong_name.content == unknown.content
    assert wrong_name.json()["code"] == "stay_not_found"


@pytest.mark.parametrize(
    "params", [{}, {"confirmation": "ABC123"}, {"last_name": "Dupré"}, {"confirmation": "", "last_name": "x"}]
)
def test_missing_parameters_give_400(api, stay, params):
    response = api.get("/api/v1/stays/lookup", params)
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert response.json()["message"]


def test_checked_out_stay_cannot_be_looked_up(api, stay):
    stay.status = "checked_out"
    stay.save()
    response = lookup(api, "ABC123", "Dupré")
    assert response.status_code == 410
    assert response.json()["code"] == "stay_ended"


def test_lookup_is_throttled_per_client_with_retry_after(api, stay):
    statuses = [lookup(api, f"NOPE{i}", "Dupré").status_code for i in range(25)]
    assert statuses[:20] == [404] * 20
    throttled = lookup(api, "ABC123", "Dupré")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "rate_limited"
    assert int(throttled["Retry-After"]) > 0


def test_failures_from_many_clients_stop_guessers_but_not_the_guest(api, stay):
    # 10 wrong names from 10 addresses fill the confirmation's failure budget (defect #4)...
    for i in range(10):
        response = api.get(
            "/api/v1/stays/lookup", {"confirmation": "ABC123", "last_name": "x"}, REMOTE_ADDR=f"10.0.0.{i}"
        )
        assert response.status_code == 404
    # ... a guesser who already failed is refused, and a new address gets one try, answered 429 ...
    again = api.get("/api/v1/stays/lookup", {"confirmation": "ABC123", "last_name": "y"}, REMOTE_ADDR="10.0.0.1")
    assert again.status_code == 429
    fresh = api.get("/api/v1/stays/lookup", {"confirmation": "ABC123", "last_name": "y"}, REMOTE_ADDR="10.0.2.1")
    assert fresh.status_code == 429 and int(fresh["Retry-After"]) > 0
    # ... but the guest with the right name still gets in, from any address that has not failed.
    response = api.get("/api/v1/stays/lookup", {"confirmation": "ABC123", "last_name": "Dupré"}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 200


def test_a_client_that_failed_five_times_is_refused_for_that_confirmation(api, stay, hotel):
    StayFactory(hotel=hotel, confirmation_number="OTHER1")
    for _ in range(5):
        assert lookup(api, "ABC123", "wrong").status_code == 404
    assert lookup(api, "ABC123", "Dupré").status_code == 429
    # Other confirmations from the same client are unaffected, and successes never count.
    other = StayFactory._meta.model.objects.get(confirmation_number="OTHER1")
    for _ in range(6):
        assert lookup(api, "OTHER1", other.guest.last_name).status_code == 200


def _lookup_queries(api, confirmation, last_name):
    with CaptureQueriesContext(connection) as ctx:
        assert lookup(api, confirmation, last_name).status_code == 200
    return len(ctx.captured_queries)


def test_lookup_query_count_does_not_grow_with_data(api, hotel, stay):
    _lookup_queries(api, "ABC123", "Dupré")  # warm-up: loads the hotel's integrations record once
    few = _lookup_queries(api, "ABC123", "Dupré")
    for _ in range(40):
        StayFactory(hotel=hotel)
    StayFactory(confirmation_number="ABC123")  # same confirmation at another hotel
    many = _lookup_queries(api, "ABC123", "Dupré")
    assert few == many
    assert many <= 4
