"""The `opera` provider against what OHIP's published specification says (issue 14): the request it
sends (path, query, headers, body) and how it reads OHIP's declared answers, 204s and error statuses."""

import datetime as dt
import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from integrations.exceptions import ProviderNotFound, ProviderRefused
from stays.providers.base import FolioNotOpen
from tests.contract.recorder import vendor_contract  # noqa: F401  (autouse: answers and requests vs the vendor's spec)

from .test_pms_opera import BASE, RSV, TOKEN, build, calls_to, hotel_reservation, search_body, token_ok

FOF = f"{BASE}/fof/v1/hotels/SAND01/reservations/R1001"
FOLIOS = f"{BASE}/csh/v1/hotels/SAND01/reservations/R1004/folios"
PROFILE = f"{BASE}/crm/v1/profiles/P77"


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def query(call) -> dict:
    return parse_qs(urlsplit(call.request.url).query)


def ohip_error(status, detail, code="OPERA-1"):
    return {"type": f"https://httpstatuses.com/{status}", "title": "Bad Request", "status": status,
            "detail": detail, "o:errorCode": code}  # fmt: skip


# -- defect 2: check-in ------------------------------------------------------------------------------
def test_check_in_asks_for_reservation_detail_and_reads_the_spec_answer(rsps):
    token_ok(rsps)
    detail = hotel_reservation("R1001", status="InHouse", room="102")["reservations"]["reservation"]
    rsps.add(responses.POST, f"{FOF}/checkIns", status=201, json={"reservation": detail, "links": [], "warnings": []})
    reservation = build().check_in("R1001")
    (call,) = calls_to(rsps, urlsplit(f"{FOF}/checkIns").path)
    assert call.request.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.request.headers["x-hotelid"] == "SAND01"
    assert json.loads(call.request.body) == {
        "reservation": {"ignoreWarnings": True, "stopCheckin": False, "printRegistration": False},
        "fetchReservationInstruction": ["ReservationDetail"],
        "includeNotifications": True,
    }
    # The answer carries the checked-in reservation: no second round trip.
    assert not calls_to(rsps, urlsplit(f"{RSV}/R1001").path)
    assert (reservation.id, reservation.status, reservation.room_number) == ("R1001", "checked_in", "102")


def test_check_in_answer_without_detail_falls_back_to_reading_the_reservation(rsps):
    token_ok(rsps)
    rsps.add(responses.POST, f"{FOF}/checkIns", status=201, json={"links": []})
    rsps.add(responses.GET, f"{RSV}/R1001", json=hotel_reservation("R1001", status="InHouse", room="102"))
    assert build().check_in("R1001").status == "checked_in"
    (get,) = calls_to(rsps, urlsplit(f"{RSV}/R1001").path)
    assert query(get) == {"fetchInstructions": ["Reservation"]}


# -- defect 3: OHIP's statuses -----------------------------------------------------------------------
def test_ohip_400_business_refusal_gives_operas_reason(rsps):
    token_ok(rsps)
    rsps.add(responses.POST, f"{FOF}/checkIns", status=400, json=ohip_error(400, "Room 102 is not ready (Dirty)."))
    with pytest.raises(ProviderRefused) as exc:
        build().check_in("R1001")
    assert exc.value.error_code == "pms_refused" and exc.value.status_code == 409
    assert "Room 102 is not ready (Dirty)." in str(exc.value.detail)
    assert len(calls_to(rsps, urlsplit(f"{FOF}/checkIns").path)) == 1  # a refusal is not retried


def test_ohip_403_is_operation_not_allowed_not_bad_credentials(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, status=403, json={"type": "x", "title": "Forbidden", "status": 403})
    with pytest.raises(ProviderRefused) as exc:
        build().get_reservation("PAR1004")
    assert "not allow" in str(exc.value.detail)
    # A refused operation is not a stale token: no second token, no repeated call.
    assert len(calls_to(rsps, "/oauth/v1/tokens")) == 1
    assert len(calls_to(rsps, urlsplit(RSV).path)) == 1


def test_get_reservation_by_id_204_is_not_found(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, f"{RSV}/R404", status=204)
    with pytest.raises(ProviderNotFound):
        build().get_reservation_by_id("R404")


# -- defect 4: folio ---------------------------------------------------------------------------------
def test_folio_before_check_in_is_folio_not_open(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, FOLIOS, status=204)
    with pytest.raises(FolioNotOpen) as exc:
        build().get_folio("R1004")
    assert exc.value.error_code == "pms_folio_not_open" and exc.value.status_code == 409
    assert "check-in" in str(exc.value.detail)
    (call,) = calls_to(rsps, urlsplit(FOLIOS).path)
    assert query(call) == {"fetchInstructions": ["Postings", "Totalbalance", "Windowbalances"]}


