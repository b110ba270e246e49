"""The trimmed vendor schemas and the validators built on them: they are where SOURCES.json says, and
they reject the very requests issue 14 found wrong (so a regression to any of them fails the suite)."""

import json

import pytest

from stays.providers import contracts

AUTH = {"ClientToken": "c", "AccessToken": "a", "Client": "MyStay 1.0.0"}
CHECK_IN = "/fof/v1/hotels/PAR/reservations/R1/checkIns"


def test_sources_name_repository_commit_version_and_licence():
    sources = json.loads((contracts.SPEC_DIR / "SOURCES.json").read_text())
    assert set(sources) == {"ohip", "mews", "cloudbeds"}
    for entry in sources.values():
        assert entry["repository"].startswith("https://github.com/") and len(entry["commit"]) == 40
        assert entry["licence"]
    assert sources["ohip"]["licence"] == "Universal Permissive License 1.0"
    assert "Universal Permissive License" in (contracts.SPEC_DIR / "ohip" / "LICENSE.txt").read_text()
    assert "MIT" in (contracts.SPEC_DIR / "cloudbeds" / "LICENSE").read_text()
    assert sources["ohip"]["spec_versions"]["fof"] == contracts.document("ohip", "fof")["info"]["version"]


def test_ohip_check_in_instruction_must_be_one_of_the_spec_values():
    wrong = {"reservation": {"ignoreWarnings": True}, "fetchReservationInstruction": ["Reservation"]}
    right = {"reservation": {"ignoreWarnings": True}, "fetchReservationInstruction": ["ReservationDetail"]}
    assert contracts.ohip_request_errors("POST", CHECK_IN, {}, wrong)
    assert contracts.ohip_request_errors("POST", CHECK_IN, {}, right) == []
    assert contracts.ohip_request_errors("POST", CHECK_IN, {}, None) == ["reservation: a JSON body is required"]


def test_ohip_answers_use_declared_statuses_and_shapes():
    assert contracts.ohip_response_errors("POST", CHECK_IN, 409, {"title": "Conflict"})  # 409 is not OHIP's
    wrapped = {"checkedinReservation": {"reservation": {}}}
    assert contracts.ohip_response_errors("POST", CHECK_IN, 201, {"reservation": [{}], "links": []}) == []
    assert contracts.ohip_response_errors("POST", CHECK_IN, 201, wrapped) == []  # extra keys are not errors...
    folio = "/csh/v1/hotels/PAR/reservations/R1/folios"
    string_amount = {"reservationFolioInformation": {"folioWindows": [{"balance": {"amount": "10.00"}}]}}
    assert contracts.ohip_response_errors("GET", folio, 200, string_amount)  # ...but wrong types are
    assert contracts.ohip_response_errors("GET", folio, 204, None) == []


@pytest.mark.parametrize(
    "operation,body",
    [
        ("customers/getAll", {**AUTH, "CustomerIds": ["c1"], "Limitation": {"Count": 10}}),  # no Extent
        ("resources/getAll", {**AUTH, "ResourceIds": ["r1"], "Limitation": {"Count": 10}}),  # no Extent
        ("resourceCategories/getAll", {**AUTH, "ResourceCategoryIds": ["k1"], "Limitation": {"Count": 10}}),
        ("reservations/getAll/2023-06-06", {**AUTH, "Numbers": ["1"]}),  # no Limitation
    ],
)
def test_mews_requests_missing_what_the_reference_requires_are_refused(operation, body):
    assert contracts.mews_errors(f"/api/connector/v1/{operation}", "request", body)


def test_mews_examples_conform_and_errors_carry_a_message():
    for operation in contracts.document("mews", "connector-api")["operations"]:
        path = f"/api/connector/v1/{operation}"
        assert contracts.mews_errors(path, "response", contracts.mews_example(operation)) == [], operation
    assert contracts.mews_errors("/api/connector/v1/reservations/start", "response", {}, status=403)
    assert (
        contracts.mews_errors("/api/connector/v1/reservations/start", "response", {"Message": "No"}, status=403) == []
    )
    assert contracts.mews_errors("/api/connector/v1/unknown/op", "request", {}) is None


def test_cloudbeds_types_are_checked():
    good = {"success": True, "data": [{"propertyID": "1", "rooms": [{"roomID": "r", "roomTypeID": "t"}]}]}
    assert contracts.cloudbeds_response_errors("GET", "/api/v1.3/getRooms", 200, good) == []
    bad = {"success": "yes", "data": []}
    assert contracts.cloudbeds_response_errors("GET", "/api/v1.3/getRooms", 200, bad)
    tx = {"transactions": [{"id": "1", "amount": "12.5"}]}
    assert contracts.cloudbeds_response_errors("POST", "/accounting/v1.0/transactions", 200, tx)
