"""The `opera` PMS provider against OHIP's wire format (paths, headers, bodies), with `responses`."""

import base64
import datetime as dt
import json
import logging
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from django.test import override_settings

from integrations.exceptions import (
    ProviderAuthFailed,
    ProviderBadResponse,
    ProviderNotFound,
    ProviderTimeout,
    ProviderUnavailable,
)
from integrations.manager import env_default_choice
from integrations.registry import Capability, ConfigError, get_spec
from stays.models import Hotel
from stays.providers.opera import DEFAULT_SCOPE, OperaPms
from tests.contract.recorder import vendor_contract  # noqa: F401  (autouse: answers and requests vs the vendor's spec)

BASE = "https://ohip.example.com"
SECRET = "s3cr3t-client-secret"
APP_KEY = "app-key-0f4e-uuid"
TOKEN = "tok-AAAA-1111"
RSV = f"{BASE}/rsv/v1/hotels/SAND01/reservations"


def build(**overrides):
    config = {
        "base_url": BASE,
        "client_id": "mystay-client",
        "client_secret": SECRET,
        "app_key": APP_KEY,
        "hotel_id": "SAND01",
        **overrides,
    }
    hotel = Hotel(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")
    return OperaPms(hotel=hotel, config=get_spec(Capability.PMS, "opera").validate(config))


def reservation_info(rid="R1004", conf="PAR1004", status="InHouse", room="201", arrival="2026-03-01"):
    return {
        "reservationIdList": [{"id": rid, "type": "Reservation"}, {"id": conf, "type": "Confirmation"}],
        "hotelId": "SAND01",
        "roomStay": {
            "arrivalDate": arrival,
            "departureDate": "2026-03-05",
            "roomType": "Deluxe King",
            "roomId": room,
            "adultCount": 2,
            "childCount": 1,
            "ratePlanCode": "BAR",
            "balance": {"amount": 552.5, "currencyCode": "EUR"},
        },
        "reservationGuest": {
            "id": "P77",
            "givenName": "Marco",
            "surname": "Rossi",
            "email": "marco.rossi@example.com",
            "phoneNumber": "+33 6 00 00 00 00",
        },
        "reservationStatus": status,
    }


def search_body(*infos, has_more=False, offset=0):
    return {
        "reservations": {
            "reservationInfo": list(infos),
            "totalResults": len(infos),
            "count": len(infos),
            "hasMore": has_more,
            "offset": offset,
            "limit": 100,
        }
    }


def hotel_reservation(rid="R1004", status="InHouse", room="201"):
    return {
        "reservations": {
            "reservation": [
                {
                    "reservationIdList": [
                        {"id": rid, "type": "Reservation"},
                        {"id": "PAR1004", "type": "Confirmation"},
                    ],
                    "hotelId": "SAND01",
                    "roomStay": {
                        "arrivalDate": "2026-03-01",
                        "departureDate": "2026-03-05",
                        "currentRoomInfo": {"roomId": room, "roomType": "Deluxe King"},
                        "guestCounts": {"adults": 2, "children": 0},
                    },
                    "reservationGuests": [
                        {
                            "primary": True,
                            "profileInfo": {
                                "profileIdList": [{"id": "P77", "type": "Profile"}],
                                "profile": {
                                    "customer": {
                                        "personName": [
                                            {"givenName": "Marco", "surname": "Rossi", "nameType": "Primary"}
                                        ]
                                    },
                                    "emails": {
                                        "emailInfo": [{"email": {"emailAddress": "m@example.com", "primaryInd": True}}]
                                    },
                                },
                            },
                        }
                    ],
                    "reservationStatus": status,
                }
            ]
        }
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


def token_ok(rsps, token=TOKEN, expires_in=3600):
    rsps.add(
        responses.POST,
        f"{BASE}/oauth/v1/tokens",
        json={"access_token": token, "expires_in": expires_in, "token_type": "Bearer"},
    )


def calls_to(rsps, path):
    return [c for c in rsps.calls if urlsplit(c.request.url).path == path]


# -- auth ---------------------------------------------------------------------------------------------
def test_token_request_and_data_call_carry_ohip_headers(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info()))
    build(enterprise_id="ACME01").get_reservation("PAR1004")

    token_call, data_call = rsps.calls
    expected_basic = base64.b64encode(f"mystay-client:{SECRET}".encode()).decode()
    assert token_call.request.method == "POST"
    assert token_call.request.headers["Authorization"] == f"Basic {expected_basic}"
    assert token_call.request.headers["x-app-key"] == APP_KEY
    assert token_call.request.headers["enterpriseId"] == "ACME01"
    assert token_call.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(token_call.request.body) == {"grant_type": ["client_credentials"], "scope": [DEFAULT_SCOPE]}

    assert data_call.request.headers["authorization"] == f"Bearer {TOKEN}"
    assert data_call.request.headers["x-app-key"] == APP_KEY
    assert data_call.request.headers["x-hotelid"] == "SAND01"
    assert parse_qs(urlsplit(data_call.request.url).query)["confirmationNumberList"] == ["PAR1004"]


def test_no_enterprise_header_unless_configured(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body())
    build().get_reservation("PAR1004")
    assert "enterpriseId" not in rsps.calls[0].request.headers


def test_token_is_cached_across_calls_and_provider_instances(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info()))
    pms = build()
    for _ in range(3):
        pms.get_reservation("PAR1004")
    build().get_reservation("PAR1004")  # a rebuilt provider (config change, other process) reuses it
    assert len(calls_to(rsps, "/oauth/v1/tokens")) == 1
    assert len(calls_to(rsps, urlsplit(RSV).path)) == 4


