"""The `mews` PMS: Mews Connector API.

Every call is `POST {PlatformAddress}/api/connector/v1/{resource}/{action}` with a JSON body that
carries `ClientToken`, `AccessToken` and `Client` (authentication is in the body, not in headers).
Reads are safe to repeat; state changes (`reservations/start`, `reservations/process`) are not.
Times are UTC in Mews; dates are turned into the hotel's local dates.
"""

from __future__ import annotations

import datetime as dt
import logging

from integrations.exceptions import (
    ProviderAuthFailed,
    ProviderNotFound,
    ProviderRefused,
    ProviderTimeout,
    ProviderUnavailable,
)
from integrations.http import HttpClient, vendor_message
from integrations.registry import ConfigField

from ._util import as_int, bad_response, call_options, interactive_budget, json_object, parse_money
from .base import CANCELLED, CHECKED_IN, CHECKED_OUT, CONFIRMED, Folio, FolioLine, Reservation

logger = logging.getLogger("mystay.stays.pms")

RESERVATIONS_GET_ALL = "reservations/getAll/2023-06-06"
STATE_MAP = {
    "Inquired": CONFIRMED,
    "Requested": CONFIRMED,
    "Optional": CONFIRMED,
    "Confirmed": CONFIRMED,
    "Started": CHECKED_IN,
    "Processed": CHECKED_OUT,
    "Canceled": CANCELLED,
}
PAGE = 1000  # Mews' maximum Limitation.Count


def classify_mews_status(response, http: HttpClient):
    """Mews' documented statuses (guidelines/responses.md): 401 bad ClientToken/AccessToken or missing
    permission; 403 a business-rule refusal "that should be reported to the end user" (space not
    inspected, arrival in the future...); 408 a request too heavy, to be split; 409 data changed
    meanwhile, to be refreshed. The error body's `Message` is Mews' reason."""
    status = response.status_code
    reason = vendor_message(response)
    if status == 401:
        return http.error(
            ProviderAuthFailed,
            f"Mews refused our tokens (HTTP 401){': ' + reason if reason else '.'} Check the ClientToken and "
            "AccessToken in the hotel's integration settings, and that the integration has this permission.",
        )
    if status in (403, 409):
        return http.error(ProviderRefused, f"Mews refused: {reason}" if reason else None)
    if status == 408:
        return http.error(
            ProviderTimeout, "Mews gave up on a request that was too heavy (HTTP 408); ask for smaller batches."
        )
    return None


