"""End to end against the mock OPERA server, as strict as OHIP: what real OPERA refuses is refused,
and the guest or staff get a clear, specific error (status, stable code, OPERA's reason)."""

import pytest
import requests

from integrations.exceptions import ProviderRefused
from integrations.manager import get_integration_manager
from stays.mock_opera import DEMO_APP_KEY
from stays.providers.base import FolioNotOpen
from stays.services.demo import seed_demo

from .mock_opera import running_mock_opera, use_opera

pytestmark = pytest.mark.django_db


@pytest.fixture
def opera():
    with running_mock_opera() as server:
        yield server


@pytest.fixture
def pms(opera):
    paris = next(h for h in seed_demo().hotels if h.code == "PAR")
    use_opera(paris, opera.base_url)
    return get_integration_manager(paris).get_pms()


def test_check_in_to_a_room_that_is_not_ready_is_refused_with_operas_reason(opera, pms):
    opera.state.set_room_status("PAR", "102", "Dirty")
    with pytest.raises(ProviderRefused) as exc:
        pms.check_in("R1001", room_number="102")
    assert (exc.value.status_code, exc.value.error_code) == (409, "pms_refused")
    assert str(exc.value.detail) == "OPERA refused: Room 102 is not ready for check-in (housekeeping status Dirty)."
    assert opera.state.get("PAR", "R1001").status == "Reserved"  # nothing half-done at OPERA
    opera.state.set_room_status("PAR", "102", "Inspected")
    assert pms.check_in("R1001", room_number="102").status == "checked_in"


def test_folio_before_check_in_says_it_opens_at_check_in(opera, pms):
    with pytest.raises(FolioNotOpen) as exc:
        pms.get_folio("R1001")
    assert (exc.value.status_code, exc.value.error_code) == (409, "pms_folio_not_open")
    assert "opens at check-in" in str(exc.value.detail)
    pms.check_in("R1001")
    assert pms.get_folio("R1001").balance == 0  # open now, nothing posted yet


def test_check_out_with_an_open_balance_is_refused_until_settled(opera, pms):
    due = pms.get_folio("R1004").balance
    assert due > 0
    with pytest.raises(ProviderRefused) as exc:
        pms.check_out("R1004")
    assert (exc.value.status_code, exc.value.error_code) == (409, "pms_refused")
    assert f"open balance of {due:.2f} EUR" in str(exc.value.detail)
    assert opera.state.get("PAR", "R1004").status == "InHouse"  # no auto-settling, no check-out
    opera.state.post_payment(opera.state.get("PAR", "R1004"))
    assert pms.check_out("R1004").status == "checked_out"
    assert opera.state.room_status[("PAR", opera.state.get("PAR", "R1004").room_id)] == "Dirty"


def test_the_mock_refuses_what_ohip_refuses(opera):
    token = requests.post(
        f"{opera.base_url}/oauth/v1/tokens",
        data={"grant_type": "client_credentials"},
        auth=(opera.state.client_id, opera.state.client_secret),
        headers={"x-app-key": DEMO_APP_KEY},
        timeout=5,
    ).json()["access_token"]
    headers = {"authorization": f"Bearer {token}", "x-app-key": DEMO_APP_KEY, "x-hotelid": "PAR"}
    check_in = requests.post(
        f"{opera.base_url}/fof/v1/hotels/PAR/reservations/R1001/checkIns",
        json={"reservation": {"ignoreWarnings": True}, "fetchReservationInstruction": ["Reservation"]},
        headers=headers,
        timeout=5,
    )
    assert check_in.status_code == 400
    assert "ReservationDetail" in check_in.json()["detail"]  # names the allowed values
    too_many = requests.get(
        f"{opera.base_url}/rsv/v1/hotels/PAR/reservations", params={"limit": 500}, headers=headers, timeout=5
    )
    assert too_many.status_code == 400 and "200" in too_many.json()["detail"]
    bad_enum = requests.get(
        f"{opera.base_url}/rsv/v1/hotels/PAR/reservations",
        params={"searchType": "Arriving"},
        headers=headers,
        timeout=5,
    )
    assert bad_enum.status_code == 400 and "searchType" in bad_enum.json()["detail"]
    assert opera.state.get("PAR", "R1001").status == "Reserved"
