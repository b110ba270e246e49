"""The `mews` PMS provider against the Mews Connector API wire format, with `responses`."""

import datetime as dt
import json
import logging
from decimal import Decimal

import pytest
import requests
import responses

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse, ProviderTimeout, ProviderUnavailable
from integrations.registry import Capability, get_spec
from stays.models import Hotel
from stays.providers.contracts import mews_example
from stays.providers.mews import MewsPms
from tests.contract.recorder import vendor_contract  # noqa: F401  (autouse: answers and requests vs the vendor's spec)

BASE = "https://api.mews-demo.com/api/connector/v1"
CLIENT_TOKEN = "E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D"
ACCESS_TOKEN = "C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D"
GET_ALL = f"{BASE}/reservations/getAll/2023-06-06"


def build(**overrides):
    config = {"client_token": CLIENT_TOKEN, "access_token": ACCESS_TOKEN, **overrides}
    hotel = Hotel(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")
    return MewsPms(hotel=hotel, config=get_spec(Capability.PMS, "mews").validate(config))


def documented(operation: str, key: str, **fields) -> dict:
    """The first item Mews documents in `operation`'s answer under `key`, with `fields` over it: a
    fixture that has every field the reference calls required."""
    return {**mews_example(operation)[key][0], **fields}


def customer(**fields):
    return documented("customers/getAll", "Customers", **fields)


def resource(rid, name):
    return documented("resources/getAll", "Resources", Id=rid, Name=name)


def category(cid="cat-1", name="Superior Twin"):
    return documented("resourceCategories/getAll", "ResourceCategories", Id=cid, Names={"en-US": name})


def order_item(**fields):
    return documented("orderItems/getAll", "OrderItems", **fields)


def payment(**fields):
    return documented("payments/getAll", "Payments", **fields)


def amount(value, currency="EUR"):
    """An Amount as the reference shapes it (gross = net here: no tax breakdown needed)."""
    return {"Currency": currency, "NetValue": value, "GrossValue": value, "TaxValues": [], "Breakdown": {"Items": []}}


def mews_reservation(rid="res-1", number="52", state="Started", resource="room-1"):
    return documented(
        "reservations/getAll/2023-06-06",
        "Reservations",
        **_reservation_fields(rid, number, state, resource),
    )


def _reservation_fields(rid, number, state, resource):
    return {
        "Id": rid,
        "Number": number,
        "ServiceId": "svc-stay",
        "State": state,
        "AccountId": "cust-1",
        "AccountType": "Customer",
        "AssignedResourceId": resource,
        "RequestedResourceCategoryId": "cat-1",
        # 23:00 UTC on 28 Feb is 1 March in Paris: dates are the hotel's.
        "ScheduledStartUtc": "2026-02-28T23:00:00Z",
        "ScheduledEndUtc": "2026-03-04T10:00:00Z",
        "PersonCounts": [{"AgeCategoryId": "adult", "Count": 2}],
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


def add_lookups(rsps):
    rsps.add(
        responses.POST,
        f"{BASE}/customers/getAll",
        json={
            "Customers": [
                customer(
                    Id="cust-1",
                    FirstName="Emma",
                    LastName="Johnson",
                    Email="emma@example.com",
                    Phone="+44 20",
                    LanguageCode="en-GB",
                )
            ]
        },
    )
    rsps.add(responses.POST, f"{BASE}/resources/getAll", json={"Resources": [resource("room-1", "1201")]})
    rsps.add(responses.POST, f"{BASE}/resourceCategories/getAll", json={"ResourceCategories": [category()]})


def body_of(call):
    return json.loads(call.request.body)


def test_get_reservation_sends_tokens_in_the_body_and_normalizes(rsps):
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [mews_reservation()], "Cursor": None})
    add_lookups(rsps)
    r = build().get_reservation("52")
    first = rsps.calls[0]
    assert first.request.url == GET_ALL
    assert first.request.headers["Content-Type"] == "application/json"
    assert body_of(first) == {
        "ClientToken": CLIENT_TOKEN,
        "AccessToken": ACCESS_TOKEN,
        "Client": "MyStay 1.0.0",
        "Numbers": ["52"],
        "Limitation": {"Count": 10},
    }
    assert body_of(rsps.calls[1])["CustomerIds"] == ["cust-1"]
    assert (r.id, r.confirmation_number, r.status) == ("res-1", "52", "checked_in")
    assert (r.guest_first_name, r.guest_last_name, r.guest_email) == ("Emma", "Johnson", "emma@example.com")
    assert (r.check_in_date, r.check_out_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 4))
    assert (r.room_number, r.room_type, r.number_of_guests) == ("1201", "Superior Twin", 2)


@pytest.mark.parametrize(
    "state,normalized",
    [("Confirmed", "confirmed"), ("Started", "checked_in"), ("Processed", "checked_out"), ("Canceled", "cancelled")],
)
def test_states_are_normalized(rsps, state, normalized):
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [mews_reservation(state=state)]})
    add_lookups(rsps)
    assert build().get_reservation("52").status == normalized


def test_unknown_number_is_none(rsps):
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [], "Cursor": None})
    assert build().get_reservation("404") is None
    assert len(rsps.calls) == 1


def test_check_in_assigns_room_and_starts_without_retrying(rsps, sleeps):
    rsps.add(responses.POST, f"{BASE}/resources/getAll", json={"Resources": [resource("room-9", "1402")]})
    rsps.add(responses.POST, f"{BASE}/reservations/update", json={})
    rsps.add(responses.POST, f"{BASE}/reservations/start", status=500, json={"Message": "boom"})
    with pytest.raises(ProviderUnavailable):
        build().check_in("res-1", room_number="1402")
    update = next(c for c in rsps.calls if c.request.url.endswith("/reservations/update"))
    assert body_of(update)["ReservationUpdates"] == [
        {"ReservationId": "res-1", "AssignedResourceId": {"Value": "room-9"}}
    ]
    assert len([c for c in rsps.calls if c.request.url.endswith("/reservations/start")]) == 1
    assert sleeps == []


