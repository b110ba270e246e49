"""The `cloudbeds` provider against Cloudbeds' published OpenAPI (pms-v1.3, accounting-v1.0) and its
transaction-code table (issue 14): `roomTypeID` on room assignment, `getRooms` by `propertyIDs` with
paging, folio totals by transaction code with signs kept, and refusals that carry Cloudbeds' message."""

import json
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import responses

from integrations.exceptions import ProviderRefused
from tests.contract.recorder import vendor_contract  # noqa: F401  (autouse: answers and requests vs the vendor's spec)

from .test_pms_cloudbeds import API_KEY, BASE, build, cb_reservation, query

ACCOUNTING = "https://api.cloudbeds.com/accounting/v1.0/transactions"


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def rooms_page(*rooms, total=None):
    return {
        "success": True,
        "data": [{"propertyID": "173", "rooms": [dict(r) for r in rooms]}],
        "count": len(rooms),
        "total": total if total is not None else len(rooms),
    }


def room(room_id, name, type_id="rt-1"):
    return {"roomID": room_id, "roomName": name, "roomTypeID": type_id, "roomTypeName": "Deluxe King"}


# -- defect 5: room assignment -------------------------------------------------------------------------
def test_room_assignment_sends_the_room_type_and_finds_the_room_across_pages(rsps, monkeypatch):
    monkeypatch.setattr("stays.providers.cloudbeds.ROOMS_PAGE_SIZE", 2)
    unassigned = dict(cb_reservation(status="confirmed"), assigned=[])
    unassigned["unassigned"] = [{"roomTypeName": "Deluxe King", "roomTypeID": "rt-1", "subReservationID": "9KJ4TX-1"}]
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": unassigned})
    rsps.add(responses.GET, f"{BASE}/getRooms", json=rooms_page(room("r-101", "101"), room("r-102", "102"), total=3))
    rsps.add(responses.GET, f"{BASE}/getRooms", json=rooms_page(room("r-103", "103", "rt-2"), total=3))
    rsps.add(responses.POST, f"{BASE}/postRoomAssign", json={"success": True})
    rsps.add(responses.PUT, f"{BASE}/putReservation", json={"success": True})
    rsps.add(responses.GET, f"{BASE}/getReservation", json={"success": True, "data": cb_reservation()})
    build().check_in("9KJ4TX", room_number="103")

    pages = [query(c) for c in rsps.calls if "/getRooms" in c.request.url]
    assert pages == [
        {"propertyIDs": "173", "pageNumber": "1", "pageSize": "2"},
        {"propertyIDs": "173", "pageNumber": "2", "pageSize": "2"},
    ]
    assign = next(c for c in rsps.calls if c.request.url.endswith("/postRoomAssign"))
    assert assign.request.headers["x-api-key"] == API_KEY
    assert assign.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(assign.request.body) == {
        "propertyID": ["173"],
        "reservationID": ["9KJ4TX"],
        "subReservationID": ["9KJ4TX-1"],
        "newRoomID": ["r-103"],
        "roomTypeID": ["rt-2"],  # the type of the room assigned
    }
    put = next(c for c in rsps.calls if c.request.url.endswith("/putReservation"))
    assert parse_qs(put.request.body) == {"propertyID": ["173"], "reservationID": ["9KJ4TX"], "status": ["checked_in"]}


# -- defect 6: folio totals by transaction code ---------------------------------------------------------
@pytest.mark.parametrize("payment_sign", [1, -1], ids=["payments-positive", "payments-as-credits"])
def test_refunds_and_voids_are_not_more_payments(rsps, payment_sign):
    def tx(tid, code, amount, description):
        return {"id": tid, "internalTransactionCode": code, "amount": amount, "currency": "EUR",
                "description": description, "serviceDate": "2026-03-01", "sourceKind": "RESERVATION"}  # fmt: skip

    transactions = [
        tx("1", "1000", 100.0, "Room rate"),
        tx("2", "8000", 10.0, "Tax"),
        tx("3", "2000", 20.0, "Minibar"),
        tx("4", "2000V", -20.0, "Minibar - void"),
        tx("5", "9300", payment_sign * 130.0, "Card payment"),
        tx("6", "9300A", -payment_sign * 30.0, "Card refund"),
        tx("7", "9100", payment_sign * 5.0, "Cash"),
        tx("8", "9100V", -payment_sign * 5.0, "Cash - void"),
    ]
    rsps.add(
        responses.POST,
        ACCOUNTING,
        body=json.dumps({"transactions": transactions}),  # last page: no nextPageToken
        content_type="application/json",
    )
    folio = build().get_folio("9KJ4TX")
    (call,) = rsps.calls
    assert call.request.headers["X-PROPERTY-ID"] == "173"
    assert call.request.headers["x-api-key"] == API_KEY
    assert call.request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert json.loads(call.request.body) == {
        "filters": {
            "and": [
                {"operator": "equals", "value": "9KJ4TX", "field": "source_id"},
                {"operator": "equals", "value": "RESERVATION", "field": "source_kind"},
            ]
        },
        "pageToken": None,
        "limit": 100,
        "sort": [{"field": "transaction_datetime", "direction": "asc"}],
    }
    assert folio.total_charges == Decimal("110")
    assert folio.total_payments == Decimal("100")
    assert folio.balance == Decimal("10")
    assert [(x.description, x.kind, x.amount) for x in folio.lines if x.kind == "payment"] == [
        ("Card payment", "payment", Decimal("130")),
        ("Card refund", "payment", Decimal("-30")),
        ("Cash", "payment", Decimal("5")),
        ("Cash - void", "payment", Decimal("-5")),
    ]


# -- defect 3 (Cloudbeds side): a refusal carries Cloudbeds' message ------------------------------------
def test_a_refused_status_change_says_why(rsps):
    rsps.add(
        responses.PUT,
        f"{BASE}/putReservation",
        json={"success": False, "message": "Reservation has an outstanding balance"},
    )
    with pytest.raises(ProviderRefused) as exc:
        build().check_out("9KJ4TX")
    assert str(exc.value.detail) == "Cloudbeds refused: Reservation has an outstanding balance"
    (put,) = rsps.calls
    assert parse_qs(put.request.body) == {"propertyID": ["173"], "reservationID": ["9KJ4TX"], "status": ["checked_out"]}
