"""The mock OPERA server's answers, and the `opera` connector's requests to it, against OHIP's
published schemas (fixtures/vendor_specs/ohip): every exchange of a full journey, refusals included."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from integrations.exceptions import ProviderRefused
from integrations.manager import get_integration_manager
from stays.providers import contracts
from stays.providers.base import FolioNotOpen
from stays.services.demo import seed_demo
from tests.e2e.mock_opera import running_mock_opera, use_opera

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchanges(monkeypatch):
    """Every (request, response) the connector exchanges over HTTP during the test."""
    seen = []
    real_send = requests.Session.send

    def send(self, request, **kwargs):
        response = real_send(self, request, **kwargs)
        seen.append((request, response))
        return response

    monkeypatch.setattr(requests.Session, "send", send)
    return seen


def test_a_journey_through_the_mock_conforms_to_ohip(exchanges):
    paris = next(h for h in seed_demo().hotels if h.code == "PAR")
    with running_mock_opera() as server:
        use_opera(paris, server.base_url)
        pms = get_integration_manager(paris).get_pms()
        assert pms.health_check()
        assert pms.get_reservation("PAR1001").guest_last_name
        assert pms.get_reservation("PAR9999") is None  # 204
        pms.list_arrivals(paris.local_today())
        pms.list_departures(paris.local_today())
        pms.list_in_house(paris.local_today())
        pms.update_guest_profile("PPAR1001", {"email": "new@example.com", "phone": "+33 7 00"})
        with pytest.raises(FolioNotOpen):
            pms.get_folio("R1001")  # 204
        server.state.set_room_status("PAR", "102", "Dirty")
        with pytest.raises(ProviderRefused):
            pms.check_in("R1001", room_number="102")  # 400 with OPERA's reason
        server.state.set_room_status("PAR", "102", "Inspected")
        pms.check_in("R1001", room_number="102")
        pms.get_folio("R1004")
        with pytest.raises(ProviderRefused):
            pms.check_out("R1004")  # open balance
        server.state.post_payment(server.state.get("PAR", "R1004"))
        pms.check_out("R1004")

    problems, operations = [], set()
    for request, response in exchanges:
        parts = urlsplit(request.url)
        body = json.loads(request.body) if request.body and "json" in request.headers.get("Content-Type", "") else None
        request_problems = contracts.ohip_request_errors(request.method, parts.path, parse_qs(parts.query), body)
        answer = response.json() if response.content else None
        answer_problems = contracts.ohip_response_errors(request.method, parts.path, response.status_code, answer)
        assert answer_problems is not None, f"{request.method} {parts.path} is not an operation we keep a schema for"
        operations.add((request.method, contracts.ohip_operation(request.method, parts.path)[1]["operationId"]))
        problems += [f"request {request.method} {parts.path}: {p}" for p in request_problems or []]
        problems += [f"answer {response.status_code} {request.method} {parts.path}: {p}" for p in answer_problems]
    assert not problems, "\n".join(problems)
    assert {op for _, op in operations} >= {
        "getToken",
        "getHotelReservations",
        "getReservation",
        "getFolio",
        "postRoomAssignment",
        "postCheckIn",
        "postCheckOut",
        "getProfile",
        "putProfile",
    }
    statuses = {(urlsplit(r.url).path.rsplit("/", 1)[-1], s.status_code) for r, s in exchanges}
    assert ("folios", 204) in statuses and ("checkIns", 400) in statuses and ("checkOuts", 400) in statuses
