"""The `cloudbeds` PMS provider against Cloudbeds API v1.3 (and the Accounting API), with `responses`."""

import datetime as dt
import json
import logging
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from integrations.exceptions import (
    ProviderAuthFailed,
    ProviderBadResponse,
    ProviderRefused,
    ProviderTimeout,
    ProviderUnavailable,
)
from integrations.registry import Capability, get_spec
from stays.models import Hotel
from stays.providers.cloudbeds import CloudbedsPms
from tests.contract.recorder import vendor_contract  # noqa: F401  (autouse: answers and requests vs the vendor's spec)

BASE = "https://api.cloudbeds.com/api/v1.3"
API_KEY = "cbat_secretkey123"


def build(**overrides):
    config = {"api_key": API_KEY, "property_id": "173", **overrides}
    hotel = Hotel(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")
    return CloudbedsPms(hotel=hotel, config=get_spec(Capability.PMS, "cloudbeds").validate(config))


def cb_reservation(rid="9KJ4TX", status="checked_in"):
    return {
        "propertyID": "173",
        "reservationID": rid,
        "status": status,
        "guestName": "Amélie Léger",
        "startDate": "2026-03-01",
        "endDate": "2026-03-03",
        "balance": 120.5,
        "guestList": {
            "g-1": {
                "guestID": "g-1",
                "guestFirstName": "Amélie",
                "guestLastName": "Léger",
                "guestEmail": "amelie@example.com",
                "guestPhone": "+33 6",
                "isMainGuest": True,
            }
        },
        "assigned": [
            {
                "reservationRoomID": "rr-1",
                "roomTypeName": "Deluxe King",
                "roomID": "r-103",
                "roomName": "103",
                "subReservationID": "9KJ4TX-1",
                "adults": "2",
                "children": "1",
            }
        ],
        "unassigned": [],
    }


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def sleeps(monkeypatch):
    calls = []
    monkeypatch.setattr("integrations.http.time.sleep", calls.append)
    return calls


def query(call):
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def test_get_reservation_sends_api_key_and_property_and_normalizes(rsps):
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": cb_reservation()})
    r = build().get_reservation("9KJ4TX")
    call = rsps.calls[0]
    assert call.request.headers["x-api-key"] == API_KEY
    assert call.request.headers["X-PROPERTY-ID"] == "173"
    assert query(call) == {"reservationID": "9KJ4TX", "propertyID": "173"}
    assert (r.id, r.confirmation_number, r.status) == ("9KJ4TX", "9KJ4TX", "checked_in")
    assert (r.guest_first_name, r.guest_last_name, r.guest_email, r.guest_id) == (
        "Amélie",
        "Léger",
        "amelie@example.com",
        "g-1",
    )
    assert (r.check_in_date, r.check_out_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 3))
    assert (r.room_number, r.room_type, r.adults, r.children) == ("103", "Deluxe King", 2, 1)


@pytest.mark.parametrize(
    "status,normalized",
    [("not_confirmed", "confirmed"), ("checked_out", "checked_out"), ("canceled", "cancelled"), ("no_show", "no_show")],
)
def test_statuses_are_normalized(rsps, status, normalized):
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": cb_reservation(status=status)})
    assert build().get_reservation("9KJ4TX").status == normalized


@pytest.mark.parametrize(
    "answer",
    [{"json": {"success": False, "message": "Reservation not found"}}, {"status": 404, "json": {"success": False}}],
)
def test_unknown_reservation_is_none(rsps, answer):
    rsps.add(responses.GET, f"{BASE}/getReservation", **answer)
    assert build().get_reservation("NOPE") is None


def test_put_guest_is_form_encoded(rsps):
    rsps.add(responses.PUT, f"{BASE}/putGuest", json={"success": True})
    build().update_guest_profile("g-1", {"first_name": "Amélie", "phone": "+33 7 00"})
    call = rsps.calls[0]
    assert call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(call.request.body) == {
        "propertyID": ["173"],
        "guestID": ["g-1"],
        "guestFirstName": ["Amélie"],
        "guestPhone": ["+33 7 00"],
    }


def test_check_in_assigns_the_room_and_sets_the_status_once(rsps, sleeps):
    unassigned = dict(cb_reservation(status="confirmed"), assigned=[])
    unassigned["unassigned"] = [{"roomTypeName": "Deluxe King", "subReservationID": "9KJ4TX-1", "adults": "2"}]
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": unassigned})
    rsps.add(
        responses.GET,
        f"{BASE}/getRooms",
        json={
            "success": True,
            "data": [{"propertyID": "173", "rooms": [{"roomID": "r-103", "roomName": "103", "roomTypeID": "rt-1"}]}],
        },
    )
    rsps.add(responses.POST, f"{BASE}/postRoomAssign", json={"success": True})
    rsps.add(responses.PUT, f"{BASE}/putReservation", json={"success": True})
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": cb_reservation()})
    reservation = build().check_in("9KJ4TX", room_number="103")
    assign = next(c for c in rsps.calls if c.request.url.endswith("/postRoomAssign"))
    assert parse_qs(assign.request.body) == {
        "propertyID": ["173"],
        "reservationID": ["9KJ4TX"],
        "newRoomID": ["r-103"],
        "subReservationID": ["9KJ4TX-1"],
        "roomTypeID": ["rt-1"],
    }
    put = next(c for c in rsps.calls if c.request.url.endswith("/putReservation"))
    assert parse_qs(put.request.body)["status"] == ["checked_in"]
    assert reservation.status == "checked_in"