def test_token_expiry_is_respected(rsps, monkeypatch):
    token_ok(rsps, expires_in=3600)
    rsps.add(responses.GET, RSV, json=search_body())
    set_calls = []
    from stays.providers import opera

    real_set = opera.cache.set
    monkeypatch.setattr(opera.cache, "set", lambda k, v, timeout: (set_calls.append(timeout), real_set(k, v, timeout)))
    build().get_reservation("PAR1004")
    assert set_calls and 3000 <= set_calls[0] < 3600  # a little before expires_in


def test_401_refreshes_the_token_once_and_repeats_the_call(rsps):
    rsps.add(responses.POST, f"{BASE}/oauth/v1/tokens", json={"access_token": "old", "expires_in": 3600})
    rsps.add(responses.POST, f"{BASE}/oauth/v1/tokens", json={"access_token": "new", "expires_in": 3600})
    rsps.add(responses.GET, RSV, status=401, json={"title": "Unauthorized", "status": 401})
    rsps.add(responses.GET, RSV, json=search_body(reservation_info()))
    reservation = build().get_reservation("PAR1004")
    assert reservation.id == "R1004"
    data_calls = calls_to(rsps, urlsplit(RSV).path)
    assert [c.request.headers["authorization"] for c in data_calls] == ["Bearer old", "Bearer new"]


def test_persistent_401_is_pms_auth_failed(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, status=401, json={"title": "Unauthorized"})
    with pytest.raises(ProviderAuthFailed) as exc:
        build().get_reservation("PAR1004")
    assert exc.value.error_code == "pms_auth_failed"
    assert exc.value.status_code == 502
    assert len(calls_to(rsps, "/oauth/v1/tokens")) == 2
    assert len(calls_to(rsps, urlsplit(RSV).path)) == 2


def test_bad_client_credentials_are_pms_auth_failed(rsps):
    rsps.add(responses.POST, f"{BASE}/oauth/v1/tokens", status=401, json={"title": "invalid_client"})
    with pytest.raises(ProviderAuthFailed):
        build().get_reservation("PAR1004")
    assert len(rsps.calls) == 1


@pytest.mark.off_contract  # a deliberately malformed answer
def test_token_response_without_access_token_is_bad_response(rsps):
    rsps.add(responses.POST, f"{BASE}/oauth/v1/tokens", json={"token_type": "Bearer"})
    with pytest.raises(ProviderBadResponse):
        build().get_reservation("PAR1004")


# -- reservations -------------------------------------------------------------------------------------
def test_get_reservation_is_normalized(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info(status="DueOut")))
    r = build().get_reservation("par1004")
    assert r.id == "R1004"
    assert r.confirmation_number == "PAR1004"
    assert (r.guest_first_name, r.guest_last_name, r.guest_name) == ("Marco", "Rossi", "Marco Rossi")
    assert r.guest_email == "marco.rossi@example.com"
    assert r.guest_id == "P77"
    assert (r.check_in_date, r.check_out_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    assert (r.room_type, r.room_number) == ("Deluxe King", "201")
    assert r.status == "checked_in"
    assert (r.adults, r.children, r.number_of_guests) == (2, 1, 3)


@pytest.mark.parametrize(
    "opera_status,normalized",
    [
        ("Reserved", "confirmed"),
        ("DueIn", "confirmed"),
        ("InHouse", "checked_in"),
        ("CheckedOut", "checked_out"),
        ("Cancelled", "cancelled"),
        ("NoShow", "no_show"),
    ],
)
def test_statuses_are_normalized(rsps, opera_status, normalized):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info(status=opera_status)))
    assert build().get_reservation("PAR1004").status == normalized


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 204},
        {"status": 404, "json": {"type": "https://httpstatuses.com/404", "title": "Not Found"}},
        {"json": search_body()},
    ],
    ids=["204", "404", "empty"],
)
def test_unknown_confirmation_is_none(rsps, answer):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, **answer)
    assert build().get_reservation("NOPE") is None


