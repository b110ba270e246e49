import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from stays.models import StaffToken

pytestmark = pytest.mark.django_db


def _login(api, email="desk@par.test", password="correct horse battery"):
    return api.post("/api/v1/auth/staff/login", {"email": email, "password": password}, format="json")


def test_login_me_logout(api, front_desk):
    response = _login(api, email="  DESK@par.test ")
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["user"]["hotel"] == "PAR"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    me = api.get("/api/v1/auth/me", **auth)
    assert me.status_code == 200
    assert me.json()["email"] == "desk@par.test"
    assert me.json()["role"] == "front_desk"

    assert api.post("/api/v1/auth/logout", **auth).status_code == 204
    dead = api.get("/api/v1/auth/me", **auth)
    assert dead.status_code == 401
    assert dead.json()["code"] == "authentication_failed"


def test_token_is_stored_only_as_a_digest(api, front_desk):
    token = _login(api).json()["token"]
    stored = StaffToken.objects.get(user=front_desk)
    assert stored.digest != token
    assert token not in stored.digest
    assert stored.digest == StaffToken.hash(token)


def test_wrong_password_and_unknown_user(api, front_desk):
    wrong = _login(api, password="nope")
    unknown = _login(api, email="nobody@par.test")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert not StaffToken.objects.exists()


def test_login_validation_error(api, front_desk):
    response = api.post("/api/v1/auth/staff/login", {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"email", "password"}


def test_inactive_staff_cannot_log_in(api, front_desk):
    front_desk.is_active = False
    front_desk.save()
    assert _login(api).status_code == 401


def test_staff_token_expires(api, front_desk):
    token = _login(api).json()["token"]
    later = timezone.now() + dt.timedelta(hours=13)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = api.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_staff_login_is_throttled(api, front_desk):
    statuses = [_login(api, password="nope").status_code for _ in range(11)]
    assert statuses[-1] == 429


def test_staff_sees_only_own_hotel_stays_via_api(api, front_desk, stay, other_hotel):
    from .factories import StayFactory

    foreign = StayFactory(hotel=other_hotel, confirmation_number="TYO1")
    token = _login(api).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = api.get("/api/v1/staff/stays", {"kind": "arrivals", "date": stay.arrival.isoformat()}, **auth)
    assert listed.status_code == 200
    assert [s["confirmation_number"] for s in listed.json()["results"]] == ["ABC123"]
    assert api.get(f"/api/v1/staff/stays/{stay.pk}", **auth).status_code == 200
    assert api.get(f"/api/v1/staff/stays/{foreign.pk}", **auth).status_code == 404
