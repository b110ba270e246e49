import io
import json

import pytest
from django.core.management import call_command

from stays.models import Guest, Hotel, Room, Stay, User

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "hotels": list(Hotel.objects.order_by("code").values("code", "name", "timezone", "currency")),
        "rooms": Room.objects.count(),
        "guests": list(Guest.objects.order_by("pms_profile_id").values("pms_profile_id", "last_name", "email")),
        "stays": list(
            Stay.objects.order_by("confirmation_number").values(
                "confirmation_number", "arrival", "departure", "status", "guest__last_name", "room__number"
            )
        ),
        "users": list(User.objects.order_by("email").values("email", "role", "hotel__code", "is_superuser")),
    }


def test_seed_demo_is_idempotent_and_prints_json():
    out = io.StringIO()
    call_command("seed_demo", "--format", "json", stdout=out)
    first = _snapshot()
    out2 = io.StringIO()
    call_command("seed_demo", "--format", "json", stdout=out2)
    assert _snapshot() == first
    assert json.loads(out.getvalue()) == json.loads(out2.getvalue())

    data = json.loads(out.getvalue())
    assert {h["code"] for h in data["hotels"]} == {"PAR", "TYO"}
    assert {h["currency"] for h in data["hotels"]} == {"EUR", "JPY"}
    assert {(u["role"], u["hotel"]) for u in data["users"]} >= {
        ("front_desk", "PAR"),
        ("manager", "PAR"),
        ("hotel_admin", "PAR"),
        ("front_desk", "TYO"),
        ("manager", "TYO"),
        ("hotel_admin", "TYO"),
        ("superuser", None),
    }
    statuses = {s["status"] for s in data["stays"]}
    assert statuses >= {"confirmed", "checked_in", "checked_out"}
    assert set(data["stays"][0]) == {
        "hotel",
        "confirmation_number",
        "last_name",
        "status",
        "arrival",
        "departure",
    }


def test_seed_demo_covers_the_front_desk_day():
    call_command("seed_demo", stdout=io.StringIO())
    for hotel in Hotel.objects.all():
        today = hotel.local_today()
        stays = Stay.objects.filter(hotel=hotel)
        assert stays.filter(arrival=today, status="confirmed").exists()
        assert stays.filter(arrival=today.fromordinal(today.toordinal() + 1)).exists()
        assert stays.filter(departure=today, status="checked_in").exists()
        assert stays.filter(arrival__lt=today, departure__gt=today, status="checked_in").exists()
        assert stays.filter(status="checked_out").exists()


def test_demo_password_option_and_demo_stay_lookup(api):
    call_command("seed_demo", "--password", "another-pass-123", stdout=io.StringIO())
    login = api.post(
        "/api/v1/auth/staff/login",
        {"email": "frontdesk@paris.mystay.test", "password": "another-pass-123"},
        format="json",
    )
    assert login.status_code == 200
    found = api.get("/api/v1/stays/lookup", {"confirmation": "PAR1001", "last_name": "dupre"})
    assert found.status_code == 200
    token = found.json()["token"]
    assert api.get("/api/v1/guest/stay", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_reset_db_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("reset_db", "--noinput")