def test_other_confirmation_in_answer_is_not_taken(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info(conf="PAR9999")))
    assert build().get_reservation("PAR1004") is None


@pytest.mark.off_contract  # a deliberately malformed answer
@pytest.mark.parametrize(
    "body",
    [
        {"unexpected": True},
        {"reservations": {"reservationInfo": [{"roomStay": {}}]}},  # no reservationIdList
        {"reservations": {"reservationInfo": [dict(reservation_info(), roomStay={"arrivalDate": "soon"})]}},
        {"reservations": {"reservationInfo": "nope"}},
    ],
)
def test_missing_keys_are_pms_bad_response(rsps, body):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=body)
    with pytest.raises(ProviderBadResponse) as exc:
        build().get_reservation("PAR1004")
    assert exc.value.error_code == "pms_bad_response"


@pytest.mark.off_contract  # a deliberately malformed answer
def test_garbage_json_is_pms_bad_response(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, body="<html>gateway says hi</html>", content_type="text/html")
    with pytest.raises(ProviderBadResponse):
        build().get_reservation("PAR1004")


# -- failures -------------------------------------------------------------------------------------------
def test_5xx_on_a_read_is_retried_then_pms_unavailable(rsps, sleeps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, status=503, json={"title": "Service Unavailable"})
    with pytest.raises(ProviderUnavailable) as exc:
        build().get_reservation("PAR1004")
    assert exc.value.error_code == "pms_unavailable"
    assert exc.value.status_code == 503
    assert len(calls_to(rsps, urlsplit(RSV).path)) == 3  # first try + 2 retries
    assert len(sleeps) == 2


def test_5xx_then_success_on_a_read(rsps, sleeps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, status=502)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info()))
    assert build().get_reservation("PAR1004").id == "R1004"


