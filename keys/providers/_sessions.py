"""The mobile-key *session* REST contract (PROVIDERS.md §5) that the OpenKey and Alliants adapters
speak, with only authentication and naming differing between them.

    POST  {base}/v1/properties/{property}/key-sessions              issue (Idempotency-Key header)
    GET   {base}/v1/properties/{property}/key-sessions/{id}         status
    PATCH {base}/v1/properties/{property}/key-sessions/{id}         extend / room move
    POST  {base}/v1/properties/{property}/key-sessions/{id}/revoke  revoke
    errors: {"error": {"code": "...", "message": "...", "request_id": "..."}}

UNCONFIRMED: neither vendor publishes its partner API (OpenKey shares it under NDA; Alliants has
none public). This contract mirrors the session model both describe publicly (one session per
reservation, keyed by the guest's mobile number, room and check-out time; updated on a room move
or a new departure; ended at check-out). Paths and field names must be checked against the
vendor's documentation before going live; the adapters are kept thin so that only this module
changes when they are.
"""

from __future__ import annotations

import datetime as dt
import re

from integrations.exceptions import ProviderBadResponse, ProviderTimeout
from integrations.http import HttpClient

from .base import ACTIVE, EXPIRED, PENDING, REVOKED, DigitalKeyInfo, DigitalKeyRefused, KeyRequest

# The session states of the contract -> MyStay's key states. "invited": the session exists and
# the guest has been sent the invitation; for the hotel the key is issued.
STATUS_MAP = {"pending": PENDING, "invited": ACTIVE, "active": ACTIVE, "revoked": REVOKED, "expired": EXPIRED}
# Vendor error codes that mean "try again later" rather than "no".
RETRYABLE_CODES = {"lock_system_timeout"}
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def e164(phone: str) -> str:
    """ "+33 6 12-34-56-78" -> "+33612345678"; "" when the number is not in international form."""
    digits = re.sub(r"[\s\-().]", "", phone or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return digits if E164.match(digits) else ""


def _parse_time(value, *, provider: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ProviderBadResponse(capability="digital_key", provider=provider) from None


class KeySessionProvider:
    """Shared by the session-model vendors; subclasses set name/label/config and `_auth()`."""

    name = ""
    label = ""
    delivery_channel = "app"
    supports_status = True
    requires_phone = False

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.property_id = config["property_id"]
        self.max_devices = int(config.get("max_devices") or 2)
        self.http = HttpClient(
            capability="digital_key",
            provider=self.name,
            base_url=config["base_url"],
            scope=hotel.code,
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout"),
            headers={"Content-Type": "application/json"},
        )
        self._configure_auth(config)

    def __repr__(self):  # never show credentials
        return f"<{type(self).__name__} hotel={self.hotel.code} property={self.property_id}>"

    def _configure_auth(self, config) -> None:  # pragma: no cover - each vendor sets its own
        raise NotImplementedError

    # -- wire ---------------------------------------------------------------------------------------
    @property
    def _sessions(self) -> str:
        return f"/v1/properties/{self.property_id}/key-sessions"

    def _send(self, method: str, path: str, **kwargs) -> dict:
        # 400/409/422 carry the vendor's reason: read it instead of a generic "refused".
        response = self.http.request(method, path, expected=(200, 201, 400, 409, 422), **kwargs)
        body = self.http.json(response)
        if not isinstance(body, dict):
            raise ProviderBadResponse(capability="digital_key", provider=self.name)
        if response.status_code >= 400:
            error = body.get("error") if isinstance(body.get("error"), dict) else {}
            code = str(error.get("code") or "refused")
            message = str(error.get("message") or "The key system refused the request.")[:300]
            if code in RETRYABLE_CODES:
                raise ProviderTimeout(message, capability="digital_key", provider=self.name)
            raise DigitalKeyRefused(message, provider=self.name, vendor_code=code)
        return body

    def _session(self, body: dict) -> DigitalKeyInfo:
        session_id, status = body.get("id"), body.get("status")
        if not session_id or status not in STATUS_MAP:
            raise ProviderBadResponse(capability="digital_key", provider=self.name)
        return DigitalKeyInfo(
            id=str(session_id),
            status=STATUS_MAP[status],
            room_number=str(body.get("room_number") or ""),
            valid_from=_parse_time(body.get("valid_from"), provider=self.name),
            valid_until=_parse_time(body.get("valid_until"), provider=self.name),
            invite_url=str(body.get("invite_url") or ""),
            delivery_channel=self.delivery_channel,
            vendor_reference=str(body.get("vendor_ref") or ""),
        )

    # -- the capability -----------------------------------------------------------------------------
    def issue_key(self, request: KeyRequest, *, idempotency_key: str) -> DigitalKeyInfo:
        phone = e164(request.guest_phone)
        if self.requires_phone and not phone:
            raise DigitalKeyRefused(
                f"{self.label} needs the guest's mobile number in international form (+…); "
                "update the guest's phone and issue the key again.",
                provider=self.name,
                vendor_code="invalid_phone",
            )
        body = {
            "reservation_ref": request.reservation_id or request.reference,
            "room_number": request.room_number,
            "guest": {
                "first_name": request.guest_first_name,
                "last_name": request.guest_last_name,
                "phone_e164": phone,
                "email": request.guest_email,
            },
            "valid_from": request.valid_from.isoformat(),
            "valid_until": request.valid_until.isoformat(),
            "additional_rooms": [],
            "access_points": [],
            "max_devices": self.max_devices,
        }
        # The Idempotency-Key makes a repeated create return the same session: safe to retry.
        return self._session(
            self._send("POST", self._sessions, json=body, headers={"Idempotency-Key": idempotency_key}, safe=True)
        )

    def get_key_status(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo:
        return self._session(self._send("GET", f"{self._sessions}/{key_id}"))

    def extend_key(self, key_id: str, request: KeyRequest, *, old_room_number: str = "") -> DigitalKeyInfo:
        body = {"valid_until": request.valid_until.isoformat()}
        if request.room_number and request.room_number != old_room_number:
            body["room_number"] = request.room_number
        # Setting absolute values: repeating the PATCH changes nothing more.
        return self._session(self._send("PATCH", f"{self._sessions}/{key_id}", json=body, safe=True))

    def revoke_key(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo:
        body = self._send("POST", f"{self._sessions}/{key_id}/revoke", json={}, safe=True)
        if body.get("status") != "revoked":
            raise ProviderBadResponse(capability="digital_key", provider=self.name)
        return DigitalKeyInfo(
            id=str(body.get("id") or key_id),
            status=REVOKED,
            room_number=str(body.get("room_number") or request.room_number),
            valid_from=_parse_time(body.get("valid_from"), provider=self.name),
            valid_until=_parse_time(body.get("valid_until"), provider=self.name),
            delivery_channel=self.delivery_channel,
        )

    def health_check(self) -> bool:
        """Credentials and property: an unknown session answers 404 (reachable, authorized)."""
        self.http.get(f"{self._sessions}/health-check", not_found_ok=True, expected=(200,))
        return True
