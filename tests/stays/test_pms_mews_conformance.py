"""The `mews` provider against the Mews Connector API documentation (issue 14): required `Extent` and
`ServiceIds`, `Reprice: false`, the `ScheduledEndUtc` filter, `BillingName`, and Mews' own meaning of
401 / 403 / 408 / 409. Every test asserts the request body it sends."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import responses

from integrations.exceptions import ProviderAuthFailed, ProviderRefused, ProviderTimeout
from tests.contract.recorder import vendor_contract  # noqa: F401  (autouse: answers and requests vs the vendor's spec)

from .test_pms_mews import (
    ACCESS_TOKEN,
    BASE,
    CLIENT_TOKEN,
    GET_ALL,
    amount,
    body_of,
    build,
    category,
    customer,
    mews_reservation,
    order_item,
    resource,
)

AUTH = {"ClientToken": CLIENT_TOKEN, "AccessToken": ACCESS_TOKEN, "Client": "MyStay 1.0.0"}


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def reservation(**overrides):
    return {**mews_reservation(), "ServiceId": "svc-stay", **overrides}


def add_lookups(rsps, resources=None):
    rsps.add(
        responses.POST,
        f"{BASE}/customers/getAll",
        json={"Customers": [customer(Id="cust-1", FirstName="Emma", LastName="Johnson", Email="e@example.com")]},
    )
    rsps.add(responses.POST, f"{BASE}/resources/getAll", json={"Resources": resources or [resource("room-1", "1201")]})
    rsps.add(
        responses.POST,
        f"{BASE}/resourceCategories/getAll",
        json={"ResourceCategories": [category()]},
    )


def call_to(rsps, operation):
    return [c for c in rsps.calls if c.request.url == f"{BASE}/{operation}"]


# -- defect 1: the lookup gets its guest, room and category -------------------------------------------
def test_lookup_asks_for_customers_resources_and_the_services_categories(rsps):
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [reservation()], "Cursor": None})
    add_lookups(rsps)
    found = build().get_reservation("52")
    (customers,) = call_to(rsps, "customers/getAll")
    (resources,) = call_to(rsps, "resources/getAll")
    (categories,) = call_to(rsps, "resourceCategories/getAll")
    assert body_of(customers) == {
        **AUTH,
        "CustomerIds": ["cust-1"],
        "Extent": {"Customers": True},
        "Limitation": {"Count": 1000},
    }
    assert body_of(resources) == {
        **AUTH,
        "ResourceIds": ["room-1"],
        "Extent": {"Resources": True},
        "Limitation": {"Count": 1000},
    }
    assert body_of(categories) == {
        **AUTH,
        "ServiceIds": ["svc-stay"],
        "ResourceCategoryIds": ["cat-1"],
        "Limitation": {"Count": 1000},
    }
    assert (found.guest_last_name, found.room_number, found.room_type) == ("Johnson", "1201", "Superior Twin")


# -- defect 8: room assignment does not re-price; departures by scheduled end ---------------------------
def test_check_in_finds_the_room_by_name_and_assigns_it_without_repricing(rsps):
    rsps.add(responses.POST, f"{BASE}/resources/getAll", json={"Resources": [resource("room-9", "1402")]})
    rsps.add(responses.POST, f"{BASE}/reservations/update", json={})  # its answer is not read
    rsps.add(responses.POST, f"{BASE}/reservations/start", json={})
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [reservation(AssignedResourceId="room-9")]})
    add_lookups(rsps, resources=[resource("room-9", "1402")])
    checked_in = build().check_in("res-1", room_number="1402")
    find_room = call_to(rsps, "resources/getAll")[0]
    assert body_of(find_room) == {
        **AUTH,
        "Names": ["1402"],
        "Extent": {"Resources": True},
        "Limitation": {"Count": 1000, "Cursor": None},
    }
    (update,) = call_to(rsps, "reservations/update")
    assert body_of(update) == {
        **AUTH,
        "Reprice": False,
        "ReservationUpdates": [{"ReservationId": "res-1", "AssignedResourceId": {"Value": "room-9"}}],
    }
    (start,) = call_to(rsps, "reservations/start")
    assert body_of(start) == {**AUTH, "ReservationId": "res-1"}
    assert checked_in.room_number == "1402"


def test_departures_use_the_scheduled_end_filter(rsps):
    leaving = reservation(ScheduledEndUtc="2026-03-04T10:00:00Z")
    rsps.add(responses.POST, GET_ALL, json={"Reservations": [leaving], "Cursor": None})
    add_lookups(rsps)
    found = build().list_departures(dt.date(2026, 3, 4))
    (listing,) = [c for c in rsps.calls if c.request.url == GET_ALL]
    assert body_of(listing) == {
        **AUTH,
        "ScheduledEndUtc": {"StartUtc": "2026-03-03T23:00:00Z", "EndUtc": "2026-03-04T23:00:00Z"},
        "Limitation": {"Count": 1000, "Cursor": None},
    }
    assert [r.id for r in found] == ["res-1"]


def test_folio_lines_are_named_by_billing_name(rsps):
    item = order_item(
        Id="oi-1",
        BillingName="Night 1 March",
        Type="SpaceOrder",
        AccountingState="Open",
        Amount=amount(150.10),
        ConsumedUtc="2026-03-01T12:00:00Z",
    )
    rsps.add(
        responses.POST,
        f"{BASE}/orderItems/getAll",
        body=json.dumps({"OrderItems": [item], "Cursor": None}),
        content_type="application/json",
    )
    rsps.add(responses.POST, f"{BASE}/payments/getAll", json={"Payments": [], "Cursor": None})
    folio = build().get_folio("res-1")
    (items,) = call_to(rsps, "orderItems/getAll")
    assert body_of(items) == {**AUTH, "ServiceOrderIds": ["res-1"], "Limitation": {"Count": 1000, "Cursor": None}}
    (payments,) = call_to(rsps, "payments/getAll")
    assert body_of(payments) == {**AUTH, "ReservationIds": ["res-1"], "Limitation": {"Count": 1000, "Cursor": None}}
    assert [(x.description, x.amount) for x in folio.lines] == [("Night 1 March", Decimal("150.10"))]


# -- defect 3: Mews' statuses -------------------------------------------------------------------------
def test_403_is_a_business_refusal_with_the_mews_message(rsps):
    rsps.add(
        responses.POST,
        f"{BASE}/reservations/start",
        status=403,
        json={"Message": "Reservation can't be started, the space is not inspected.", "RequestId": "r-1"},
    )
    with pytest.raises(ProviderRefused) as exc:
        build().check_in("res-1")
    assert exc.value.error_code == "pms_refused" and exc.value.status_code == 409
    assert str(exc.value.detail) == "Mews refused: Reservation can't be started, the space is not inspected."
    assert len(call_to(rsps, "reservations/start")) == 1


def test_401_is_bad_tokens(rsps):
    rsps.add(responses.POST, GET_ALL, status=401, json={"Message": "Invalid AccessToken."})
    with pytest.raises(ProviderAuthFailed) as exc:
        build().get_reservation("52")
    assert "Invalid AccessToken." in str(exc.value.detail) and "AccessToken" in str(exc.value.detail)


def test_408_asks_for_smaller_requests(rsps):
    rsps.add(responses.POST, GET_ALL, status=408, json={"Message": "Request timeout."})
    with pytest.raises(ProviderTimeout) as exc:
        build().list_arrivals(dt.date(2026, 3, 1))
    assert "smaller" in str(exc.value.detail)
    assert len(rsps.calls) == 1


def test_409_is_a_conflict_to_refresh(rsps):
    rsps.add(responses.POST, f"{BASE}/reservations/process", status=409, json={"Message": "Data has changed."})
    with pytest.raises(ProviderRefused) as exc:
        build().check_out("res-1")
    assert "Data has changed." in str(exc.value.detail)
    (process,) = call_to(rsps, "reservations/process")
    assert body_of(process) == {**AUTH, "ReservationId": "res-1", "CloseBills": False, "AllowOpenBalance": False}