def test_timeout_is_pms_timeout(rsps, sleeps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(ProviderTimeout) as exc:
        build().get_reservation("PAR1004")
    assert exc.value.error_code == "pms_timeout"
    assert exc.value.status_code == 504


def test_connection_refused_is_pms_unavailable(rsps, sleeps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, body=requests.ConnectionError("refused"))
    with pytest.raises(ProviderUnavailable):
        build().get_reservation("PAR1004")


def test_429_retry_after_is_honoured(rsps, sleeps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, status=429, headers={"Retry-After": "2"})
    rsps.add(responses.GET, RSV, json=search_body(reservation_info()))
    assert build().get_reservation("PAR1004").id == "R1004"
    assert sleeps and sleeps[0] >= 2


def test_check_in_is_not_retried_on_5xx(rsps, sleeps):
    token_ok(rsps)
    path = f"{BASE}/fof/v1/hotels/SAND01/reservations/R1001/checkIns"
    rsps.add(responses.POST, path, status=500)
    with pytest.raises(ProviderUnavailable):
        build().check_in("R1001")
    assert len(calls_to(rsps, urlsplit(path).path)) == 1
    assert sleeps == []


def test_secrets_never_reach_the_logs(rsps, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    rsps.add(responses.POST, f"{BASE}/oauth/v1/tokens", json={"access_token": TOKEN, "expires_in": 3600})
    rsps.add(responses.GET, RSV, status=401)
    rsps.add(responses.GET, RSV, status=503)
    with pytest.raises(ProviderUnavailable):
        build().get_reservation("PAR1004")
    assert caplog.records  # the calls were logged ...
    for secret in (SECRET, APP_KEY, TOKEN, "PAR1004", base64.b64encode(f"mystay-client:{SECRET}".encode()).decode()):
        assert secret not in caplog.text  # ... without credentials, tokens or the confirmation number


# -- folio, profile, check-in/out -------------------------------------------------------------------------
def test_get_folio_reads_postings_as_decimal(rsps):
    token_ok(rsps)
    rsps.add(
        responses.GET,
        f"{BASE}/csh/v1/hotels/SAND01/reservations/R1004/folios",
        body=json.dumps(
            {
                "reservationFolioInformation": {
                    "folioWindows": [
                        {
                            "folioWindowNo": 1,
                            "balance": {"amount": 192.60, "currencyCode": "EUR"},
                            "folios": [
                                {
                                    "folioNo": 1,
                                    "folioDate": "2026-03-01",
                                    "postings": [
                                        {
                                            "transactionNo": 11,
                                            "transactionCode": "1000",
                                            "transactionType": "Revenue",
                                            "transactionDate": "2026-03-01",
                                            "description": "Accommodation",
                                            "postedAmount": {"amount": 180.10, "currencyCode": "EUR"},
                                        },
                                        {
                                            "transactionNo": 12,
                                            "transactionCode": "2010",
                                            "transactionType": "Revenue",
                                            "transactionDate": "2026-03-01",
                                            "description": "Minibar",
                                            "postedAmount": {"amount": 12.50, "currencyCode": "EUR"},
                                        },
                                    ],
                                }
                            ],
                        },
                        {
                            "folioWindowNo": 2,
                            "balance": {"amount": 0, "currencyCode": "EUR"},
                            "folios": [
                                {
                                    "folioNo": 2,
                                    "postings": [
                                        {
                                            "transactionNo": 13,
                                            "transactionType": "Payment",
                                            "transactionDate": "2026-03-02",
                                            "postedAmount": {"amount": -100, "currencyCode": "EUR"},
                                        }
                                    ],
                                }
                            ],
                        },
                    ]
                }
            }
        ),
        content_type="application/json",
    )
    folio = build().get_folio("R1004")
    call = calls_to(rsps, "/csh/v1/hotels/SAND01/reservations/R1004/folios")[0]
    assert "Postings" in parse_qs(urlsplit(call.request.url).query)["fetchInstructions"]
    assert folio.currency == "EUR"
    assert folio.balance == Decimal("192.60")
    assert folio.total_charges == Decimal("192.60")
    assert folio.total_payments == Decimal("100")
    assert [(line.id, line.description, line.amount, line.kind) for line in folio.lines] == [
        ("11", "Accommodation", Decimal("180.10"), "charge"),
        ("12", "Minibar", Decimal("12.50"), "charge"),
        ("13", "", Decimal("100"), "payment"),
    ]
    assert all(isinstance(line.amount, Decimal) for line in folio.lines)


def test_get_folio_of_unknown_reservation_is_not_found(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, f"{BASE}/csh/v1/hotels/SAND01/reservations/NOPE/folios", status=404)
    with pytest.raises(ProviderNotFound) as exc:
        build().get_folio("NOPE")
    assert exc.value.error_code == "pms_not_found"


def test_update_guest_profile_reads_then_puts_the_profile(rsps):
    token_ok(rsps)
    path = f"{BASE}/crm/v1/profiles/P77"
    rsps.add(
        responses.GET,
        path,
        json={
            "profileDetails": {
                "customer": {"personName": [{"givenName": "Marco", "surname": "Rossi", "nameType": "Primary"}]},
                "emails": {"emailInfo": [{"email": {"emailAddress": "old@example.com", "primaryInd": True}}]},
                "profileType": "Guest",
            },
            "profileIdList": [{"id": "P77", "type": "Profile"}],
        },
    )
    rsps.add(responses.PUT, path, json={"links": []})
    result = build().update_guest_profile("P77", {"email": "new@example.com", "phone": "+33 7 11", "language": "it"})
    put = [c for c in rsps.calls if c.request.method == "PUT"][0]
    body = json.loads(put.request.body)
    assert put.request.headers["x-hotelid"] == "SAND01"
    assert body["profileIdList"] == [{"type": "Profile", "idContext": "OPERA", "id": "P77"}]
    details = body["profileDetails"]
    assert details["customer"]["personName"][0] == {"givenName": "Marco", "surname": "Rossi", "nameType": "Primary"}
    assert details["customer"]["language"] == "it"
    assert details["emails"]["emailInfo"][0]["email"]["emailAddress"] == "new@example.com"
    assert details["telephones"]["telephoneInfo"][0]["telephone"]["phoneNumber"] == "+33 7 11"
    assert result["email"] == "new@example.com" and result["guest_id"] == "P77"


def test_check_in_assigns_the_room_then_checks_in(rsps):
    token_ok(rsps)
    fof = f"{BASE}/fof/v1/hotels/SAND01/reservations/R1001"
    rsps.add(responses.POST, f"{fof}/roomAssignments", status=201, json={"assignedRoom": {}})
    rsps.add(responses.POST, f"{fof}/checkIns", status=201, json={"checkedinReservation": {}})
    rsps.add(responses.GET, f"{RSV}/R1001", json=hotel_reservation("R1001", status="InHouse", room="102"))
    reservation = build().check_in("R1001", room_number="102")
    assign, check_in = (c for c in rsps.calls if c.request.method == "POST" and "oauth" not in c.request.url)
    assert json.loads(assign.request.body)["criteria"] == {
        "hotelId": "SAND01",
        "reservationIdList": [{"id": "R1001", "type": "Reservation"}],
        "roomId": "102",
        "roomNumberLocked": False,
    }
    assert json.loads(check_in.request.body)["reservation"]["roomId"] == "102"
    assert check_in.request.headers["x-hotelid"] == "SAND01"
    assert (reservation.status, reservation.room_number, reservation.guest_email) == (
        "checked_in",
        "102",
        "m@example.com",
    )


def test_check_out_posts_to_cashiering(rsps):
    token_ok(rsps)
    path = f"{BASE}/csh/v1/hotels/SAND01/reservations/R1004/checkOuts"
    rsps.add(responses.POST, path, status=201, json={"status": "Completed"})
    rsps.add(responses.GET, f"{RSV}/R1004", json=hotel_reservation(status="CheckedOut"))
    reservation = build().check_out("R1004")
    body = json.loads(calls_to(rsps, urlsplit(path).path)[0].request.body)
    assert body["reservation"]["reservationIdList"] == [{"id": "R1004", "type": "Reservation"}]
    assert body["reservation"]["eventType"] == "CheckOut"
    assert body["verificationOnly"] is False
    assert reservation.status == "checked_out"


# -- listing -------------------------------------------------------------------------------------------------
def test_list_arrivals_follows_paging(rsps):
    token_ok(rsps)
    rsps.add(
        responses.GET,
        RSV,
        json=search_body(reservation_info("R1", "C1"), reservation_info("R2", "C2"), has_more=True),
    )
    rsps.add(responses.GET, RSV, json=search_body(reservation_info("R3", "C3"), offset=2))
    found = build(page_size=2).list_arrivals(dt.date(2026, 3, 1))
    assert [r.id for r in found] == ["R1", "R2", "R3"]
    queries = [parse_qs(urlsplit(c.request.url).query) for c in calls_to(rsps, urlsplit(RSV).path)]
    assert [q["offset"] for q in queries] == [["0"], ["2"]]
    assert queries[0]["limit"] == ["2"]
    assert queries[0]["searchType"] == ["Arrival"]
    assert queries[0]["arrivalStartDate"] == queries[0]["arrivalEndDate"] == ["2026-03-01"]


def test_list_departures_and_in_house_queries(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body(reservation_info()))
    pms = build()
    pms.list_departures(dt.date(2026, 3, 5))
    pms.list_in_house(dt.date(2026, 3, 2))
    departures, in_house = (parse_qs(urlsplit(c.request.url).query) for c in calls_to(rsps, urlsplit(RSV).path))
    assert departures["searchType"] == ["Departure"]
    assert departures["departureStartDate"] == departures["departureEndDate"] == ["2026-03-05"]
    assert in_house["searchType"] == ["InHouse"]
    assert in_house["arrivalEndDate"] == ["2026-03-02"] and in_house["departureStartDate"] == ["2026-03-03"]


def test_health_check(rsps):
    token_ok(rsps)
    rsps.add(responses.GET, RSV, json=search_body())
    assert build().health_check() is True


# -- configuration -----------------------------------------------------------------------------------------
def test_config_declares_secrets_and_requires_credentials():
    spec = get_spec(Capability.PMS, "opera")
    assert spec.secret_fields == {"client_secret", "app_key"}
    with pytest.raises(ConfigError) as exc:
        spec.validate({"base_url": BASE})
    assert {"client_id", "client_secret", "app_key", "hotel_id"} <= set(exc.value.errors)
    assert spec.validate({"base_url": BASE, "client_id": "c", "client_secret": "s", "app_key": "k", "hotel_id": "H"})[
        "scope"
    ] == (DEFAULT_SCOPE)


@override_settings(
    PMS_PROVIDER="opera",
    PMS_BASE_URL=BASE,
    PMS_CLIENT_ID="env-client",
    PMS_CLIENT_SECRET="env-secret",
    PMS_APP_KEY="env-key",
    PMS_HOTEL_ID="ENV01",
)
def test_environment_defaults_fill_the_config():
    name, config = env_default_choice(Capability.PMS)
    assert name == "opera"
    assert config == {
        "base_url": BASE,
        "client_id": "env-client",
        "client_secret": "env-secret",
        "app_key": "env-key",
        "hotel_id": "ENV01",
    }
