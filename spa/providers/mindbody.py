"""The `mindbody` spa: Mindbody Public API v6 (PROVIDERS.md §6).

Every call sends `Api-Key` and `SiteId`; staff-level calls (appointments, clients) also send
`Authorization: <staff user token>` issued by `POST /usertoken/issue` and kept in the shared cache
(per site and user) until a 401 says it is no longer good, then issued again once.

- menu: `GET /site/sessiontypes` (appointment types) priced from `GET /sale/services`
  (`request.sessionTypeIds`, the first pricing option's OnlinePrice or Price);
- therapists: `GET /staff/staff` (`request.sessionTypeId`, `request.locationId`);
- availability: `GET /appointment/bookableitems` with `request.sessionTypeIds` repeated per value;
  each availability window is cut into starts every `step_minutes` up to `BookableEndDateTime`;
- booking: the guest is found (`GET /client/clients?request.searchText=<email>`) or created
  (`POST /client/addclient`), then `POST /appointment/addappointment`; cancel with
  `POST /appointment/updateappointment` and `Execute` `Cancel` / `LateCancel` (the exact values are
  [unconfirmed] in PROVIDERS.md); read with `GET /appointment/staffappointments`.

Mindbody's times are the site's local wall-clock times without an offset: they are read and sent in
the hotel's time zone. Mindbody has no idempotency keys: the create's note carries MyStay's
reference, and a lost answer is found again among the client's appointments at that time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from decimal import Decimal

from django.core.cache import cache

from integrations.exceptions import ProviderAuthFailed, ProviderBadResponse
from integrations.http import HttpClient
from integrations.registry import ConfigField

from ._common import bad_response, parse_datetime, parse_price
from .base import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    REQUESTED,
    Practitioner,
    Slot,
    SlotTaken,
    SpaBookingInfo,
    SpaService,
)

logger = logging.getLogger("mystay.spa")

DEFAULT_BASE_URL = "https://api.mindbodyonline.com/public/v6"
PAGE_LIMIT = 100
MAX_PAGES = 20
# Appointment.Status -> MyStay's normalized status.
STATUS_MAP = {
    "None": REQUESTED,
    "Requested": REQUESTED,
    "Booked": CONFIRMED,
    "Confirmed": CONFIRMED,
    "Arrived": CONFIRMED,
    "Completed": COMPLETED,
    "NoShow": NO_SHOW,
    "Cancelled": CANCELLED,
    "LateCancelled": CANCELLED,
}
# Error.Code values that mean the time cannot be had (the slot went, or never was free).
SLOT_ERRORS = {
    "InvalidBookingTime",
    "StaffUnavailable",
    "AppointmentUnavailable",
    "ScheduleConflict",
    "InvalidParameter",
}


def _local_iso(value: dt.datetime, tz) -> str:
    return value.astimezone(tz).replace(tzinfo=None).isoformat(timespec="seconds")


class MindbodySpa:
    name = "mindbody"
    label = "Mindbody (Public API v6)"
    config_fields = (
        ConfigField("api_key", required=True, secret=True, help="Developer API key (Api-Key header)."),
        ConfigField("site_id", required=True, help="Mindbody site id (-99 is the sandbox)."),
        ConfigField("username", required=True, help="Staff user name the token is issued for."),
        ConfigField("password", required=True, secret=True, help="That staff user's password."),
        ConfigField("location_id", type="int", required=True, help="The spa's location id at the site."),
        ConfigField("base_url", type="url", default=DEFAULT_BASE_URL, help="Public API v6 base."),
        ConfigField("step_minutes", type="int", default=30, help="Minutes between offered start times."),
        ConfigField(
            "webhook_signature_key",
            secret=True,
            help="messageSignatureKey of the Webhooks subscription (verifies X-Mindbody-Signature).",
        ),
        ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
        ConfigField("read_timeout", type="float", help="Seconds; blank for the platform default."),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.tz = hotel.tzinfo
        self.site_id = str(config["site_id"])
        self.location_id = int(config["location_id"])
        self.username = config["username"]
        self._password = config["password"]
        self.step = max(5, int(config.get("step_minutes") or 30))
        self.webhook_signature_key = config.get("webhook_signature_key") or ""
        self.http = HttpClient(
            capability="spa",
            provider=self.name,
            base_url=config.get("base_url") or DEFAULT_BASE_URL,
            scope=hotel.code,
            headers={"Api-Key": config["api_key"], "SiteId": self.site_id, "Content-Type": "application/json"},
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout"),
        )
        self._token_lock = threading.Lock()

    def __repr__(self):
        return f"<MindbodySpa hotel={self.hotel.code} site={self.site_id}>"

    # -- auth --------------------------------------------------------------------------------------
    @property
    def _token_key(self) -> str:
        digest = hashlib.sha256(f"{self.http.base_url}|{self.site_id}|{self.username}".encode()).hexdigest()[:24]
        return f"spa:mindbody:token:{digest}"

    def _token(self, *, force=False) -> str:
        if not force and (token := cache.get(self._token_key)):
            return token
        with self._token_lock:
            if not force and (token := cache.get(self._token_key)):
                return token
            response = self.http.post(
                "/usertoken/issue", json={"Username": self.username, "Password": self._password}, safe=True
            )
            body = self.http.json(response)
            token = body.get("AccessToken") if isinstance(body, dict) else None
            if not token or not isinstance(token, str):
                raise bad_response(self.name)
            # Mindbody staff tokens last about a week; refresh well before, and on any 401.
            cache.set(self._token_key, token, timeout=6 * 3600)
            return token

    def _staff_call(self, method, path, **kwargs):
        for attempt in (0, 1):
            headers = {"Authorization": self._token(force=attempt == 1)}
            try:
                return self.http.request(method, path, headers=headers, **kwargs)
            except ProviderAuthFailed:
                if attempt:
                    raise
                cache.delete(self._token_key)
        raise AssertionError("unreachable")  # pragma: no cover

    def _json(self, response) -> dict:
        body = self.http.json(response)
        if not isinstance(body, dict):
            raise bad_response(self.name)
        return body

    def _items(self, body: dict, key: str) -> list[dict]:
        items = body.get(key)
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise bad_response(self.name)
        return items

    def _paged(self, path: str, params: list[tuple[str, str]], key: str, *, staff=False) -> list[dict]:
        out: list[dict] = []
        for page in range(MAX_PAGES):
            query = [*params, ("request.limit", str(PAGE_LIMIT)), ("request.offset", str(page * PAGE_LIMIT))]
            response = self._staff_call("GET", path, params=query) if staff else self.http.get(path, params=query)
            body = self._json(response)
            items = self._items(body, key)
            out.extend(items)
            total = (body.get("PaginationResponse") or {}).get("TotalResults")
            if not items or not isinstance(total, int) or len(out) >= total:
                break
        return out

    # -- catalogue ---------------------------------------------------------------------------------
    def _session_types(self) -> list[dict]:
        types = self._paged("/site/sessiontypes", [("request.onlineOnly", "false")], "SessionTypes")
        return [t for t in types if t.get("Type") == "Appointment" and t.get("Id") is not None]

    def _price(self, session_type_id) -> Decimal:
        body = self._json(
            self.http.get(
                "/sale/services",
                params=[
                    ("request.sessionTypeIds", str(session_type_id)),
                    ("request.locationId", str(self.location_id)),
                ],
            )
        )
        options = self._items(body, "Services")
        if not options:
            return Decimal("0")
        first = options[0]
        value = first.get("OnlinePrice") if first.get("OnlinePrice") not in (None, 0) else first.get("Price")
        return parse_price(value if value is not None else 0, provider=self.name)

    def list_services(self):
        services = []
        for t in self._session_types():
            try:
                services.append(
                    SpaService(
                        id=str(t["Id"]),
                        name=str(t.get("Name") or ""),
                        category=str(t.get("Category") or ""),
                        duration_minutes=int(t.get("DefaultTimeLength") or 60),
                        price=self._price(t["Id"]),
                        currency=self.hotel.currency,
                    )
                )
            except (TypeError, ValueError):
                raise bad_response(self.name) from None
        return services

    def _practitioner(self, s: dict, service_id=None) -> Practitioner:
        name = s.get("Name") or f"{s.get('FirstName') or ''} {s.get('LastName') or ''}".strip()
        return Practitioner(id=str(s["Id"]), name=name, title="", service_ids=(service_id,) if service_id else ())

    def list_practitioners(self, service_id=None):
        params = [("request.locationId", str(self.location_id))]
        if service_id:
            params.append(("request.sessionTypeId", str(service_id)))
        staff = self._paged("/staff/staff", params, "StaffMembers")
        try:
            return [
                self._practitioner(s, service_id)
                for s in staff
                if s.get("Id") is not None and s.get("AppointmentInstructor", True)
            ]
        except KeyError:
            raise bad_response(self.name) from None

    def get_availability(self, service_id, start_date, end_date, practitioner_id=None):
        params = [
            ("request.sessionTypeIds", str(service_id)),
            ("request.locationIds", str(self.location_id)),
            ("request.startDate", start_date.isoformat()),
            ("request.endDate", end_date.isoformat()),
        ]
        if practitioner_id:
            params.append(("request.staffIds", str(practitioner_id)))
        windows = self._paged("/appointment/bookableitems", params, "Availabilities", staff=True)
        step = dt.timedelta(minutes=self.step)
        slots: dict[tuple, Slot] = {}
        for w in windows:
            staff = w.get("Staff") or {}
            session = w.get("SessionType") or {}
            if staff.get("Id") is None:
                raise bad_response(self.name)
            length = dt.timedelta(minutes=int(session.get("DefaultTimeLength") or 60))
            start = parse_datetime(w.get("StartDateTime"), tz=self.tz, provider=self.name)
            last_start = parse_datetime(
                w.get("BookableEndDateTime") or w.get("EndDateTime"), tz=self.tz, provider=self.name
            )
            window_end = parse_datetime(w.get("EndDateTime"), tz=self.tz, provider=self.name)
            name = self._practitioner(staff).name
            while start <= last_start and start + length <= window_end:
                if start_date <= start.date() <= end_date:
                    key = (start, str(staff["Id"]))
                    slots[key] = Slot(start, start + length, str(staff["Id"]), str(service_id), name)
                start += step
        return [slots[k] for k in sorted(slots, key=lambda k: (k[0], k[1]))]

    # -- clients -----------------------------------------------------------------------------------
    def _client_key(self, client) -> str:
        return f"spa:mindbody:client:{self.site_id}:{hashlib.sha256(client.reference.encode()).hexdigest()[:24]}"

    def client_id(self, client) -> str:
        """The guest's Mindbody client id: cached, else found by e-mail, else created."""
        if cached := cache.get(self._client_key(client)):
            return cached
        found = None
        if client.email:
            body = self._json(self._staff_call("GET", "/client/clients", params=[("request.searchText", client.email)]))
            found = next(
                (c for c in self._items(body, "Clients") if str(c.get("Email") or "").lower() == client.email.lower()),
                None,
            )
        if found is None:
            payload = {"FirstName": client.first_name or "-", "LastName": client.last_name}
            if client.email:
                payload["Email"] = client.email
            if client.phone:
                payload["MobilePhone"] = client.phone
            body = self._json(self._staff_call("POST", "/client/addclient", json=payload))
            found = body.get("Client")
        if not isinstance(found, dict) or found.get("Id") in (None, ""):
            raise bad_response(self.name)
        client_id = str(found["Id"])
        cache.set(self._client_key(client), client_id, timeout=30 * 24 * 3600)
        return client_id

    # -- appointments ------------------------------------------------------------------------------
    def _info(self, a) -> SpaBookingInfo:
        if not isinstance(a, dict) or a.get("Id") is None:
            raise bad_response(self.name)
        start = parse_datetime(a.get("StartDateTime"), tz=self.tz, provider=self.name)
        end = parse_datetime(a.get("EndDateTime"), tz=self.tz, provider=self.name) if a.get("EndDateTime") else None
        if end is None:
            end = start + dt.timedelta(minutes=int(a.get("Duration") or 60))
        status = STATUS_MAP.get(str(a.get("Status")))
        if status is None:
            raise bad_response(self.name)
        return SpaBookingInfo(
            id=str(a["Id"]),
            status=status,
            slot=Slot(start, end, str(a.get("StaffId") or ""), str(a.get("SessionTypeId") or "")),
            extra={"mindbody_status": a.get("Status")},
        )

    def create_booking(self, *, service_id, practitioner_id, start, client, reference, notes=""):
        body = {
            "ClientId": self.client_id(client),
            "LocationId": self.location_id,
            "SessionTypeId": int(service_id),
            "StaffId": int(practitioner_id),
            "StartDateTime": _local_iso(start, self.tz),
            "Notes": f"MyStay {reference}" + (f" — {notes}" if notes else ""),
            "ApplyPayment": False,  # the hotel charges the room folio or the saved card
            "SendEmail": False,  # MyStay sends the confirmation
            "StaffRequested": True,
        }
        response = self._staff_call("POST", "/appointment/addappointment", json=body, expected=(200, 201, 400, 409))
        data = self._json(response)
        if response.status_code in (400, 409):
            code = str((data.get("Error") or {}).get("Code") or "")
            if response.status_code == 409 or code in SLOT_ERRORS:
                raise SlotTaken((data.get("Error") or {}).get("Message") or None)
            raise ProviderBadResponse(
                f"Mindbody refused the booking ({code or 'HTTP 400'}).", capability="spa", provider=self.name
            )
        return self._info(data.get("Appointment"))

    def cancel_booking(self, booking_id, *, late=False):
        body = {"AppointmentId": int(booking_id), "Execute": "LateCancel" if late else "Cancel", "SendEmail": False}
        data = self._json(self._staff_call("POST", "/appointment/updateappointment", json=body, safe=True))
        info = self._info(data.get("Appointment"))
        if info.status != CANCELLED:  # some sites echo the old status: the cancel still went through
            info = SpaBookingInfo(id=info.id, status=CANCELLED, slot=info.slot, extra=info.extra)
        return info

    def _appointments(self, params) -> list[dict]:
        return self._paged("/appointment/staffappointments", params, "Appointments", staff=True)

    def get_booking(self, booking_id):
        found = self._appointments([("request.appointmentIds", str(booking_id))])
        if not found:
            from integrations.exceptions import ProviderNotFound

            raise ProviderNotFound(capability="spa", provider=self.name)
        return self._info(found[0])

    def find_booking(self, *, reference, service_id, practitioner_id, start, client):
        day = start.astimezone(self.tz).date().isoformat()
        found = self._appointments(
            [
                ("request.clientId", self.client_id(client)),
                ("request.staffIds", str(practitioner_id)),
                ("request.startDate", day),
                ("request.endDate", day),
            ]
        )
        wanted = _local_iso(start, self.tz)
        for a in found:
            same_time = str(a.get("StartDateTime") or "")[:19] == wanted
            same_type = str(a.get("SessionTypeId")) == str(service_id)
            ours = reference in str(a.get("Notes") or "")
            if same_time and same_type and (ours or not a.get("Notes")):
                return self._info(a)
        return None

    def health_check(self):
        self._token()
        self.http.get("/site/locations", retries=0)
        return True

    # -- webhooks ----------------------------------------------------------------------------------
    def booking_from_event(self, data: dict) -> SpaBookingInfo:
        """An `appointmentBooking.*` event's eventData as a booking (camelCase fields)."""
        start = parse_datetime(data.get("startDateTime"), tz=self.tz, provider=self.name)
        end = (
            parse_datetime(data.get("endDateTime"), tz=self.tz, provider=self.name)
            if data.get("endDateTime")
            else start + dt.timedelta(minutes=int(data.get("durationMinutes") or 60))
        )
        status = STATUS_MAP.get(str(data.get("status")), CONFIRMED)
        return SpaBookingInfo(
            id=str(data.get("appointmentId")),
            status=status,
            slot=Slot(start, end, str(data.get("staffId") or ""), str(data.get("sessionTypeId") or "")),
        )
