"""The `opera` PMS: Oracle OPERA Cloud through the Oracle Hospitality Integration Platform (OHIP).

Authentication is OAuth client credentials: `POST {gateway}/oauth/v1/tokens` with HTTP Basic
(client id/secret), `x-app-key` (and `enterpriseId` for OCIM environments). The token is kept in the
shared cache (per hotel and client id) until a little before it expires, and fetched again once
when a data call answers 401. Every data call carries `authorization`, `x-app-key` and `x-hotelid`.

Paths (see PROVIDERS.md §1): reservations under `/rsv/v1`, front office (check-in, rooms) under
`/fof/v1`, cashiering (folios, check-out) under `/csh/v1`, profiles under `/crm/v1`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from decimal import Decimal

from django.core.cache import cache

from integrations.exceptions import ProviderAuthFailed, ProviderNotFound, ProviderRefused
from integrations.http import HttpClient, vendor_message
from integrations.registry import ConfigField

from ._util import as_int, bad_response, call_options, interactive_budget, json_object, parse_date, parse_money
from .base import (
    CANCELLED,
    CHECKED_IN,
    CHECKED_OUT,
    CONFIRMED,
    NO_SHOW,
    Folio,
    FolioLine,
    FolioNotOpen,
    Reservation,
)

logger = logging.getLogger("mystay.stays.pms")

DEFAULT_SCOPE = "urn:opc:hgbu:ws:__myscopes__"

# OPERA's pMS_ResStatusType (and the computed statuses) -> MyStay's normalized status.
STATUS_MAP = {
    "Reserved": CONFIRMED,
    "Requested": CONFIRMED,
    "Waitlisted": CONFIRMED,
    "DueIn": CONFIRMED,
    "InHouse": CHECKED_IN,
    "DueOut": CHECKED_IN,
    "Walkin": CHECKED_IN,
    "PendingCheckout": CHECKED_IN,
    "CheckedOut": CHECKED_OUT,
    "Cancelled": CANCELLED,
    "NoShow": NO_SHOW,
}
# cashieringTransactionTypeType is Revenue | Payment | Wrapper; a payment is posted as a credit (negative).
PAYMENT_TYPES = {"Payment"}
# OHIP enforces each list operation's documented maximum `limit` as an error since 24.4.
MAX_PAGE_SIZE = 200


def normalize_status(value: str, provider: str = "opera") -> str:
    if value in STATUS_MAP:
        return STATUS_MAP[value]
    logger.warning("%s: unknown reservation status %r, treated as confirmed", provider, value)
    return CONFIRMED


def _ids(id_list) -> dict[str, str]:
    """`reservationIdList`/`profileIdList` ([{id, type}]) -> {type: id}."""
    return {str(item.get("type")): str(item.get("id")) for item in id_list or [] if isinstance(item, dict)}


def _primary(items, inner: str):
    """The primary entry of an `emailInfo` / `telephoneInfo` list: OHIP puts the flag one level down,
    in `emailInfo[].email.primaryInd` / `telephoneInfo[].telephone.primaryInd`."""
    items = [i for i in items or [] if isinstance(i, dict)]
    return next((i for i in items if (i.get(inner) or {}).get("primaryInd")), items[0] if items else {})


def classify_ohip_status(response, http: HttpClient):
    """OHIP's declared error statuses: 400 carries OPERA's reason for refusing (room not ready, open
    balance...), 403 means the operation is not allowed for this application or hotel: neither is a
    bad token (401 is, and is left to the default)."""
    status = response.status_code
    reason = vendor_message(response)
    if status == 403:
        said = f" ({reason})" if reason and reason.lower() != "forbidden" else ""
        return http.error(
            ProviderRefused,
            f"OPERA does not allow this operation for our application or this hotel (HTTP 403){said}. "
            "Check the OHIP application's API access and the hotel's OPERA Cloud permissions.",
        )
    if status == 400 and reason and reason.lower() != "bad request":
        return http.error(ProviderRefused, f"OPERA refused: {reason}")
    return None


class OperaPms:
    name = "opera"
    label = "Oracle OPERA Cloud (OHIP)"
    config_fields = (
        ConfigField("base_url", type="url", required=True, env="PMS_BASE_URL", help="OHIP gateway URL."),
        ConfigField("client_id", required=True, env="PMS_CLIENT_ID", help="OAuth client id."),
        ConfigField("client_secret", required=True, secret=True, env="PMS_CLIENT_SECRET", help="OAuth client secret."),
        ConfigField("app_key", required=True, secret=True, env="PMS_APP_KEY", help="OHIP application key (x-app-key)."),
        ConfigField("hotel_id", required=True, env="PMS_HOTEL_ID", help="OPERA hotel code (x-hotelid)."),
        ConfigField(
            "enterprise_id", env="PMS_ENTERPRISE_ID", help="OCIM enterprise id (1-8 of A-Z0-9); blank if not OCIM."
        ),
        ConfigField("scope", default=DEFAULT_SCOPE, help="OAuth scope for client credentials."),
        ConfigField(
            "page_size", type="int", default=100, help=f"Reservations per page when listing (at most {MAX_PAGE_SIZE})."
        ),
        ConfigField("connect_timeout", type="float", help="Seconds; blank for the platform default."),
        ConfigField("read_timeout", type="float", help="Seconds; blank for the platform default."),
    )

    def __init__(self, *, hotel, config):
        self.hotel = hotel
        self.base_url = config["base_url"]
        self.client_id = config["client_id"]
        self._client_secret = config["client_secret"]
        self._app_key = config["app_key"]
        self.hotel_id = config["hotel_id"]
        self.enterprise_id = config.get("enterprise_id") or ""
        self.scope = config.get("scope") or DEFAULT_SCOPE
        self.page_size = max(1, min(int(config.get("page_size") or 100), MAX_PAGE_SIZE))
        self.http = HttpClient(
            capability="pms",
            provider=self.name,
            base_url=self.base_url,
            scope=hotel.code,
            connect_timeout=config.get("connect_timeout"),
            read_timeout=config.get("read_timeout"),
            classify=classify_ohip_status,
        )
        self._token_lock = threading.Lock()

    def __repr__(self):  # never show credentials
        return f"<OperaPms hotel={self.hotel.code} hotel_id={self.hotel_id}>"

    # -- auth --------------------------------------------------------------------------------------
    @property
    def _token_key(self) -> str:
        digest = hashlib.sha256(f"{self.base_url}|{self.client_id}".encode()).hexdigest()[:24]
        return f"pms:opera:token:{self.hotel.code}:{digest}"

    def _cached_token(self) -> str | None:
        try:
            return cache.get(self._token_key)
        except Exception:  # a cache outage costs a token call, not the lookup
            return None

    def _forget_token(self) -> None:
        try:
            cache.delete(self._token_key)
        except Exception:
            logger.warning("opera: could not drop the cached token (cache unavailable)")

    def _token(self, *, force: bool = False) -> str:
        if not force and (token := self._cached_token()):
            return token
        with self._token_lock:
            if not force and (token := self._cached_token()):
                return token
            headers = {"x-app-key": self._app_key}
            if self.enterprise_id:
                headers["enterpriseId"] = self.enterprise_id
            response = self.http.post(
                "/oauth/v1/tokens",
                data={"grant_type": "client_credentials", "scope": self.scope},
                auth=(self.client_id, self._client_secret),
                headers=headers,
                safe=True,  # asking for a token twice does no harm
                **call_options(self.http, self.name),
            )
            body = self._json(response)
            token = body.get("access_token") if isinstance(body, dict) else None
            if not token or not isinstance(token, str):
                raise bad_response(self.name)
            expires_in = as_int(body.get("expires_in"), 3600)
            ttl = max(1, expires_in - max(5, min(60, expires_in // 10)))
            try:
                cache.set(self._token_key, token, timeout=ttl)
            except Exception:
                logger.warning("opera: token not cached (cache unavailable)")
            return token

    def _call(self, method: str, path: str, **kwargs):
        """A data call with the OHIP headers; on 401 the token is fetched again and the call repeated once."""
        extra_headers = kwargs.pop("headers", {})
        for attempt in (0, 1):
            headers = {
                "authorization": f"Bearer {self._token(force=attempt == 1)}",
                "x-app-key": self._app_key,
                "x-hotelid": self.hotel_id,
                **extra_headers,
            }
            try:
                return self.http.request(method, path, headers=headers, **kwargs, **call_options(self.http, self.name))
            except ProviderAuthFailed:
                # A refused token was not processed, so repeating even a POST is safe.
                if attempt:
                    raise
                self._forget_token()
        raise AssertionError("unreachable")  # pragma: no cover

    def _json(self, response):
        return json_object(response, provider=self.name)

    # -- parsing -----------------------------------------------------------------------------------
    def _from_info(self, info) -> Reservation:
        """A `reservationInfo` item of getHotelReservations -> Reservation."""
        if not isinstance(info, dict):
            raise bad_response(self.name)
        ids = _ids(info.get("reservationIdList"))
        stay = info.get("roomStay")
        if "Reservation" not in ids or not isinstance(stay, dict):
            raise bad_response(self.name)
        guest = info.get("reservationGuest") or {}
        first, last = guest.get("givenName") or "", guest.get("surname") or ""
        adults, children = as_int(stay.get("adultCount"), 1), as_int(stay.get("childCount"), 0)
        return Reservation(
            id=ids["Reservation"],
            confirmation_number=ids.get("Confirmation", ""),
            guest_name=f"{first} {last}".strip(),
            guest_email=guest.get("email") or "",
            check_in_date=parse_date(stay.get("arrivalDate"), provider=self.name),
            check_out_date=parse_date(stay.get("departureDate"), provider=self.name),
            room_type=stay.get("roomType") or "",
            room_number=stay.get("roomId") or None,
            status=normalize_status(info.get("reservationStatus") or ""),
            number_of_guests=adults + children,
            guest_first_name=first,
            guest_last_name=last,
            guest_phone=guest.get("phoneNumber") or "",
            guest_id=str(guest.get("id") or ""),
            guest_language=guest.get("language") or "",
            adults=max(1, adults),
            children=children,
        )

    def _from_hotel_reservation(self, item) -> Reservation:
        """A `hotelReservationType` (getReservation) -> Reservation."""
        if not isinstance(item, dict):
            raise bad_response(self.name)
        ids = _ids(item.get("reservationIdList"))
        stay = item.get("roomStay")
        if "Reservation" not in ids or not isinstance(stay, dict):
            raise bad_response(self.name)
        room = stay.get("currentRoomInfo") or {}
        rates = stay.get("roomRates") or [{}]
        counts = stay.get("guestCounts") or {}
        guests = item.get("reservationGuests") or []
        primary = next((g for g in guests if g.get("primary")), guests[0] if guests else {})
        profile_info = primary.get("profileInfo") or {}
        profile = profile_info.get("profile") or {}
        customer = profile.get("customer") or {}
        name = next(
            (n for n in customer.get("personName") or [] if str(n.get("nameType", "")).lower() == "primary"),
            (customer.get("personName") or [{}])[0],
        )
        email = (_primary((profile.get("emails") or {}).get("emailInfo"), "email").get("email") or {}).get(
            "emailAddress"
        )
        phone = (
            _primary((profile.get("telephones") or {}).get("telephoneInfo"), "telephone").get("telephone") or {}
        ).get("phoneNumber")
        first, last = name.get("givenName") or "", name.get("surname") or ""
        adults, children = as_int(counts.get("adults"), 1), as_int(counts.get("children"), 0)
        return Reservation(
            id=ids["Reservation"],
            confirmation_number=ids.get("Confirmation", ""),
            guest_name=f"{first} {last}".strip(),
            guest_email=email or "",
            check_in_date=parse_date(stay.get("arrivalDate"), provider=self.name),
            check_out_date=parse_date(stay.get("departureDate"), provider=self.name),
            room_type=room.get("roomType") or rates[0].get("roomType") or "",
            room_number=room.get("roomId") or None,
            status=normalize_status(item.get("reservationStatus") or ""),
            number_of_guests=adults + children,
            guest_first_name=first,
            guest_last_name=last,
            guest_phone=phone or "",
            guest_id=_ids(profile_info.get("profileIdList")).get("Profile", ""),
            guest_language=customer.get("language") or "",
            adults=max(1, adults),
            children=children,
        )

    def _infos(self, body) -> tuple[list, dict]:
        container = body.get("reservations") if isinstance(body, dict) else None
        if not isinstance(container, dict):
            raise bad_response(self.name)
        infos = container.get("reservationInfo") or []
        if not isinstance(infos, list):
            raise bad_response(self.name)
        return infos, container

    # -- operations --------------------------------------------------------------------------------
    @property
    def _rsv(self) -> str:
        return f"/rsv/v1/hotels/{self.hotel_id}/reservations"

    def get_reservation(self, confirmation_number, *, interactive=False):
        with interactive_budget(interactive):
            response = self._call(
                "GET",
                self._rsv,
                params={"confirmationNumberList": confirmation_number, "fetchInstructions": "Reservation"},
                not_found_ok=True,
            )
        if response is None:
            return None
        infos, _ = self._infos(self._json(response))
        wanted = str(confirmation_number).strip().upper()
        for info in infos:
            reservation = self._from_info(info)
            if reservation.confirmation_number.strip().upper() == wanted:
                return reservation
        return None

    def get_reservation_by_id(self, reservation_id) -> Reservation:
        response = self._call(
            "GET", f"{self._rsv}/{reservation_id}", params={"fetchInstructions": "Reservation"}, not_found_ok=True
        )
        if response is None:  # OHIP: 204 "Reservation not found"
            raise ProviderNotFound(capability="pms", provider=self.name)
        body = self._json(response)
        try:
            item = body["reservations"]["reservation"][0]
        except (KeyError, IndexError, TypeError):
            raise bad_response(self.name) from None
        return self._from_hotel_reservation(item)

    def get_folio(self, reservation_id):
        response = self._call(
            "GET",
            f"/csh/v1/hotels/{self.hotel_id}/reservations/{reservation_id}/folios",
            params={"fetchInstructions": ["Postings", "Totalbalance", "Windowbalances"]},
        )
        if response.status_code == 204:
            # OHIP answers 204 "Folio not found" for a reservation that has not checked in: OPERA opens
            # folios at check-in. (A 404, an unknown reservation, is ProviderNotFound from the client.)
            raise FolioNotOpen(provider=self.name)
        body = self._json(response)
        info = body.get("reservationFolioInformation") if isinstance(body, dict) else None
        if not isinstance(info, dict):
            raise bad_response(self.name)
        currency = self.hotel.currency
        balance = Decimal("0")
        lines: list[FolioLine] = []
        for window in info.get("folioWindows") or []:
            window_balance = window.get("balance") or {}
            balance += parse_money(window_balance.get("amount"), provider=self.name, default=Decimal("0"))
            currency = window_balance.get("currencyCode") or currency
            for folio in window.get("folios") or []:
                for posting in folio.get("postings") or []:
                    # postedAmount is a currencyAmountType; transactionAmount is a plain number.
                    posted = posting.get("postedAmount")
                    raw = posted.get("amount") if isinstance(posted, dict) else posting.get("transactionAmount")
                    amount = parse_money(raw, provider=self.name)
                    is_payment = posting.get("transactionType") in PAYMENT_TYPES
                    lines.append(
                        FolioLine(
                            id=str(posting.get("transactionNo") or len(lines) + 1),
                            date=parse_date(
                                posting.get("transactionDate") or posting.get("postingDate") or folio.get("folioDate"),
                                provider=self.name,
                            ),
                            description=posting.get("description")
                            or posting.get("transactionDescription")
                            or posting.get("remark")
                            or str(posting.get("transactionCode") or ""),
                            # Signs kept: a payment is a credit (negative) in OPERA, shown as a positive
                            # payment; a negative revenue (an adjustment) lowers the charges.
                            amount=-amount if is_payment else amount,
                            kind="payment" if is_payment else "charge",
                        )
                    )
        charges = sum((line.amount for line in lines if line.kind == "charge"), Decimal("0"))
        payments = sum((line.amount for line in lines if line.kind == "payment"), Decimal("0"))
        return Folio(
            reservation_id=str(reservation_id),
            currency=currency,
            balance=balance,
            total_charges=charges,
            total_payments=payments,
            lines=lines,
        )

    def update_guest_profile(self, guest_id, data):
        path = f"/crm/v1/profiles/{guest_id}"
        # Communication: without it OHIP leaves out e-mails and phones, and the PUT would add duplicates.
        current = self._json(self._call("GET", path, params={"fetchInstructions": ["Profile", "Communication"]}))
        details = current.get("profileDetails") if isinstance(current, dict) else None
        if not isinstance(details, dict):
            raise bad_response(self.name)
        customer = details.setdefault("customer", {})
        names = customer.setdefault("personName", [])
        name = next((n for n in names if str(n.get("nameType", "")).lower() == "primary"), None)
        if name is None:
            name = {"nameType": "Primary"}
            names.insert(0, name)
        if data.get("first_name"):
            name["givenName"] = data["first_name"]
        if data.get("last_name"):
            name["surname"] = data["last_name"]
        for key, field in (("language", "language"), ("nationality", "nationality"), ("birth_date", "birthDate")):
            if data.get(key):
                customer[field] = str(data[key])
        if data.get("email"):
            emails = details.setdefault("emails", {}).setdefault("emailInfo", [])
            entry = _primary(emails, "email")  # edited in place: it keeps its `id`
            if not entry:
                entry = {"email": {"type": "EMAIL", "primaryInd": True}}
                emails.insert(0, entry)
            entry.setdefault("email", {})["emailAddress"] = data["email"]
        if data.get("phone"):
            phones = details.setdefault("telephones", {}).setdefault("telephoneInfo", [])
            entry = _primary(phones, "telephone")
            if not entry:
                entry = {"telephone": {"phoneTechType": "Mobile", "phoneUseType": "HOME", "primaryInd": True}}
                phones.insert(0, entry)
            entry.setdefault("telephone", {})["phoneNumber"] = data["phone"]
        body = {
            "profileDetails": details,
            "profileIdList": [{"type": "Profile", "idContext": "OPERA", "id": str(guest_id)}],
        }
        self._call("PUT", path, json=body)  # PUT replaces: safe to repeat
        email = (_primary((details.get("emails") or {}).get("emailInfo"), "email").get("email") or {}).get(
            "emailAddress"
        )
        phone = (
            _primary((details.get("telephones") or {}).get("telephoneInfo"), "telephone").get("telephone") or {}
        ).get("phoneNumber")
        return {
            "guest_id": str(guest_id),
            "first_name": name.get("givenName", ""),
            "last_name": name.get("surname", ""),
            "email": email or "",
            "phone": phone or "",
            "language": customer.get("language", ""),
        }

    def check_in(self, reservation_id, room_number=None):
        fof = f"/fof/v1/hotels/{self.hotel_id}/reservations/{reservation_id}"
        if room_number:
            self._call(
                "POST",
                f"{fof}/roomAssignments",
                json={
                    "criteria": {
                        "hotelId": self.hotel_id,
                        "reservationIdList": [{"id": str(reservation_id), "type": "Reservation"}],
                        "roomId": str(room_number),
                        "roomNumberLocked": False,
                    }
                },
                safe=False,
            )
        reservation = {"ignoreWarnings": True, "stopCheckin": False, "printRegistration": False}
        if room_number:
            reservation["roomId"] = str(room_number)
        response = self._call(
            "POST",
            f"{fof}/checkIns",
            json={
                "reservation": reservation,
                # checkedInReservationInstructionType: ReservationDetail | AutoFolios | ExcludeRoomSuggestion.
                "fetchReservationInstruction": ["ReservationDetail"],
                "includeNotifications": True,
            },
            safe=False,
        )
        # checkedinReservation: {reservation: [hotelReservationType], links, warnings}.
        detail = self._json(response).get("reservation")
        if isinstance(detail, list) and detail and isinstance(detail[0], dict) and detail[0].get("roomStay"):
            return self._from_hotel_reservation(detail[0])
        return self.get_reservation_by_id(reservation_id)

    def check_out(self, reservation_id):
        self._call(
            "POST",
            f"/csh/v1/hotels/{self.hotel_id}/reservations/{reservation_id}/checkOuts",
            json={
                "reservation": {
                    "hotelId": self.hotel_id,
                    "reservationIdList": [{"id": str(reservation_id), "type": "Reservation"}],
                    "eventType": "CheckOut",
                    "checkoutInstr": {"roomStatus": "Dirty", "ignoreWarnings": True},
                    "checkoutWithOpenFolio": False,
                    "mobileCheckout": True,
                },
                "verificationOnly": False,
            },
            safe=False,
        )
        return self.get_reservation_by_id(reservation_id)

    def _search(self, params: dict) -> list[Reservation]:
        found: list[Reservation] = []
        offset = 0
        for _page in range(10_000):  # a bound, in case a PMS keeps saying hasMore
            response = self._call(
                "GET",
                self._rsv,
                params={**params, "limit": self.page_size, "offset": offset},
                not_found_ok=True,
            )
            if response is None:
                break
            infos, container = self._infos(self._json(response))
            found.extend(self._from_info(info) for info in infos)
            if not infos or not container.get("hasMore"):
                break
            offset += len(infos)
        return found

    # `stayDate` is the day the search type applies to (OPERA's business date when left out).
    def list_arrivals(self, date):
        day = date.isoformat()
        return self._search({"searchType": "Arrival", "stayDate": day, "arrivalStartDate": day, "arrivalEndDate": day})

    def list_departures(self, date):
        day = date.isoformat()
        return self._search(
            {"searchType": "Departure", "stayDate": day, "departureStartDate": day, "departureEndDate": day}
        )

    def list_in_house(self, date):
        # In house on the night of `date`: arrived on or before it, leaving after it.
        return self._search(
            {
                "searchType": "InHouse",
                "stayDate": date.isoformat(),
                "arrivalEndDate": date.isoformat(),
                "departureStartDate": (date + dt.timedelta(days=1)).isoformat(),
            }
        )

    def health_check(self):
        """A token plus one cheap read; errors propagate so that "test connection" can say why."""
        self._call("GET", self._rsv, params={"limit": 1, "searchType": "Arrival"}, not_found_ok=True)
        return True