def test_check_out_processes_the_reservation(rsps):
    rsps.add(responses.POST, f"{BASE}/reservations/process", json={})
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [mews_reservation(state="Processed")]})
    add_lookups(rsps)
    assert build().check_out("res-1").status == "checked_out"
    process = rsps.calls[0]
    assert body_of(process)["ReservationId"] == "res-1"
    assert body_of(process)["AllowOpenBalance"] is False
    assert body_of(rsps.calls[1])["ReservationIds"] == ["res-1"]


def test_update_guest_profile_maps_fields(rsps):
    rsps.add(
        responses.POST,
        f"{BASE}/customers/update",
        json=customer(Id="cust-1", FirstName="Emma", LastName="Jones", Email="e@example.com"),
    )
    result = build().update_guest_profile("cust-1", {"last_name": "Jones", "email": "e@example.com"})
    body = body_of(rsps.calls[0])
    assert body["CustomerId"] == "cust-1" and body["LastName"] == "Jones" and body["Email"] == "e@example.com"
    assert "FirstName" not in body
    assert result["last_name"] == "Jones"


def test_folio_from_order_items_and_payments(rsps):
    rsps.add(
        responses.POST,
        f"{BASE}/orderItems/getAll",
        body=json.dumps(
            {
                "OrderItems": [
                    order_item(
                        Id="oi-1",
                        BillingName="Night",
                        AccountingState="Open",
                        Amount=amount(150.10),
                        ConsumedUtc="2026-03-01T12:00:00Z",
                    ),
                    order_item(
                        Id="oi-2",
                        BillingName="Voided",
                        AccountingState="Canceled",
                        Amount=amount(99),
                        ConsumedUtc="2026-03-01T12:00:00Z",
                    ),
                ],
                "Cursor": None,
            }
        ),
        content_type="application/json",
    )
    rsps.add(
        responses.POST,
        f"{BASE}/payments/getAll",
        json={"Payments": [payment(Id="p-1", State="Charged", Amount=amount(50), CreatedUtc="2026-03-02T09:00:00Z")]},
    )
    folio = build().get_folio("res-1")
    assert body_of(rsps.calls[0])["ServiceOrderIds"] == ["res-1"]
    assert folio.total_charges == Decimal("150.10")
    assert folio.total_payments == Decimal("50")
    assert folio.balance == Decimal("100.10")
    assert [line.kind for line in folio.lines] == ["charge", "payment"]


def test_list_arrivals_follows_the_cursor_and_uses_the_hotel_day(rsps, monkeypatch):
    monkeypatch.setattr("stays.providers.mews.PAGE", 2)
    page1 = [mews_reservation("a", "1"), mews_reservation("b", "2")]
    rsps.add(responses.POST, GET_ALL, json={"Reservations": page1, "Cursor": "b"})
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [mews_reservation("c", "3")], "Cursor": "c"})
    add_lookups(rsps)
    found = build().list_arrivals(dt.date(2026, 3, 1))
    assert [r.id for r in found] == ["a", "b", "c"]
    listing = [c for c in rsps.calls if c.request.url == GET_ALL]
    assert [body_of(c)["Limitation"] for c in listing] == [{"Count": 2, "Cursor": None}, {"Count": 2, "Cursor": "b"}]
    assert body_of(listing[0])["ScheduledStartUtc"] == {
        "StartUtc": "2026-02-28T23:00:00Z",
        "EndUtc": "2026-03-01T23:00:00Z",
    }


def test_429_retry_after_is_honoured(rsps, sleeps):
    rsps.add(responses.POST, GET_ALL, status=429, headers={"Retry-After": "1"}, json={"Message": "slow down"})
    rsps.add(responses.POST, GET_ALL, json={"Reservations": []})
    assert build().get_reservation("52") is None
    assert sleeps and sleeps[0] >= 1


def test_bad_tokens_are_pms_auth_failed(rsps):
    rsps.add(responses.POST, GET_ALL, status=401, json={"Message": "Invalid AccessToken"})
    with pytest.raises(ProviderAuthFailed):
        build().get_reservation("52")


def test_reads_are_retried_on_5xx_then_unavailable(rsps, sleeps):
    rsps.add(responses.POST, GET_ALL, status=503)
    with pytest.raises(ProviderUnavailable) as exc:
        build().get_reservation("52")
    assert exc.value.error_code == "pms_unavailable"
    assert len(rsps.calls) == 3


def test_timeout_is_pms_timeout(rsps, sleeps):
    rsps.add(responses.POST, GET_ALL, body=requests.ReadTimeout())
    with pytest.raises(ProviderTimeout):
        build().get_reservation("52")


@pytest.mark.off_contract  # a deliberately malformed answer
@pytest.mark.parametrize("body", ["not json", json.dumps({"Reservations": [{"State": "Started"}]}), json.dumps([])])
def test_garbage_is_pms_bad_response(rsps, body):
    rsps.add(responses.POST, GET_ALL, body=body, content_type="application/json")
    with pytest.raises(ProviderBadResponse):
        build().get_reservation("52")


def test_tokens_never_reach_the_logs(rsps, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    rsps.add(responses.POST, GET_ALL, status=503)
    with pytest.raises(ProviderUnavailable):
        build().get_reservation("52")
    assert caplog.records
    assert CLIENT_TOKEN not in caplog.text and ACCESS_TOKEN not in caplog.text
