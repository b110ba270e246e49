"""The `opera_keys` digital-key provider: mobile keys requested through OPERA Cloud (OHIP).

`POST /fof/v1/hotels/{hotelId}/roomKeysExternal` with `roomKeyType: "MobileKey"` (fof.json,
operation postRoomKeysExternal): OPERA relays the request to whichever door-lock / mobile-key
system the property has connected, so any lock vendor connected to OPERA works. keyType is `New`
to issue, `ModifyStay` for a new departure, `RoomMove` (with `oldRoomId`) for a room move and
`Remove` at check-out. Required by the spec: keyType, encoderTerminal, encoderId, roomKeyType,
keyUserType ("Guest"), keyRequestTime. The answer (`roomKeysExternalDetails`) carries
`responseCode` OK | BY | UR | RY and `responseText`.

Authentication reuses the OHIP session of the `opera` PMS connector (OAuth client credentials,
`x-app-key`, `x-hotelid`, token cached, one retry on 401); errors come out as `digital_key_*`.

UNCONFIRMED: the spec describes this operation as the one OPERA uses towards the door-lock
interface; whether an OHIP partner application may call it for its own keys depends on the
property's outbound configuration ([unconfirmed]). The meaning of the response codes BY (busy) and
RY (retry) as "try again" and UR (unable/unprocessable request) as a refusal follows the FIAS
conventions they come from ([unconfirmed]). OPERA keeps no key status we could query, and the
`digitalKeyData` payload is not stored: the lock vendor's app delivers the key to the guest.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from integrations.exceptions import ProviderBadResponse, ProviderUnavailable
from integrations.http import HttpClient
from integrations.registry import ConfigField
from stays.providers.opera import DEFAULT_SCOPE, OperaPms

from .base import ACTIVE, REVOKED, DigitalKeyInfo, DigitalKeyRefused, KeyRequest

OHIP_FIELDS = ("base_url", "client_id", "client_secret", "app_key", "hotel_id", "enterprise_id", "scope")
RETRY_CODES = {"BY", "RY"}  # busy / retry: the lock system could not take the request now


class OperaKeysProvider:
    name = "opera_keys"
    label = "Mobile keys through OPERA Cloud (OHIP roomKeysExternal)"
    supports_status = False
    # The OHIP connection settings are the opera PMS connector's own (same names, same env defaults).
    config_fields = (
        *(f for f in OperaPms.config_fields if f.name in OHIP_FIELDS),
        ConfigField("encoder_id", required=True, help="Door-lock system encoder id (encoderId)."),
        ConfigField("encoder_terminal", required=True, help="OPERA encoder terminal linked to it (encoderTerminal)."),
        ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
        ConfigField(
            "read_timeout",
            type="float",
            default=25.0,
            help="Seconds; OPERA gives the lock system about 20 s to answer.",
        ),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.hotel_id = config["hotel_id"]
        self.encoder_id = config["encoder_id"]
        self.encoder_terminal = config["encoder_terminal"]
        pms_config = {k: config[k] for k in ("base_url", "client_id", "client_secret", "app_key", "hotel_id")}
        pms_config.update(enterprise_id=config.get("enterprise_id") or "", scope=config.get("scope") or DEFAULT_SCOPE)
        self._ohip = OperaPms(hotel=hotel, config=pms_config)
        # Same OHIP session, but errors named for keys and a timeout that fits the lock relay.
        self._ohip.http = HttpClient(
            capability="digital_key",
            provider=self.name,
            base_url=config["base_url"],
            scope=hotel.code,
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout") or 25.0,
        )

    def __repr__(self):  # never show credentials
        return f"<OperaKeysProvider hotel={self.hotel.code} hotel_id={self.hotel_id}>"

    def _post(self, request: KeyRequest, key_type: str, *, old_room_number: str = "", request_id: str = "") -> dict:
        body = {
            "roomKeyType": "MobileKey",
            "keyType": key_type,
            "keyUserType": "Guest",
            "encoderId": self.encoder_id,
            "encoderTerminal": self.encoder_terminal,
            "roomId": request.room_number,
            "noOfKeys": 1,
            "reservationIdList": [{"id": request.reservation_id, "type": "Reservation"}],
            "keyValidityStart": request.valid_from.isoformat(),
            "keyValidityEnd": request.valid_until.isoformat(),
            "keyRequestTime": timezone.now().isoformat(),
        }
        if old_room_number:
            body["oldRoomId"] = old_room_number
        headers = {"x-request-id": request_id} if request_id else {}
        # Not retried automatically: OPERA has no idempotency key and the lock system acts on each.
        response = self._ohip._call(
            "POST", f"/fof/v1/hotels/{self.hotel_id}/roomKeysExternal", json=body, headers=headers, safe=False
        )
        answer = self._ohip.http.json(response)
        if not isinstance(answer, dict):
            raise ProviderBadResponse(capability="digital_key", provider=self.name)
        code = str(answer.get("responseCode") or "")
        text = str(answer.get("responseText") or "")[:300]
        if code in RETRY_CODES:
            raise ProviderUnavailable(
                text or "The door-lock system is busy; try again in a moment.",
                capability="digital_key",
                provider=self.name,
            )
        if code != "OK":
            raise DigitalKeyRefused(
                text or "The door-lock system refused the key request.", provider=self.name, vendor_code=code or "?"
            )
        return answer

    def _info(self, request: KeyRequest, answer: dict, status: str) -> DigitalKeyInfo:
        def when(field, default):
            value = answer.get(field)
            try:
                return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else default
            except ValueError:
                raise ProviderBadResponse(capability="digital_key", provider=self.name) from None

        return DigitalKeyInfo(
            # OPERA gives keys no id: the reservation and room identify the key at the lock system.
            id=f"{request.reservation_id}:{answer.get('roomId') or request.room_number}",
            status=status,
            room_number=str(answer.get("roomId") or request.room_number),
            valid_from=when("keyValidityStart", request.valid_from),
            valid_until=when("keyValidityEnd", request.valid_until),
            delivery_channel="lock_vendor_app",
            vendor_reference=str(answer.get("keyCreationTime") or ""),
        )

    def issue_key(self, request: KeyRequest, *, idempotency_key: str) -> DigitalKeyInfo:
        return self._info(request, self._post(request, "New", request_id=idempotency_key), ACTIVE)

    def extend_key(self, key_id: str, request: KeyRequest, *, old_room_number: str = "") -> DigitalKeyInfo:
        moved = bool(old_room_number) and old_room_number != request.room_number
        answer = self._post(
            request, "RoomMove" if moved else "ModifyStay", old_room_number=old_room_number if moved else ""
        )
        return self._info(request, answer, ACTIVE)

    def revoke_key(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo:
        return self._info(request, self._post(request, "Remove"), REVOKED)

    def get_key_status(self, key_id: str, request: KeyRequest) -> DigitalKeyInfo:
        raise DigitalKeyRefused(
            "OPERA keeps no key status to query; the key's state is the one MyStay recorded.",
            provider=self.name,
            vendor_code="status_not_supported",
        )

    def health_check(self) -> bool:
        return self._ohip.health_check()
