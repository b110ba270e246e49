"""The mock SpaBooker HTTP server (MyStay's SpaBooker REST contract, v1).

    GET  /v1/health
    GET  /v1/locations/{loc}/services
    GET  /v1/locations/{loc}/staff[?service_id=]
    GET  /v1/locations/{loc}/availability?service_id=&start_date=&end_date=[&staff_id=]
    POST /v1/locations/{loc}/appointments            {service_id, staff_id, start, client, external_reference}
    GET  /v1/locations/{loc}/appointments?external_reference=
    GET  /v1/locations/{loc}/appointments/{id}
    POST /v1/locations/{loc}/appointments/{id}/cancel {late}

Every call but /v1/health needs `Authorization: Bearer <api key>`. Errors are
`{"error": {"code", "message"}}`: 400 invalid_request, 401 unauthorized, 404 not_found,
409 slot_taken, 422 slot_unavailable / staff_not_qualified.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .state import Appointment, SpaBookerState

logger = logging.getLogger("mystay.mock_spabooker")

DEMO_API_KEY = "spabooker-demo-key"
LOCATION = r"^/v1/locations/(?P<loc>[A-Za-z0-9_-]+)"
ROUTES = [
    ("GET", re.compile(LOCATION + r"/services$"), "services"),
    ("GET", re.compile(LOCATION + r"/staff$"), "staff"),
    ("GET", re.compile(LOCATION + r"/availability$"), "availability"),
    ("POST", re.compile(LOCATION + r"/appointments$"), "create"),
    ("GET", re.compile(LOCATION + r"/appointments$"), "search"),
    ("GET", re.compile(LOCATION + r"/appointments/(?P<aid>[A-Za-z0-9_-]+)$"), "show"),
    ("POST", re.compile(LOCATION + r"/appointments/(?P<aid>[A-Za-z0-9_-]+)/cancel$"), "cancel"),
]


def error(status: int, code: str, message: str) -> tuple[int, dict]:
    return status, {"error": {"code": code, "message": message}}


def appointment_json(a: Appointment) -> dict:
    return {
        "id": a.id,
        "status": a.status,
        "service_id": a.service_id,
        "staff_id": a.staff_id,
        "start": a.start.isoformat(),
        "end": a.end.isoformat(),
        "price": a.price,
        "currency": a.currency,
        "external_reference": a.external_reference,
        "client": {"reference": a.client.get("reference", "")},
        "late_cancellation": a.late_cancellation,
    }


class SpaBookerServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state: SpaBookerState, *, api_key: str = DEMO_API_KEY, quiet: bool = True):
        self.state = state
        self.api_key = api_key
        self.quiet = quiet
        self._open: set = set()
        self._open_lock = threading.Lock()
        super().__init__(address, SpaBookerHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="mock-spabooker", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:  # keep-alive connections die with the server, as with a real outage
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def make_server(host="127.0.0.1", port=4011, *, state: SpaBookerState | None = None, api_key=DEMO_API_KEY, quiet=True):
    return SpaBookerServer((host, port), state or SpaBookerState(), api_key=api_key, quiet=quiet)


class SpaBookerHandler(BaseHTTPRequestHandler):
    server: SpaBookerServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        if not self.server.quiet:
            logger.info("%s %s", self.command, urlsplit(self.path).path)

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read_json(self):
        size = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(size) if size else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    def do_GET(self):
        self._route()

    def do_POST(self):
        self._route()

    def _route(self):
        url = urlsplit(self.path)
        self.params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        state = self.server.state
        with state.lock:
            state.requests += 1
        try:
            if url.path == "/v1/health" and self.command == "GET":
                return self._reply(200, {"status": "ok"})
            if self.headers.get("Authorization", "") != f"Bearer {self.server.api_key}":
                return self._reply(*error(401, "unauthorized", "Missing or wrong API key."))
            for method, pattern, action in ROUTES:
                match = pattern.match(url.path)
                if match and method == self.command:
                    args = match.groupdict()
                    location = state.locations.get(args.pop("loc"))
                    if location is None:
                        return self._reply(*error(404, "not_found", "Unknown location."))
                    return self._reply(*getattr(self, action)(state, location, **args))
            return self._reply(*error(404, "not_found", "No such resource."))
        except Exception:
            logger.exception("mock spabooker failed on %s %s", self.command, url.path)
            return self._reply(*error(500, "internal_error", "Internal error."))

    # -- catalogue ---------------------------------------------------------------------------------
    def services(self, state, location):
        return 200, {
            "services": [
                {**s, "price": str(s["price"]), "currency": location.currency, "description": ""}
                for s in location.services
            ]
        }

    def staff(self, state, location):
        service_id = self.params.get("service_id") or None
        people = location.staff_for(service_id)
        return 200, {"staff": [{**p, "service_ids": list(p["service_ids"])} for p in people]}

    def availability(self, state, location):
        service = location.service(self.params.get("service_id", ""))
        if service is None:
            return error(404, "not_found", "Unknown service.")
        try:
            start = dt.date.fromisoformat(self.params["start_date"])
            end = dt.date.fromisoformat(self.params.get("end_date") or self.params["start_date"])
        except (KeyError, ValueError):
            return error(400, "invalid_request", "start_date (and end_date) must be YYYY-MM-DD.")
        if end < start or (end - start).days > 31:
            return error(400, "invalid_request", "The range must be 0 to 31 days.")
        with state.lock:
            slots = state.slots(location, service, start, end, self.params.get("staff_id") or None)
        return 200, {
            "timezone": str(location.tz),
            "slots": [
                {"start": s.isoformat(), "end": e.isoformat(), "staff_id": pid, "service_id": service["id"]}
                for s, e, pid in slots
            ],
        }

    # -- appointments ------------------------------------------------------------------------------
    def create(self, state, location):
        body = self._read_json()
        if body is None:
            return error(400, "invalid_request", "The body must be a JSON object.")
        service = location.service(body.get("service_id") or "")
        if service is None:
            return error(404, "not_found", "Unknown service.")
        try:
            start = dt.datetime.fromisoformat(str(body.get("start")))
        except ValueError:
            return error(400, "invalid_request", "start must be an ISO 8601 date-time with an offset.")
        if start.tzinfo is None:
            return error(400, "invalid_request", "start must carry a UTC offset.")
        client = body.get("client")
        if not isinstance(client, dict) or not client.get("last_name"):
            return error(400, "invalid_request", "client.last_name is required.")
        if state.create_delay:
            time.sleep(state.create_delay)
        with state.lock:
            appointment, refused = state.book(
                location,
                service=service,
                staff_id=str(body.get("staff_id") or ""),
                start=start,
                client=client,
                reference=str(body.get("external_reference") or ""),
                notes=str(body.get("notes") or "")[:500],
            )
        if refused == "slot_taken":
            return error(409, "slot_taken", "The therapist is already booked at that time.")
        if refused:
            return error(422, refused, "This treatment cannot be booked at that time with that therapist.")
        return 201, {"appointment": appointment_json(appointment)}

    def search(self, state, location):
        reference = self.params.get("external_reference", "")
        if not reference:
            return error(400, "invalid_request", "external_reference is required.")
        with state.lock:
            found = [
                a
                for a in state.appointments.values()
                if a.location == location.code and a.external_reference == reference
            ]
        return 200, {"appointments": [appointment_json(a) for a in found]}

    def _appointment(self, state, location, aid):
        a = state.appointments.get(aid)
        return a if a is not None and a.location == location.code else None

    def show(self, state, location, aid):
        a = self._appointment(state, location, aid)
        if a is None:
            return error(404, "not_found", "No such appointment.")
        return 200, {"appointment": appointment_json(a)}

    def cancel(self, state, location, aid):
        body = self._read_json() or {}
        with state.lock:
            a = self._appointment(state, location, aid)
            if a is None:
                return error(404, "not_found", "No such appointment.")
            if a.status == "booked":
                a.status = "cancelled"
                a.late_cancellation = bool(body.get("late"))
            elif a.status != "cancelled":
                return error(409, "not_cancellable", f"The appointment is {a.status}.")
            return 200, {"appointment": appointment_json(a)}
