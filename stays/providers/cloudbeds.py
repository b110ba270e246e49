"""The `cloudbeds` PMS: Cloudbeds API v1.3 through our own HTTP client (not the urllib3 SDK).

v1.3 is RPC style: GET with query strings, POST/PUT with form bodies; answers are
`{"success": bool, "data": …, "message"?: str}`. Authentication is the property's API key in
`x-api-key`, and `X-PROPERTY-ID` names the property. Folio lines come from the Accounting API
(`POST /accounting/v1.0/transactions`), since v1.3's getTransactions is being retired.
The Cloudbeds reservationID is the confirmation number guests see.

Assumptions the public material does not settle (see the README's "PMS connectors" section): the
Accounting API is called with the same API key, sent both as `x-api-key` and as a bearer token (its
OpenAPI declares only bearer JWT / OAuth); an integer `amount` with a `currencyScale` is in minor
units, any other amount in major units; payments are classified by transaction code, whatever sign
Cloudbeds gives them.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from urllib.parse import urlsplit

from integrations.exceptions import ProviderNotFound, ProviderRefused
from integrations.http import HttpClient
from integrations.registry import ConfigField

from ._util import as_int, bad_response, call_options, interactive_budget, json_object, parse_date, parse_money
from .base import CANCELLED, CHECKED_IN, CHECKED_OUT, CONFIRMED, NO_SHOW, Folio, FolioLine, Reservation

logger = logging.getLogger("mystay.stays.pms")

STATUS_MAP = {
    "confirmed": CONFIRMED,
    "not_confirmed": CONFIRMED,
    "checked_in": CHECKED_IN,
    "checked_out": CHECKED_OUT,
    "canceled": CANCELLED,
    "no_show": NO_SHOW,
}
PAGE_SIZE = 100
ROOMS_PAGE_SIZE = 100  # getRooms pages, 20 by default

# Cloudbeds' internal transaction codes: a four-digit base, then A (adjustment; for payments: a refund),
# V (void) or R (routed). 9xxx are payments (9000 any, 9100 cash, 9200 bank transfer, 9300 card).
TRANSACTION_CODE = re.compile(r"^(?P<base>\d{4})(?P<suffix>[A-Z]?)$")


class CloudbedsPms:
    name = "cloudbeds"
    label = "Cloudbeds (API v1.3)"
    config_fields = (
        ConfigField(
            "base_url",
            type="url",
            required=True,
            default="https://api.cloudbeds.com/api/v1.3",
            env="PMS_BASE_URL",
            help="Cloudbeds API v1.3 base URL.",
        ),
        ConfigField("api_key", required=True, secret=True, env="PMS_API_KEY", help="Property API key (x-api-key)."),
        ConfigField("property_id", required=True, env="PMS_HOTEL_ID", help="Cloudbeds propertyID."),
        ConfigField("accounting_url", type="url", help="Accounting API base; blank: same host, /accounting/v1.0."),
        ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
        ConfigField("read_timeout", type="float", help="Seconds; blank for the platform default."),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.property_id = str(config["property_id"])
        base = config["base_url"]
        parts = urlsplit(base)
        self.accounting_url = config.get("accounting_url") or f"{parts.scheme}://{parts.netloc}/accounting/v1.0"
        self.http = HttpClient(
            capability="pms",
            provider=self.name,
            base_url=base,
            scope=hotel.code,
            headers={"x-api-key": config["api_key"], "X-PROPERTY-ID": self.property_id},
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout"),
        )

    def __repr__(self):
        return f"<CloudbedsPms hotel={self.hotel.code} property={self.property_id}>"

    # -- plumbing ----------------------------------------------------------------------------------
    def _body(self, response):
        return json_object(response, provider=self.name)

    def _refused(self, body: dict):
        """Cloudbeds answers a refusal with 200 and `success: false`; its `message` says why."""
        message = " ".join(str(body.get("message") or "").split())[:300]
        if message:
            return ProviderRefused(f"Cloudbeds refused: {message}", capability="pms", provider=self.name)
        return bad_response(self.name, "The PMS refused the request.")

    def _data(self, response):
        body = self._body(response)
        if body.get("success") is not True:
            raise self._refused(body)
        if "data" not in body:
            raise bad_response(self.name)
        return body["data"]

    def _ok(self, response) -> None:
        body = self._body(response)
        if body.get("success") is not True:
            raise self._refused(body)

    # -- normalizing -------------------------------------------------------------------------------
    def _reservation(self, data) -> Reservation:
        """getReservation's `data`, or one item of getReservations (with guest details / all rooms)."""
        if not isinstance(data, dict) or not data.get("reservationID"):
            raise bad_response(self.name)
        guests = data.get("guestList") or {}
        guests = list(guests.values()) if isinstance(guests, dict) else list(guests)
        main = next((g for g in guests if g.get("isMainGuest")), guests[0] if guests else {})
        assigned = data.get("assigned") or [r for r in data.get("rooms") or [] if r.get("roomName")]
        unassigned = data.get("unassigned") or [r for r in data.get("rooms") or [] if not r.get("roomName")]
        rooms = [*assigned, *unassigned]
        first_room = rooms[0] if rooms else {}
        adults = sum(as_int(r.get("adults")) for r in rooms) if rooms else as_int(data.get("adults"), 1)
        children = sum(as_int(r.get("children")) for r in rooms) if rooms else as_int(data.get("children"))
        first = main.get("guestFirstName") or ""
        last = main.get("guestLastName") or ""
        if not (first or last) and data.get("guestName"):
            first, _, last = str(data["guestName"]).rpartition(" ")
            first, last = (first, last) if first else ("", last)
        status = data.get("status") or ""
        if status not in STATUS_MAP:
            logger.warning("cloudbeds: unknown reservation status %r, treated as confirmed", status)
        return Reservation(
            id=str(data["reservationID"]),
            confirmation_number=str(data["reservationID"]),
            guest_name=f"{first} {last}".strip(),
            guest_email=main.get("guestEmail") or data.get("guestEmail") or "",
            check_in_date=parse_date(data.get("startDate") or first_room.get("startDate"), provider=self.name),
            check_out_date=parse_date(data.get("endDate") or first_room.get("endDate"), provider=self.name),
            room_type=first_room.get("roomTypeName") or "",
            room_number=(assigned[0].get("roomName") if assigned else None) or None,
            status=STATUS_MAP.get(status, CONFIRMED),
            number_of_guests=max(1, adults) + children,
            guest_first_name=first,
            guest_last_name=last,
            guest_phone=main.get("guestPhone") or "",
            guest_id=str(main.get("guestID") or data.get("guestID") or ""),
            adults=max(1, adults),
            children=children,
        )

    # -- operations --------------------------------------------------------------------------------
    def get_reservation(self, confirmation_number, *, interactive=False):
        with interactive_budget(interactive):
            response = self.http.get(
                "/getReservation",
                params={"reservationID": str(confirmation_number), "propertyID": self.property_id},
                not_found_ok=True,
                **call_options(self.http, self.name),
            )
        body = self._body(response)
        if response is None:
            return None
        if body.get("success") is False:
            # Cloudbeds answers an unknown id with success=false and a "not found" message; any
            # other refusal (permissions, a bad property id, ...) is not "no such reservation".
            if "not found" in str(body.get("message") or "").lower():
                return None
            raise bad_response(self.name, "The PMS refused the request.")
        if not isinstance(body.get("data"), dict):
            raise bad_response(self.name)
        return self._reservation(body["data"])

    def _by_id(self, reservation_id) -> Reservation:
        reservation = self.get_reservation(reservation_id)
        if reservation is None:
            raise ProviderNotFound(capability="pms", provider=self.name)
        return reservation

    def get_folio(self, reservation_id):
        lines: list[FolioLine] = []
        currency = self.hotel.currency
        token = None
        for _page in range(1000):
            response = self.http.post(
                f"{self.accounting_url}/transactions",
                json={
                    "filters": {
                        "and": [
                            {"operator": "equals", "value": str(reservation_id), "field": "source_id"},
                            {"operator": "equals", "value": "RESERVATION", "field": "source_kind"},
                        ]
                    },
                    "pageToken": token,
                    "limit": PAGE_SIZE,
                    "sort": [{"field": "transaction_datetime", "direction": "asc"}],
                },
                # The Accounting OpenAPI declares bearer auth; v1.3 takes the key as x-api-key (sent too).
                headers={"Authorization": f"Bearer {self.http.session.headers['x-api-key']}"},
                safe=True,  # a search: repeating it changes nothing
            )
            body = self._body(response)
            transactions = body.get("transactions")
            if not isinstance(transactions, list):
                raise bad_response(self.name)
            for tx in transactions:
                amount = parse_money(tx.get("amount"), provider=self.name)
                scale = tx.get("currencyScale")
                if isinstance(tx.get("amount"), int) and scale is not None:
                    amount = amount.scaleb(-as_int(scale))  # integer minor units
                currency = tx.get("currency") or currency
                code = str(tx.get("internalTransactionCode") or "")
                kind, amount = self._classify(code, amount)
                lines.append(
                    FolioLine(
                        id=str(tx.get("id")),
                        date=parse_date(
                            tx.get("serviceDate") or tx.get("transactionDatetime") or tx.get("businessDate"),
                            provider=self.name,
                        ),
                        description=tx.get("description") or code or "Charge",
                        amount=amount,
                        kind=kind,
                    )
                )
            token = body.get("nextPageToken")
            if not token:
                break
        return Folio.from_lines(reservation_id=reservation_id, currency=currency, lines=lines)

    @staticmethod
    def _classify(code: str, amount: Decimal) -> tuple[str, Decimal]:
        """(kind, signed amount) of one transaction, by its code. Charges keep their sign (a void or a
        downward adjustment lowers them). A payment counts as paid, a refund (A) or a void (V) of one
        as paid back, whichever sign Cloudbeds posts payments with."""
        match = TRANSACTION_CODE.match(code.strip().upper())
        base, suffix = (match["base"], match["suffix"]) if match else (code, "")
        if not base.startswith("9"):
            return "charge", -abs(amount) if suffix == "V" else amount
        return "payment", -abs(amount) if suffix in ("A", "V") else abs(amount)

    def update_guest_profile(self, guest_id, data):
        fields = {
            "first_name": "guestFirstName",
            "last_name": "guestLastName",
            "email": "guestEmail",
            "phone": "guestPhone",
            "nationality": "guestCountry",
            "birth_date": "guestBirthDate",
        }
        form = {"propertyID": self.property_id, "guestID": str(guest_id)}
        form.update({vendor: str(data[key]) for key, vendor in fields.items() if data.get(key)})
        self._ok(self.http.put("/putGuest", data=form))  # absolute values: safe to repeat
        return {"guest_id": str(guest_id), **{k: str(v) for k, v in data.items() if k in fields}}

    def _room(self, room_number) -> dict:
        """The room named `room_number` (getRooms takes `propertyIDs` and pages)."""
        seen = 0
        for page in range(1, 1000):
            response = self.http.get(
                "/getRooms",
                params={"propertyIDs": self.property_id, "pageNumber": page, "pageSize": ROOMS_PAGE_SIZE},
            )
            body = self._body(response)
            data = self._data(response)
            rooms = [r for block in data if isinstance(block, dict) for r in block.get("rooms") or []]
            for room in rooms:
                if str(room.get("roomName")) == str(room_number) and room.get("roomID"):
                    return room
            seen += len(rooms)
            total = as_int(body.get("total"), 0)
            if len(rooms) < ROOMS_PAGE_SIZE or (total and seen >= total):
                break
        raise ProviderNotFound(f"Room {room_number} is unknown to the PMS.", capability="pms", provider=self.name)

    def check_in(self, reservation_id, room_number=None):
        if room_number:
            current = self.http.get(
                "/getReservation", params={"reservationID": str(reservation_id), "propertyID": self.property_id}
            )
            data = self._data(current)
            rooms = [*(data.get("unassigned") or []), *(data.get("assigned") or [])]
            if not rooms:
                raise bad_response(self.name)
            room = self._room(room_number)
            form = {
                "propertyID": self.property_id,
                "reservationID": str(reservation_id),
                "subReservationID": str(rooms[0].get("subReservationID") or ""),
                "newRoomID": str(room["roomID"]),
                # Required for an assignment: the room type of the room assigned.
                "roomTypeID": str(room.get("roomTypeID") or rooms[0].get("roomTypeID") or ""),
            }
            if rooms[0].get("roomID"):
                form["oldRoomID"] = str(rooms[0]["roomID"])
            self._ok(self.http.post("/postRoomAssign", data=form, safe=False))
        self._ok(
            self.http.put(
                "/putReservation",
                data={"propertyID": self.property_id, "reservationID": str(reservation_id), "status": "checked_in"},
                safe=False,  # may send the guest a status e-mail: do not repeat blindly
            )
        )
        return self._by_id(reservation_id)

    def check_out(self, reservation_id):
        self._ok(
            self.http.put(
                "/putReservation",
                data={"propertyID": self.property_id, "reservationID": str(reservation_id), "status": "checked_out"},
                safe=False,
            )
        )
        return self._by_id(reservation_id)

    def _list(self, params: dict) -> list[Reservation]:
        found: list[Reservation] = []
        for page in range(1, 10_000):
            response = self.http.get(
                "/getReservations",
                params={
                    "propertyID": self.property_id,
                    "includeGuestsDetails": "true",
                    "includeAllRooms": "true",
                    "pageNumber": page,
                    "pageSize": PAGE_SIZE,
                    **params,
                },
            )
            body = self._body(response)
            items = body.get("data")
            if body.get("success") is not True or not isinstance(items, list):
                raise bad_response(self.name)
            found.extend(self._reservation(item) for item in items)
            total = as_int(body.get("total"), 0)
            if len(items) < PAGE_SIZE or (total and len(found) >= total):
                break
        return found

    def list_arrivals(self, date):
        day = date.isoformat()
        return self._list({"checkInFrom": day, "checkInTo": day})

    def list_departures(self, date):
        day = date.isoformat()
        return self._list({"checkOutFrom": day, "checkOutTo": day})

    def list_in_house(self, date):
        found = self._list({"status": "checked_in"})
        return [r for r in found if r.check_in_date <= date < r.check_out_date]

    def health_check(self):
        self._data(self.http.get("/getHotelDetails", params={"propertyID": self.property_id}))
        return True