def test_folio_reads_transaction_amount_as_a_number_and_keeps_signs(rsps):
    token_ok(rsps)
    postings = [
        {"transactionNo": 1, "transactionType": "Revenue", "transactionDate": "2026-03-01",
         "transactionCode": "1000", "transactionDescription": "Accommodation", "transactionAmount": 180.1},
        {"transactionNo": 2, "transactionType": "Revenue", "transactionDate": "2026-03-01",
         "transactionCode": "1000", "transactionDescription": "Rate adjustment", "transactionAmount": -20},
        {"transactionNo": 3, "transactionType": "Payment", "transactionDate": "2026-03-02",
         "transactionCode": "9000", "transactionDescription": "Visa", "transactionAmount": -100},
    ]  # fmt: skip
    body = {
        "reservationFolioInformation": {
            "folioWindows": [
                {"folioWindowNo": 1, "balance": {"amount": 60.1, "currencyCode": "EUR"},
                 "folios": [{"folioNo": 1, "folioDate": "2026-03-01", "postings": postings}]}
            ]
        }
    }  # fmt: skip
    rsps.add(responses.GET, FOLIOS, body=json.dumps(body), content_type="application/json")
    folio = build().get_folio("R1004")
    assert [(x.description, x.amount, x.kind) for x in folio.lines] == [
        ("Accommodation", Decimal("180.1"), "charge"),
        ("Rate adjustment", Decimal("-20"), "charge"),  # a negative revenue is a smaller charge, not a payment
        ("Visa", Decimal("100"), "payment"),
    ]
    assert (folio.total_charges, folio.total_payments, folio.balance) == (
        Decimal("160.1"),
        Decimal("100"),
        Decimal("60.1"),
    )


# -- defect 7: profile update -------------------------------------------------------------------------
def profile_with_two_of_each():
    return {
        "profileDetails": {
            "customer": {"personName": [{"givenName": "Marco", "surname": "Rossi", "nameType": "Primary"}]},
            "emails": {
                "emailInfo": [
                    {"id": "E1", "type": "Email", "email": {"emailAddress": "work@example.com", "primaryInd": False}},
                    {"id": "E2", "type": "Email", "email": {"emailAddress": "home@example.com", "primaryInd": True}},
                ]
            },
            "telephones": {
                "telephoneInfo": [
                    {"id": "T1", "type": "Telephone", "telephone": {"phoneNumber": "+39 02", "primaryInd": False}},
                    {"id": "T2", "type": "Telephone", "telephone": {"phoneNumber": "+39 333", "primaryInd": True}},
                ]
            },
            "profileType": "Guest",
        },
        "profileIdList": [{"id": "P77", "type": "Profile"}],
    }


def test_profile_update_reads_communication_and_writes_the_primary_entries(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, PROFILE, json=profile_with_two_of_each())
    rsps.add(responses.PUT, PROFILE, json=profile_with_two_of_each())
    result = build().update_guest_profile("P77", {"email": "new@example.com", "phone": "+39 444"})
    get, put = calls_to(rsps, urlsplit(PROFILE).path)
    assert get.request.method == "GET" and set(query(get)["fetchInstructions"]) >= {"Profile", "Communication"}
    assert put.request.method == "PUT" and put.request.headers["x-hotelid"] == "SAND01"
    details = json.loads(put.request.body)["profileDetails"]
    emails = details["emails"]["emailInfo"]
    phones = details["telephones"]["telephoneInfo"]
    # Same entries, same ids (OPERA updates by id; an entry without one is added as a duplicate).
    assert [(e["id"], e["email"]["emailAddress"]) for e in emails] == [
        ("E1", "work@example.com"),
        ("E2", "new@example.com"),
    ]
    assert [(p["id"], p["telephone"]["phoneNumber"]) for p in phones] == [("T1", "+39 02"), ("T2", "+39 444")]
    assert (result["email"], result["phone"]) == ("new@example.com", "+39 444")


def test_profile_update_adds_a_primary_entry_when_there_is_none(rsps):
    token_ok(rsps)
    current = profile_with_two_of_each()
    del current["profileDetails"]["emails"]
    rsps.add(responses.GET, PROFILE, json=current)
    rsps.add(responses.PUT, PROFILE, json=current)
    build().update_guest_profile("P77", {"email": "first@example.com"})
    put = calls_to(rsps, urlsplit(PROFILE).path)[1]
    emails = json.loads(put.request.body)["profileDetails"]["emails"]["emailInfo"]
    assert emails == [{"email": {"emailAddress": "first@example.com", "type": "EMAIL", "primaryInd": True}}]


def test_reservation_reads_the_primary_email_one_level_down(rsps):
    token_ok(rsps)
    body = hotel_reservation()
    profile = body["reservations"]["reservation"][0]["reservationGuests"][0]["profileInfo"]["profile"]
    profile["emails"] = profile_with_two_of_each()["profileDetails"]["emails"]
    profile["telephones"] = profile_with_two_of_each()["profileDetails"]["telephones"]
    rsps.add(responses.GET, f"{RSV}/R1004", json=body)
    reservation = build().get_reservation_by_id("R1004")
    assert (reservation.guest_email, reservation.guest_phone) == ("home@example.com", "+39 333")


# -- defect 8: listing ---------------------------------------------------------------------------------
def test_searches_cap_the_limit_at_200_and_pass_the_stay_date(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body())
    pms = build(page_size=1000)
    day = dt.date(2026, 3, 2)
    pms.list_arrivals(day)
    pms.list_departures(day)
    pms.list_in_house(day)
    arrivals, departures, in_house = (query(c) for c in calls_to(rsps, urlsplit(RSV).path))
    for q, search_type in ((arrivals, "Arrival"), (departures, "Departure"), (in_house, "InHouse")):
        assert q["searchType"] == [search_type]
        assert q["stayDate"] == ["2026-03-02"]
        assert q["limit"] == ["200"] and q["offset"] == ["0"]