def test_status_change_is_not_retried_on_5xx(rsps, sleeps):
    rsps.add(responses.PUT, f"{BASE}/putReservation", status=502)
    with pytest.raises(ProviderUnavailable):
        build().check_out("9KJ4TX")
    assert len(rsps.calls) == 1 and sleeps == []


def test_refused_status_change_is_refused_with_the_reason(rsps):
    rsps.add(responses.PUT, f"{BASE}/putReservation", json={"success": False, "message": "Balance is not zero"})
    with pytest.raises(ProviderRefused, match="Balance is not zero"):
        build().check_out("9KJ4TX")
    rsps.replace(responses.PUT, f"{BASE}/putReservation", json={"success": False})
    with pytest.raises(ProviderBadResponse):  # no reason given: nothing to show but "refused"
        build().check_out("9KJ4TX")


def test_folio_from_the_accounting_api(rsps):
    rsps.add(
        responses.POST,
        "https://api.cloudbeds.com/accounting/v1.0/transactions",
        json={
            "transactions": [
                {
                    "id": "t1",
                    "amount": 18010,
                    "currencyScale": 2,
                    "currency": "EUR",
                    "internalTransactionCode": "1000",
                    "description": "Room revenue",
                    "serviceDate": "2026-03-01",
                },
                {
                    "id": "t2",
                    "amount": -5000,
                    "currencyScale": 2,
                    "currency": "EUR",
                    "internalTransactionCode": "9000",
                    "description": "Card payment",
                    "serviceDate": "2026-03-02",
                },
            ],  # no nextPageToken: the last page (the spec's nextPageToken is a string, not nullable)
        },
    )
    folio = build().get_folio("9KJ4TX")
    body = json.loads(rsps.calls[0].request.body)
    assert rsps.calls[0].request.headers["X-PROPERTY-ID"] == "173"
    assert {"operator": "equals", "value": "9KJ4TX", "field": "source_id"} in body["filters"]["and"]
    assert {"operator": "equals", "value": "RESERVATION", "field": "source_kind"} in body["filters"]["and"]
    assert (folio.total_charges, folio.total_payments, folio.balance) == (
        Decimal("180.10"),
        Decimal("50.00"),
        Decimal("130.10"),
    )
    assert [line.kind for line in folio.lines] == ["charge", "payment"]


def test_list_arrivals_pages_until_a_short_page(rsps, monkeypatch):
    monkeypatch.setattr("stays.providers.cloudbeds.PAGE_SIZE", 2)
    rsps.add(
        responses.GET,
        f"{BASE}/getReservations",
        json={"success": True, "data": [cb_reservation("A"), cb_reservation("B")], "count": 2, "total": 3},
    )
    rsps.add(
        responses.GET,
        f"{BASE}/getReservations",
        json={"success": True, "data": [cb_reservation("C")], "count": 1, "total": 3},
    )
    found = build().list_arrivals(dt.date(2026, 3, 1))
    assert [r.id for r in found] == ["A", "B", "C"]
    first, second = (query(c) for c in rsps.calls)
    assert first["checkInFrom"] == first["checkInTo"] == "2026-03-01"
    assert (first["pageNumber"], second["pageNumber"], first["pageSize"]) == ("1", "2", "2")


def test_reads_are_retried_then_unavailable(rsps, sleeps):
    rsps.add(responses.GET, f"{BASE}/getReservation", status=500)
    with pytest.raises(ProviderUnavailable):
        build().get_reservation("9KJ4TX")
    assert len(rsps.calls) == 3


def test_timeout_is_pms_timeout(rsps, sleeps):
    rsps.add(responses.GET, f"{BASE}/getReservation", body=requests.ReadTimeout())
    with pytest.raises(ProviderTimeout):
        build().get_reservation("9KJ4TX")


def test_bad_key_is_auth_failed(rsps):
    rsps.add(responses.GET, f"{BASE}/getReservation", status=401, json={"success": False, "message": "Unauthorized"})
    with pytest.raises(ProviderAuthFailed):
        build().get_reservation("9KJ4TX")


@pytest.mark.off_contract  # a deliberately malformed answer
@pytest.mark.parametrize("body", ["<html>", json.dumps({"success": True, "data": {"status": "confirmed"}})])
def test_garbage_is_bad_response(rsps, body):
    rsps.add(responses.GET, f"{BASE}/getReservation", body=body, content_type="application/json")
    with pytest.raises(ProviderBadResponse):
        build().get_reservation("9KJ4TX")


def test_429_retry_after_is_honoured(rsps, sleeps):
    rsps.add(responses.GET, f"{BASE}/getReservation", status=429, headers={"Retry-After": "3"})
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": cb_reservation()})
    assert build().get_reservation("9KJ4TX").id == "9KJ4TX"
    assert sleeps and sleeps[0] >= 3


def test_api_key_never_reaches_the_logs(rsps, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    rsps.add(responses.GET, f"{BASE}/getReservation", status=500)
    with pytest.raises(ProviderUnavailable):
        build().get_reservation("9KJ4TX")
    assert caplog.records and API_KEY not in caplog.text