class MewsPms:
    name = "mews"
    label = "Mews (Connector API)"
    config_fields = (
        ConfigField(
            "base_url",
            type="url",
            required=True,
            default="https://api.mews-demo.com",
            env="PMS_BASE_URL",
            help="PlatformAddress: https://api.mews.com in production.",
        ),
        ConfigField("client_token", required=True, secret=True, env="PMS_CLIENT_TOKEN", help="ClientToken."),
        ConfigField("access_token", required=True, secret=True, env="PMS_ACCESS_TOKEN", help="AccessToken."),
        ConfigField("client", default="MyStay 1.0.0", help="Client name and version sent with every call."),
        ConfigField("enterprise_id", help="EnterpriseId (only with a portfolio access token)."),
        ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
        ConfigField("read_timeout", type="float", help="Seconds; blank for the platform default."),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self._client_token = config["client_token"]
        self._access_token = config["access_token"]
        self.client = config.get("client") or "MyStay 1.0.0"
        self.enterprise_id = config.get("enterprise_id") or ""
        self.http = HttpClient(
            capability="pms",
            provider=self.name,
            base_url=f"{config['base_url']}/api/connector/v1",
            scope=hotel.code,
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout"),
            classify=classify_mews_status,
        )

    def __repr__(self):
        return f"<MewsPms hotel={self.hotel.code}>"

    # -- plumbing ----------------------------------------------------------------------------------
    def _post(self, operation: str, payload: dict | None = None, *, safe: bool = True) -> dict:
        body = {"ClientToken": self._client_token, "AccessToken": self._access_token, "Client": self.client}
        if self.enterprise_id:
            body["EnterpriseIds" if operation == RESERVATIONS_GET_ALL else "EnterpriseId"] = (
                [self.enterprise_id] if operation == RESERVATIONS_GET_ALL else self.enterprise_id
            )
        body.update(payload or {})
        try:
            response = self.http.post(f"/{operation}", json=body, safe=safe, **call_options(self.http, self.name))
        except ProviderNotFound:
            # Mews answers a missing record with an empty list, never 404: a 404 is the endpoint itself
            # (a wrong PlatformAddress or path), i.e. a configuration error, not "no such reservation".
            logger.warning("mews: %s answered 404; check the PlatformAddress", operation)
            raise ProviderUnavailable(
                "The PMS endpoint was not found; check the integration's base URL.",
                capability="pms",
                provider=self.name,
            ) from None
        return json_object(response, provider=self.name)

    def _all(self, operation: str, payload: dict, key: str) -> list[dict]:
        """Follow `Cursor` until a page comes back short."""
        items: list[dict] = []
        cursor = None
        for _page in range(10_000):
            data = self._post(operation, {**payload, "Limitation": {"Count": PAGE, "Cursor": cursor}})
            page = data.get(key)
            if not isinstance(page, list):
                raise bad_response(self.name)
            items.extend(page)
            cursor = data.get("Cursor")
            if not cursor or len(page) < PAGE:
                break
        return items

    def _local_date(self, value) -> dt.date:
        try:
            moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except (TypeError, ValueError):
            raise bad_response(self.name) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(self.hotel.tzinfo).date()

    def _day_interval(self, date: dt.date) -> dict:
        start = dt.datetime.combine(date, dt.time.min, tzinfo=self.hotel.tzinfo).astimezone(dt.UTC)
        end = start + dt.timedelta(days=1)
        return {"StartUtc": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "EndUtc": end.strftime("%Y-%m-%dT%H:%M:%SZ")}

    # -- normalizing -------------------------------------------------------------------------------
    def _normalize(self, items: list[dict]) -> list[Reservation]:
        """Reservations plus their customers, rooms and room categories (one call each per batch)."""
        if not items:
            return []
        if not all(isinstance(i, dict) and i.get("Id") and i.get("Number") for i in items):
            raise bad_response(self.name)
        customers, resources, categories = {}, {}, {}
        account_ids = sorted({i["AccountId"] for i in items if i.get("AccountId")})
        if account_ids:
            data = self._post(
                "customers/getAll",
                {"CustomerIds": account_ids, "Extent": {"Customers": True}, "Limitation": {"Count": PAGE}},
            )
            customers = {c["Id"]: c for c in data.get("Customers") or [] if isinstance(c, dict) and "Id" in c}
        resource_ids = sorted({i["AssignedResourceId"] for i in items if i.get("AssignedResourceId")})
        if resource_ids:
            data = self._post(
                "resources/getAll",
                {"ResourceIds": resource_ids, "Extent": {"Resources": True}, "Limitation": {"Count": PAGE}},
            )
            resources = {r["Id"]: r for r in data.get("Resources") or [] if isinstance(r, dict) and "Id" in r}
        category_ids = sorted({i["RequestedResourceCategoryId"] for i in items if i.get("RequestedResourceCategoryId")})
        service_ids = sorted({i["ServiceId"] for i in items if i.get("ServiceId")})
        if category_ids and service_ids:  # ServiceIds is required by resourceCategories/getAll
            data = self._post(
                "resourceCategories/getAll",
                {"ServiceIds": service_ids, "ResourceCategoryIds": category_ids, "Limitation": {"Count": PAGE}},
            )
            categories = {c["Id"]: c for c in data.get("ResourceCategories") or [] if isinstance(c, dict) and "Id" in c}
        return [self._reservation(i, customers, resources, categories) for i in items]

    def _reservation(self, item, customers, resources, categories) -> Reservation:
        customer = customers.get(item.get("AccountId")) or {}
        resource = resources.get(item.get("AssignedResourceId")) or {}
        category = categories.get(item.get("RequestedResourceCategoryId")) or {}
        names = category.get("Names") or {}
        room_type = names.get("en-US") or next(iter(names.values()), "") if isinstance(names, dict) else ""
        guests = sum(as_int(c.get("Count")) for c in item.get("PersonCounts") or [] if isinstance(c, dict))
        state = item.get("State") or ""
        if state not in STATE_MAP:
            logger.warning("mews: unknown reservation state %r, treated as confirmed", state)
        first, last = customer.get("FirstName") or "", customer.get("LastName") or ""
        return Reservation(
            id=str(item["Id"]),
            confirmation_number=str(item["Number"]),
            guest_name=f"{first} {last}".strip(),
            guest_email=customer.get("Email") or "",
            check_in_date=self._local_date(item.get("ScheduledStartUtc")),
            check_out_date=self._local_date(item.get("ScheduledEndUtc")),
            room_type=room_type or "",
            room_number=resource.get("Name") or None,
            status=STATE_MAP.get(state, CONFIRMED),
            number_of_guests=max(1, guests),
            guest_first_name=first,
            guest_last_name=last,
            guest_phone=customer.get("Phone") or "",
            guest_id=str(item.get("AccountId") or ""),
            guest_language=customer.get("LanguageCode") or "",
            # Mews counts people per age category, which each enterprise defines; all count as adults here.
            adults=max(1, guests),
            children=0,
        )

    # -- operations --------------------------------------------------------------------------------
    def get_reservation(self, confirmation_number, *, interactive=False):
        with interactive_budget(interactive):  # the reservation and its customer/room/category: one budget
            data = self._post(
                RESERVATIONS_GET_ALL, {"Numbers": [str(confirmation_number)], "Limitation": {"Count": 10}}
            )
            items = data.get("Reservations")
            if not isinstance(items, list):
                raise bad_response(self.name)
            if not all(isinstance(i, dict) and i.get("Id") and i.get("Number") for i in items):
                raise bad_response(self.name)
            wanted = str(confirmation_number).strip().upper()
            items = [i for i in items if str(i["Number"]).upper() == wanted]
            if not items:
                return None
            return self._normalize(items[:1])[0]

    def get_reservation_by_id(self, reservation_id) -> Reservation:
        data = self._post(RESERVATIONS_GET_ALL, {"ReservationIds": [str(reservation_id)], "Limitation": {"Count": 1}})
        items = data.get("Reservations")
        if not isinstance(items, list):
            raise bad_response(self.name)
        if not items:
            raise ProviderNotFound(capability="pms", provider=self.name)
        return self._normalize(items[:1])[0]

    def get_folio(self, reservation_id):
        items = self._all("orderItems/getAll", {"ServiceOrderIds": [str(reservation_id)]}, "OrderItems")
        payments = self._all("payments/getAll", {"ReservationIds": [str(reservation_id)]}, "Payments")
        currency = self.hotel.currency
        lines: list[FolioLine] = []
        for item in items:
            if item.get("AccountingState") == "Canceled":
                continue
            amount = item.get("Amount") or {}
            currency = amount.get("Currency") or currency
            lines.append(
                FolioLine(
                    id=str(item.get("Id")),
                    date=self._local_date(item.get("ConsumedUtc") or item.get("CreatedUtc")),
                    description=item.get("BillingName") or item.get("Type") or "Charge",
                    amount=parse_money(amount.get("GrossValue", amount.get("Value")), provider=self.name),
                )
            )
        for payment in payments:
            if payment.get("State") in ("Canceled", "Failed"):
                continue
            amount = payment.get("Amount") or {}
            lines.append(
                FolioLine(
                    id=str(payment.get("Id")),
                    date=self._local_date(payment.get("CreatedUtc")),
                    description=payment.get("Name") or payment.get("Type") or "Payment",
                    amount=abs(parse_money(amount.get("GrossValue", amount.get("Value")), provider=self.name)),
                    kind="payment",
                )
            )
        return Folio.from_lines(reservation_id=reservation_id, currency=currency, lines=lines)

    def update_guest_profile(self, guest_id, data):
        fields = {
            "first_name": "FirstName",
            "last_name": "LastName",
            "email": "Email",
            "phone": "Phone",
            "nationality": "NationalityCode",
            "language": "PreferredLanguageCode",
            "birth_date": "BirthDate",
        }
        payload = {"CustomerId": str(guest_id)}
        payload.update({vendor: str(data[key]) for key, vendor in fields.items() if data.get(key)})
        customer = self._post("customers/update", payload)  # absolute values: safe to repeat
        return {
            "guest_id": str(customer.get("Id") or guest_id),
            "first_name": customer.get("FirstName", ""),
            "last_name": customer.get("LastName", ""),
            "email": customer.get("Email", ""),
            "phone": customer.get("Phone", ""),
            "language": customer.get("LanguageCode", ""),
        }

    def _resource_id(self, room_number: str) -> str:
        resources = self._all(
            "resources/getAll", {"Names": [str(room_number)], "Extent": {"Resources": True}}, "Resources"
        )
        match = next((r for r in resources if str(r.get("Name")) == str(room_number)), None)
        if match is None:
            raise ProviderNotFound(f"Room {room_number} is unknown to the PMS.", capability="pms", provider=self.name)
        return match["Id"]

    def check_in(self, reservation_id, room_number=None):
        if room_number:
            self._post(
                "reservations/update",
                {
                    # Without Reprice false, Mews re-prices the stay to today's rate on a room change.
                    "Reprice": False,
                    "ReservationUpdates": [
                        {
                            "ReservationId": str(reservation_id),
                            "AssignedResourceId": {"Value": self._resource_id(room_number)},
                        }
                    ],
                },
                safe=False,
            )
        self._post("reservations/start", {"ReservationId": str(reservation_id)}, safe=False)
        return self.get_reservation_by_id(reservation_id)

    def check_out(self, reservation_id):
        self._post(
            "reservations/process",
            {"ReservationId": str(reservation_id), "CloseBills": False, "AllowOpenBalance": False},
            safe=False,
        )
        return self.get_reservation_by_id(reservation_id)

    def _list(self, filters: dict, keep) -> list[Reservation]:
        items = self._all(RESERVATIONS_GET_ALL, filters, "Reservations")
        reservations: list[Reservation] = []
        for start in range(0, len(items), PAGE):
            reservations.extend(self._normalize(items[start : start + PAGE]))
        return [r for r in reservations if keep(r)]

    def list_arrivals(self, date):
        return self._list({"ScheduledStartUtc": self._day_interval(date)}, lambda r: r.check_in_date == date)

    def list_departures(self, date):
        return self._list({"ScheduledEndUtc": self._day_interval(date)}, lambda r: r.check_out_date == date)

    def list_in_house(self, date):
        return self._list(
            {"CollidingUtc": self._day_interval(date), "States": ["Started"]},
            lambda r: r.check_in_date <= date < r.check_out_date,
        )

    def health_check(self):
        self._post("configuration/get", {})
        return True
