"""The mock OPERA HTTP server: OHIP paths, headers and bodies, answered from `MockOperaState`.

    POST /oauth/v1/tokens                                         Basic client id/secret + x-app-key
    GET  /rsv/v1/hotels/{hotelId}/reservations                    search (confirmation, dates, paging)
    GET  /rsv/v1/hotels/{hotelId}/reservations/{id}               one reservation
    GET  /csh/v1/hotels/{hotelId}/reservations/{id}/folios        folio windows with postings
    POST /fof/v1/hotels/{hotelId}/reservations/{id}/roomAssignments
    POST /fof/v1/hotels/{hotelId}/reservations/{id}/checkIns
    POST /csh/v1/hotels/{hotelId}/reservations/{id}/checkOuts
    GET|PUT /crm/v1/profiles/{profileId}

Every data call needs `authorization: Bearer <token from /oauth/v1/tokens>` (401 when missing,
unknown or expired), `x-app-key` and `x-hotelid` matching the path.

As strict as OHIP where it matters: query enums and request bodies are validated against OHIP's
published schemas (fixtures/vendor_specs/ohip, via stays.providers.contracts) and refused with 400;
list `limit` above 200 is refused (enforced by OHIP since 24.4); answers have the spec's shapes and
statuses (204 for "not found" reads and for the folio before check-in, 201 `{links, warnings}` for
actions, 400 exceptionDetailType for business refusals: room not ready, open balance at check-out).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import socket
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from stays.providers.contracts import ohip_request_errors

from .state import MockOperaState, MockReservation

logger = logging.getLogger("mystay.mock_opera")

MAX_LIMIT = 200
ROUTES = [
    ("GET", re.compile(r"^/rsv/v1/hotels/(?P<hotel>[^/]+)/reservations$"), "search"),
    ("GET", re.compile(r"^/rsv/v1/hotels/(?P<hotel>[^/]+)/reservations/(?P<rid>[^/]+)$"), "reservation"),
    ("GET", re.compile(r"^/csh/v1/hotels/(?P<hotel>[^/]+)/reservations/(?P<rid>[^/]+)/folios$"), "folio"),
    (
        "POST",
        re.compile(r"^/fof/v1/hotels/(?P<hotel>[^/]+)/reservations/(?P<rid>[^/]+)/roomAssignments$"),
        "assign_room",
    ),
    ("POST", re.compile(r"^/fof/v1/hotels/(?P<hotel>[^/]+)/reservations/(?P<rid>[^/]+)/checkIns$"), "check_in"),
    ("POST", re.compile(r"^/csh/v1/hotels/(?P<hotel>[^/]+)/reservations/(?P<rid>[^/]+)/checkOuts$"), "check_out"),
    ("GET", re.compile(r"^/crm/v1/profiles/(?P<pid>[^/]+)$"), "get_profile"),
    ("PUT", re.compile(r"^/crm/v1/profiles/(?P<pid>[^/]+)$"), "put_profile"),
]


def _default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def problem(status: int, title: str, detail: str = "") -> tuple[int, dict]:
    """OHIP's exceptionDetailType (problem-details style)."""
    return status, {
        "type": f"https://httpstatuses.com/{status}",
        "title": title,
        "status": status,
        "detail": detail or title,
        "o:errorCode": f"MOCK-{status}",
    }


class MockOperaServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state: MockOperaState, *, quiet: bool = True):
        self.state = state
        self.quiet = quiet
        self._connections: set = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, OperaHandler)

    def process_request(self, request, client_address):
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="mock-opera", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop listening and drop open keep-alive connections, as a PMS going down would."""
        self.shutdown()
        self.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def make_server(host: str = "127.0.0.1", port: int = 4010, *, state: MockOperaState | None = None, quiet=True):
    return MockOperaServer((host, port), state or MockOperaState(), quiet=quiet)


class OperaHandler(BaseHTTPRequestHandler):
    server: MockOperaServer
    protocol_version = "HTTP/1.1"

    # -- plumbing ----------------------------------------------------------------------------------
    def log_message(self, format, *args):  # the path only: query strings carry names and numbers
        if not self.server.quiet:
            logger.info("%s %s", self.command, urlsplit(self.path).path)

    def _send(self, status: int, body: dict | None = None, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body, default=_default).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _json_body(self) -> dict | None:
        """The request's JSON object (read once, in _dispatch)."""
        return self.body if isinstance(self.body, dict) else None

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    def _dispatch(self):
        url = urlsplit(self.path)
        self.query = parse_qs(url.query)
        state = self.server.state
        try:
            if url.path == "/oauth/v1/tokens" and self.command == "POST":
                status, body = self.token()
                return self._send(status, body)
            for method, pattern, action in ROUTES:
                match = pattern.match(url.path)
                if match and method == self.command:
                    with state.lock:
                        state.data_requests += 1
                    refused = self._check_auth(match.groupdict().get("hotel")) or self._check_request(url.path)
                    if refused:
                        return self._send(*refused)
                    status, body = getattr(self, action)(state, **match.groupdict())
                    return self._send(status, body)
            return self._send(*problem(404, "Not Found", "No such resource."))
        except Exception:  # a bug in the mock answers 500 like a real gateway would
            logger.exception("mock opera failed on %s %s", self.command, url.path)
            return self._send(*problem(500, "Internal Server Error"))

    def _check_request(self, path: str):
        """The body is JSON, and query and body conform to OHIP's schema for the operation."""
        self.body = None
        if self.command in ("POST", "PUT"):
            try:
                self.body = json.loads(self._body() or b"null")
            except ValueError:
                return problem(400, "Bad Request", "The request body is not valid JSON.")
        problems = ohip_request_errors(self.command, path, self.query, self.body)
        if problems:
            return problem(400, "Bad Request", "; ".join(problems[:5]))
        return None

    def _check_auth(self, hotel_id: str | None):
        state = self.server.state
        if self.headers.get("x-app-key") != state.app_key:
            return problem(401, "Unauthorized", "Missing or invalid x-app-key.")
        auth = self.headers.get("authorization") or ""
        if not auth.lower().startswith("bearer ") or not state.token_valid(auth[7:].strip()):
            return problem(401, "Unauthorized", "The access token is missing, invalid or expired.")
        if hotel_id is not None:
            if state.hotel(hotel_id) is None:
                return problem(404, "Not Found", "Unknown hotel.")
            if self.headers.get("x-hotelid") != hotel_id:
                return problem(400, "Bad Request", "x-hotelid does not match the hotel in the path.")
        return None

    # -- token -------------------------------------------------------------------------------------
    def token(self):
        state = self.server.state
        form = parse_qs(self._body().decode("utf-8", "replace"))
        expected = base64.b64encode(f"{state.client_id}:{state.client_secret}".encode()).decode()
        if (self.headers.get("authorization") or "") != f"Basic {expected}":
            return problem(401, "Unauthorized", "Invalid client credentials.")
        if self.headers.get("x-app-key") != state.app_key:
            return problem(401, "Unauthorized", "Invalid application key.")
        if form.get("grant_type") != ["client_credentials"]:
            return problem(400, "Bad Request", "grant_type must be client_credentials.")
        token, ttl = state.issue_token()
        return 200, {"access_token": token, "expires_in": ttl, "token_type": "Bearer", "oracle_tk_context": "mock"}

    # -- shapes ------------------------------------------------------------------------------------
    def _ids(self, r: MockReservation) -> list[dict]:
        return [{"id": r.id, "type": "Reservation"}, {"id": r.confirmation, "type": "Confirmation"}]

    def _info(self, state: MockOperaState, r: MockReservation) -> dict:
        p = state.profiles[r.profile_id]
        return {
            "reservationIdList": self._ids(r),
            "hotelId": r.hotel_id,
            "roomStay": {
                "arrivalDate": r.arrival.isoformat(),
                "departureDate": r.departure.isoformat(),
                "roomType": r.room_type,
                **({"roomId": r.room_id} if r.room_id else {}),  # no room yet: no key (never null)
                "adultCount": r.adults,
                "childCount": r.children,
                "ratePlanCode": "BAR",
                "balance": {"amount": state.balance(r), "currencyCode": r.currency},
            },
            "reservationGuest": {
                "id": p.id,
                "givenName": p.first_name,
                "surname": p.last_name,
                "email": p.email,
                "phoneNumber": p.phone,
                "language": p.language,
            },
            "reservationStatus": r.status,
        }

    def _profile_details(self, state: MockOperaState, profile_id: str, *, communication: bool = True) -> dict:
        p = state.profiles[profile_id]
        customer = {
            "personName": [{"givenName": p.first_name, "surname": p.last_name, "nameType": "Primary"}],
            "language": p.language,
        }
        if p.nationality:
            customer["nationality"] = p.nationality
        if p.birth_date:
            customer["birthDate"] = p.birth_date
        details = {"customer": customer, "profileType": "Guest"}
        if communication:  # fetchInstructions=Communication; without it OHIP leaves these out
            emails = [{"id": p.email_id, "type": "Email", "email": {"emailAddress": p.email, "type": "EMAIL",
                                                                  "primaryInd": True}}]  # fmt: skip
            emails += [{"id": f"{p.id}-E{i + 2}", "type": "Email", "email": {"emailAddress": a, "primaryInd": False}}
                       for i, a in enumerate(p.added_emails)]  # fmt: skip
            phones = [{"id": p.phone_id, "type": "Telephone", "telephone": {"phoneNumber": p.phone,
                                                                            "phoneTechType": "Mobile",
                                                                            "primaryInd": True}}]  # fmt: skip
            phones += [{"id": f"{p.id}-T{i + 2}", "type": "Telephone",
                        "telephone": {"phoneNumber": n, "primaryInd": False}}
                       for i, n in enumerate(p.added_phones)]  # fmt: skip
            details["emails"] = {"emailInfo": emails}
            details["telephones"] = {"telephoneInfo": phones}
        return details

    def _hotel_reservation(self, state: MockOperaState, r: MockReservation) -> dict:
        return {
            "reservationIdList": self._ids(r),
            "hotelId": r.hotel_id,
            "roomStay": {
                "arrivalDate": r.arrival.isoformat(),
                "departureDate": r.departure.isoformat(),
                "currentRoomInfo": {"roomType": r.room_type, **({"roomId": r.room_id} if r.room_id else {})},
                "roomRates": [{"roomType": r.room_type, "ratePlanCode": "BAR"}],
                "guestCounts": {"adults": r.adults, "children": r.children},
            },
            "reservationGuests": [
                {
                    "primary": True,
                    "profileInfo": {
                        "profileIdList": [{"id": r.profile_id, "type": "Profile"}],
                        "profile": self._profile_details(state, r.profile_id),
                    },
                }
            ],
            "reservationStatus": r.status,
            "computedReservationStatus": r.status,
            "preRegistered": False,
            "allowMobileCheckout": True,
        }

    # -- actions -----------------------------------------------------------------------------------
    def search(self, state: MockOperaState, hotel: str):
        try:
            limit = max(int((self.query.get("limit") or ["20"])[0]), 1)
            offset = max(int((self.query.get("offset") or ["0"])[0]), 0)
            found = state.search(hotel, self.query)
        except ValueError:
            return problem(400, "Bad Request", "Invalid search parameters.")
        if limit > MAX_LIMIT:
            return problem(400, "Bad Request", f"limit must not exceed {MAX_LIMIT}.")
        page = found[offset : offset + limit]
        if not page:
            return 204, None  # "HotelReservations not found"
        return 200, {
            "reservations": {
                "reservationInfo": [self._info(state, r) for r in page],
                "totalResults": len(found),
                "count": len(page),
                "hasMore": offset + len(page) < len(found),
                "offset": offset,
                "limit": limit,
            },
            "links": [{"href": self.path.split("?", 1)[0], "rel": "self", "method": "GET"}],
        }

    def _reservation_or_404(self, state, hotel, rid):
        reservation = state.get(hotel, rid)
        return reservation, (None if reservation else problem(404, "Not Found", "Reservation not found."))

    def reservation(self, state: MockOperaState, hotel: str, rid: str):
        r = state.get(hotel, rid)
        if r is None:
            return 204, None  # "Reservation not found"
        return 200, {"reservations": {"reservation": [self._hotel_reservation(state, r)]}}

    def folio(self, state: MockOperaState, hotel: str, rid: str):
        r, missing = self._reservation_or_404(state, hotel, rid)
        if missing:
            return missing
        if not state.has_folio(r):
            return 204, None  # "Folio not found": folios only exist once the guest has checked in
        with state.lock:
            postings = [dict(p) for p in r.postings]
            balance = state.balance(r)
        revenue = sum((Decimal(p["postedAmount"]["amount"]) for p in postings if p["transactionType"] == "Revenue"), 0)
        return 200, {
            "reservationFolioInformation": {
                "reservationInfo": self._info(state, r),
                "folioWindows": [
                    {
                        "folioWindowNo": 1,
                        "balance": {"amount": balance, "currencyCode": r.currency},
                        "revenue": {"amount": revenue, "currencyCode": r.currency},
                        "payment": {"amount": revenue - balance, "currencyCode": r.currency},
                        "folios": [
                            {
                                "folioNo": 1,
                                "folioDate": r.arrival.isoformat(),
                                "folioStatus": "Ok",
                                "folioAmount": {"amount": balance, "currencyCode": r.currency},
                                "postings": postings,
                            }
                        ],
                    }
                ],
            }
        }

    def assign_room(self, state: MockOperaState, hotel: str, rid: str):
        r, missing = self._reservation_or_404(state, hotel, rid)
        if missing:
            return missing
        body = self._json_body()
        room_id = ((body or {}).get("criteria") or {}).get("roomId")
        if not room_id:
            return problem(400, "Bad Request", "criteria.roomId is required.")
        state.assign_room(r, str(room_id))
        return 201, {"oldRates": [], "newRates": [], "effectiveRates": []}

    def check_in(self, state: MockOperaState, hotel: str, rid: str):
        r, missing = self._reservation_or_404(state, hotel, rid)
        if missing:
            return missing
        body = self._json_body()
        if body is None or not isinstance(body.get("reservation"), dict):
            return problem(400, "Bad Request", "A reservation object is required.")
        refused = state.check_in(r, body["reservation"].get("roomId"))
        if refused:
            return problem(400, "Bad Request", refused)
        answer = {"links": [], "warnings": []}
        if "ReservationDetail" in (body.get("fetchReservationInstruction") or []):
            answer["reservation"] = [self._hotel_reservation(state, r)]
        return 201, answer

    def check_out(self, state: MockOperaState, hotel: str, rid: str):
        r, missing = self._reservation_or_404(state, hotel, rid)
        if missing:
            return missing
        body = self._json_body()
        if body is None or not isinstance(body.get("reservation"), dict):
            return problem(400, "Bad Request", "A reservation object is required.")
        refused = state.check_out(r)
        if refused:
            return problem(400, "Bad Request", refused)
        return 201, {"links": [], "warnings": []}

    def get_profile(self, state: MockOperaState, pid: str):
        if pid not in state.profiles:
            return 204, None  # "Profile not found"
        fetch = {v for raw in self.query.get("fetchInstructions", []) for v in raw.split(",")}
        return 200, {
            "profileDetails": self._profile_details(state, pid, communication="Communication" in fetch),
            "profileIdList": [{"type": "Profile", "idContext": "OPERA", "id": pid}],
        }

    def put_profile(self, state: MockOperaState, pid: str):
        if pid not in state.profiles:
            return problem(404, "Not Found", "Profile not found.")
        body = self._json_body()
        details = (body or {}).get("profileDetails")
        if not isinstance(details, dict):
            return problem(400, "Bad Request", "profileDetails is required.")
        customer = details.get("customer") or {}
        name = next(iter(customer.get("personName") or []), {})
        with state.lock:
            p = state.profiles[pid]
            p.first_name = name.get("givenName", p.first_name)
            p.last_name = name.get("surname", p.last_name)
            p.language = customer.get("language", p.language)
            p.nationality = customer.get("nationality", p.nationality)
            p.birth_date = customer.get("birthDate", p.birth_date)
            # Like OPERA: an entry with a known id updates it; one without an id is a new entry.
            for entry in (details.get("emails") or {}).get("emailInfo") or []:
                address = (entry.get("email") or {}).get("emailAddress")
                if entry.get("id") == p.email_id:
                    p.email = address or p.email
                elif not entry.get("id") and address:
                    p.added_emails.append(address)
            for entry in (details.get("telephones") or {}).get("telephoneInfo") or []:
                number = (entry.get("telephone") or {}).get("phoneNumber")
                if entry.get("id") == p.phone_id:
                    p.phone = number or p.phone
                elif not entry.get("id") and number:
                    p.added_phones.append(number)
        return 200, {
            "profileIdList": [{"type": "Profile", "idContext": "OPERA", "id": pid}],
            "links": [{"href": f"/crm/v1/profiles/{pid}", "rel": "self", "method": "GET"}],
        }
