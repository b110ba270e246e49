"""The `spabooker` spa. SpaBooker publishes no current API (PROVIDERS.md §6), so MyStay defines its
REST contract in the neutral shape of the Mindbody adapter: services, staff, availability,
appointments (see `spa/mock_spabooker/server.py` for every path, body and error).

Auth: `Authorization: Bearer <api_key>`; every path is under `/v1/locations/{location_id}`. Times
travel as ISO 8601 with a UTC offset. The create carries MyStay's booking id as
`external_reference`: SpaBooker books one appointment per reference, and a lost answer is found
again with `GET appointments?external_reference=`.
"""

from __future__ import annotations

from integrations.exceptions import ProviderBadResponse
from integrations.http import HttpClient
from integrations.registry import ConfigField

from ._common import bad_response, parse_datetime, parse_price
from .base import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    Practitioner,
    Slot,
    SlotTaken,
    SlotUnavailable,
    SpaBookingInfo,
    SpaService,
)

STATUS_MAP = {"booked": CONFIRMED, "cancelled": CANCELLED, "completed": COMPLETED, "no_show": NO_SHOW}


class SpaBookerSpa:
    name = "spabooker"
    label = "SpaBooker"
    config_fields = (
        ConfigField("base_url", type="url", required=True, help="SpaBooker API base, e.g. http://127.0.0.1:4011."),
        ConfigField("api_key", required=True, secret=True, help="API key (sent as a Bearer token)."),
        ConfigField("location_id", required=True, help="The hotel's spa location at SpaBooker (e.g. PAR)."),
        ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
        ConfigField("read_timeout", type="float", help="Seconds; blank for the platform default."),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.tz = hotel.tzinfo
        self.location_id = config["location_id"]
        self.http = HttpClient(
            capability="spa",
            provider=self.name,
            base_url=config["base_url"],
            scope=hotel.code,
            headers={"Authorization": f"Bearer {config['api_key']}"},
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout"),
        )

    def __repr__(self):  # never the key
        return f"<SpaBookerSpa hotel={self.hotel.code} location={self.location_id}>"

    @property
    def _prefix(self) -> str:
        return f"/v1/locations/{self.location_id}"

    def _get(self, path, params=None) -> dict:
        body = self.http.json(self.http.get(self._prefix + path, params=params))
        if not isinstance(body, dict):
            raise bad_response(self.name)
        return body

    def _list(self, body: dict, key: str) -> list[dict]:
        items = body.get(key)
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise bad_response(self.name)
        return items

    # -- catalogue ---------------------------------------------------------------------------------
    def list_services(self):
        try:
            return [
                SpaService(
                    id=str(s["id"]),
                    name=str(s["name"]),
                    category=str(s.get("category") or ""),
                    duration_minutes=int(s["duration_minutes"]),
                    price=parse_price(s["price"], provider=self.name),
                    currency=str(s.get("currency") or self.hotel.currency).upper(),
                    description=str(s.get("description") or ""),
                )
                for s in self._list(self._get("/services"), "services")
            ]
        except (KeyError, TypeError, ValueError):
            raise bad_response(self.name) from None

    def list_practitioners(self, service_id=None):
        params = {"service_id": service_id} if service_id else None
        try:
            return [
                Practitioner(
                    id=str(p["id"]),
                    name=str(p["name"]),
                    title=str(p.get("title") or ""),
                    service_ids=tuple(str(x) for x in p.get("service_ids") or ()),
                )
                for p in self._list(self._get("/staff", params), "staff")
            ]
        except (KeyError, TypeError):
            raise bad_response(self.name) from None

    def get_availability(self, service_id, start_date, end_date, practitioner_id=None):
        params = {"service_id": service_id, "start_date": start_date.isoformat(), "end_date": end_date.isoformat()}
        if practitioner_id:
            params["staff_id"] = practitioner_id
        names = {p.id: p.name for p in self.list_practitioners(service_id)}
        slots = []
        for s in self._list(self._get("/availability", params), "slots"):
            start = parse_datetime(s.get("start"), tz=self.tz, provider=self.name, naive_is_local=False)
            end = parse_datetime(s.get("end"), tz=self.tz, provider=self.name, naive_is_local=False)
            pid = str(s.get("staff_id") or "")
            if not pid or end <= start:
                raise bad_response(self.name)
            slots.append(Slot(start, end, pid, str(s.get("service_id") or service_id), names.get(pid, "")))
        return slots

    # -- appointments ------------------------------------------------------------------------------
    def _info(self, data) -> SpaBookingInfo:
        if not isinstance(data, dict) or not data.get("id"):
            raise bad_response(self.name)
        start = parse_datetime(data.get("start"), tz=self.tz, provider=self.name, naive_is_local=False)
        end = parse_datetime(data.get("end"), tz=self.tz, provider=self.name, naive_is_local=False)
        status = STATUS_MAP.get(str(data.get("status")))
        if status is None:
            raise bad_response(self.name)
        return SpaBookingInfo(
            id=str(data["id"]),
            status=status,
            slot=Slot(start, end, str(data.get("staff_id") or ""), str(data.get("service_id") or "")),
            price=parse_price(data["price"], provider=self.name) if data.get("price") is not None else None,
            currency=str(data.get("currency") or ""),
            external_reference=str(data.get("external_reference") or ""),
        )

    def create_booking(self, *, service_id, practitioner_id, start, client, reference, notes=""):
        body = {
            "service_id": service_id,
            "staff_id": practitioner_id,
            "start": start.astimezone(self.tz).isoformat(),
            "client": {
                "reference": client.reference,
                "first_name": client.first_name,
                "last_name": client.last_name,
                "email": client.email,
                "phone": client.phone,
            },
            "external_reference": reference,
            "notes": notes,
        }
        # One appointment per external_reference at SpaBooker, so repeating the POST is safe.
        response = self.http.post(f"{self._prefix}/appointments", json=body, safe=True, expected=(200, 201, 409, 422))
        data = self.http.json(response)
        if response.status_code == 409:
            raise SlotTaken()
        if response.status_code == 422:
            code = (data.get("error") or {}).get("code") if isinstance(data, dict) else ""
            raise SlotUnavailable(code=code if code in ("slot_unavailable",) else "slot_unavailable")
        return self._info(data.get("appointment") if isinstance(data, dict) else None)

    def cancel_booking(self, booking_id, *, late=False):
        response = self.http.post(
            f"{self._prefix}/appointments/{booking_id}/cancel", json={"late": bool(late)}, safe=True
        )
        return self._info(self.http.json(response).get("appointment"))

    def get_booking(self, booking_id):
        return self._info(self._get(f"/appointments/{booking_id}").get("appointment"))

    def find_booking(self, *, reference, service_id, practitioner_id, start, client):
        found = self._list(self._get("/appointments", {"external_reference": reference}), "appointments")
        return self._info(found[0]) if found else None

    def health_check(self):
        try:
            self.http.get("/v1/health", retries=0)
            self._get("/services")
        except ProviderBadResponse:
            return False
        return True
