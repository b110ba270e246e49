import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stays.services import tokens

from .factories import StayFactory
from .fixtures import guest_token

pytestmark = pytest.mark.django_db


def _get_stay(api, token):
    return api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_guest_reads_own_stay(api, stay):
    response = _get_stay(api, guest_token(api, stay))
    assert response.status_code == 200
    body = response.json()
    assert body["stay"]["id"] == stay.pk
    assert body["guest"]["last_name"] == "Dupré"
    assert body["hotel"]["code"] == "PAR"


def test_token_is_bound_to_its_stay(api, hotel, stay):
    other = StayFactory(hotel=hotel, guest__last_name="Martin")
    token = guest_token(api, stay)
    assert _get_stay(api, token).json()["stay"]["id"] == stay.pk
    # A token cannot be edited to point at the other stay: the signature breaks.
    forged = token.replace(token.split(":")[0], token.split(":")[0][:-2] + "xx")
    assert _get_stay(api, forged).status_code == 401
    # And a guest token gives no access to the staff API.
    response = api.get(f"/api/v1/staff/stays/{other.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_token_stops_working_after_departure(api, stay):
    token = guest_token(api, stay)
    after = tokens.guest_token_expiry(stay) + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=after):
        response = _get_stay(api, token)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_stops_working_after_check_out(api, stay):
    token = guest_token(api, stay)
    stay.status = "checked_out"
    stay.save()
    assert _get_stay(api, token).status_code == 401


def test_token_stops_working_when_departure_moves_earlier(api, stay):
    token = guest_token(api, stay)
    stay.arrival = timezone.localdate() - dt.timedelta(days=5)
    stay.departure = timezone.localdate() - dt.timedelta(days=3)
    stay.save()
    assert _get_stay(api, token).status_code == 401


def test_missing_or_garbage_token_is_401_json(api, stay):
    assert _get_stay(api, "").status_code == 401
    response = _get_stay(api, "gst_garbage")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message"}


def test_guest_stay_query_count_does_not_grow(api, hotel, stay):
    token = guest_token(api, stay)
    with CaptureQueriesContext(connection) as few:
        _get_stay(api, token)
    for _ in range(30):
        StayFactory(hotel=hotel)
    with CaptureQueriesContext(connection) as many:
        _get_stay(api, token)
    assert len(few.captured_queries) == len(many.captured_queries) == 1


def test_guest_logout_ends_the_token_on_every_device(api, stay):
    """Defect #12: a guest token dies at sign-out (the stay's token generation is bumped)."""
    phone, tablet = guest_token(api, stay), guest_token(api, stay)
    assert api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {phone}").status_code == 200
    assert api.post("/api/v1/auth/logout", HTTP_AUTHORIZATION=f"Bearer {phone}").status_code == 204
    for token in (phone, tablet):
        response = api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401
        assert response.json()["code"] == "authentication_failed"
    # Looking the stay up again gives a working token.
    fresh = guest_token(api, stay)
    assert api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 200


def test_guest_token_check_costs_no_extra_query(api, stay, django_assert_num_queries):
    token = guest_token(api, stay)
    api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}")
    with django_assert_num_queries(1):  # the stay (with hotel, guest, room): the generation comes with it
        assert api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_a_verified_token_is_not_verified_again_but_its_expiry_still_counts(stay, monkeypatch):
    from django.core import signing

    token, expires_at = tokens.issue_guest_token(stay)
    verifications = []
    real_loads = signing.loads
    monkeypatch.setattr(signing, "loads", lambda *a, **k: verifications.append(1) or real_loads(*a, **k))
    tokens._verified.clear()
    first, second = tokens.read_guest_token(token), tokens.read_guest_token(token)
    assert first == second and first.stay_id == stay.pk
    assert verifications == [1]
    # Past its expiry, the remembered token is refused like any other.
    monkeypatch.setattr(timezone, "now", lambda: expires_at + dt.timedelta(seconds=1))
    with pytest.raises(tokens.InvalidToken, match="expired"):
        tokens.read_guest_token(token)


def test_a_tampered_token_is_refused_every_time_and_never_remembered(stay):
    token, _ = tokens.issue_guest_token(stay)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for _ in range(2):
        with pytest.raises(tokens.InvalidToken):
            tokens.read_guest_token(forged)
    assert forged not in tokens._verified
