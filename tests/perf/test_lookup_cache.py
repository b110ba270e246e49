"""The guest lookup's per-process list of stays per confirmation number is never stale once a change
commits: a stay inserted, renumbered or whose hotel is switched off by another process (plain
psycopg: no model signal in this process) is seen by the next lookup."""

import pytest
from django.core.cache import cache

from stays import overview_cache
from stays.models import Stay
from stays.services import pms_refresh
from tests.stays.factories import GuestFactory, HotelFactory
from tests.stays.fixtures import lookup

from .conftest import wait_until
from .test_overview_cache import _elsewhere

pytestmark = pytest.mark.usefixtures("overview_cache_on")


def _listed(confirmation):
    return overview_cache.cache.stay_ids(confirmation, 60) is not None


def _copy_stay_elsewhere(stay, hotel, guest, confirmation):
    """Another process inserts a stay (a copy of `stay`) for another hotel and guest."""
    skip = {"id", "hotel_id", "guest_id", "room_id", "pms_reservation_id", "confirmation_number"}
    columns = [f.column for f in Stay._meta.concrete_fields if f.column not in skip]
    names = ", ".join(columns)
    _elsewhere(
        f"INSERT INTO stays_stay ({names}, hotel_id, guest_id, pms_reservation_id, confirmation_number) "  # noqa: S608
        f"SELECT {names}, %s, %s, 'RES-ELSEWHERE', %s FROM stays_stay WHERE id = %s",
        [hotel.pk, guest.pk, confirmation, stay.pk],
    )


def test_a_stay_inserted_elsewhere_with_a_known_number_is_found(api, stay):
    assert lookup(api, stay.confirmation_number, stay.guest.last_name).status_code == 200
    assert _listed(stay.confirmation_number)
    other_hotel = HotelFactory(code="LYS")
    other_guest = GuestFactory(hotel=other_hotel, last_name="Martin")
    _copy_stay_elsewhere(stay, other_hotel, other_guest, stay.confirmation_number)
    assert wait_until(lambda: not _listed(stay.confirmation_number)), "the insert's NOTIFY never came"
    found = lookup(api, stay.confirmation_number, "Martin")
    assert found.status_code == 200, found.content
    assert found.json()["hotel"]["code"] == "LYS"
    assert lookup(api, stay.confirmation_number, stay.guest.last_name).json()["hotel"]["code"] == stay.hotel.code


def test_a_number_changed_elsewhere_is_followed(api, stay):
    old = stay.confirmation_number
    assert lookup(api, old, stay.guest.last_name).status_code == 200
    assert lookup(api, "NEW123", stay.guest.last_name).status_code == 404  # the miss is listed too
    _elsewhere("UPDATE stays_stay SET confirmation_number = 'NEW123' WHERE id = %s", [stay.pk])
    assert wait_until(lambda: not _listed(old) and not _listed("NEW123"))
    assert lookup(api, old, stay.guest.last_name).status_code == 404
    assert lookup(api, "NEW123", stay.guest.last_name).status_code == 200


def test_a_hotel_switched_off_elsewhere_answers_404(api, stay):
    assert lookup(api, stay.confirmation_number, stay.guest.last_name).status_code == 200
    _elsewhere("UPDATE stays_hotel SET is_active = false WHERE id = %s", [stay.hotel_id])
    assert wait_until(lambda: overview_cache.cache.get(stay.pk, 60) is None)
    response = lookup(api, stay.confirmation_number, stay.guest.last_name)
    assert response.status_code == 404
    assert response.json()["code"] == "stay_not_found"


def test_a_refresh_from_the_pms_never_changes_the_shared_cached_instance(api, stay, monkeypatch):
    assert lookup(api, stay.confirmation_number, stay.guest.last_name).status_code == 200
    shared = overview_cache.cache.get(stay.pk, 60).stay
    cache.clear()  # the freshness marker is gone: the next lookup asks the PMS and may change the stay
    refreshed = []
    real = pms_refresh.refresh_stay

    def spy(instance, **kwargs):
        refreshed.append(instance)
        return real(instance, **kwargs)

    monkeypatch.setattr(pms_refresh, "refresh_stay", spy)
    assert lookup(api, stay.confirmation_number, stay.guest.last_name).status_code == 200
    assert refreshed and refreshed[0] is not shared
    assert refreshed[0].pk == shared.pk


def _documented_answer(token, stay_id):
    """LookupResponseSerializer's rendering through DRF's own JSON renderer, from the database."""
    from rest_framework.renderers import JSONRenderer

    from stays.api.serializers import LookupResponseSerializer
    from stays.services.tokens import guest_token_expiry

    stay = Stay.objects.select_related("hotel", "guest", "room").get(pk=stay_id)
    data = {"token": token, "expires_at": guest_token_expiry(stay), "stale": False, "hotel": stay.hotel, "stay": stay}
    return JSONRenderer().render(LookupResponseSerializer(data).data)


def test_the_answer_is_the_documented_one_byte_for_byte_read_or_kept(api, stay):
    cache.clear()
    for _ in range(3):  # the PMS asked, then within the freshness window: the kept rendering
        response = lookup(api, stay.confirmation_number, stay.guest.last_name)
        assert response.status_code == 200
        assert response.content == _documented_answer(response.json()["token"], stay.pk)
    assert overview_cache.rendered_lookup_members(overview_cache.cache.get(stay.pk, 60).stay) is not None


def test_a_guest_renamed_elsewhere_is_answered_with_the_new_name(api, stay):
    assert lookup(api, stay.confirmation_number, stay.guest.last_name).status_code == 200
    _elsewhere("UPDATE stays_guest SET first_name = 'Hélène' WHERE id = %s", [stay.guest_id])
    assert wait_until(lambda: overview_cache.cache.get(stay.pk, 60) is None)
    response = lookup(api, stay.confirmation_number, stay.guest.last_name)
    assert response.json()["stay"]["guest_name"].startswith("Hélène")
    assert response.content == _documented_answer(response.json()["token"], stay.pk)
