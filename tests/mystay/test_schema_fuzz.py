"""Schemathesis over /api/schema/: every operation, generated inputs, with a guest token and a staff
token; any 5xx fails. Bounded (SCHEMA_FUZZ_EXAMPLES per operation) so that CI stays quick."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from tests.stays.factories import StaffFactory, StayFactory
from tests.stays.fixtures import guest_token

EXAMPLES = int(os.environ.get("SCHEMA_FUZZ_EXAMPLES", "8"))
TOKENS: dict[str, str] = {}


@pytest.fixture
def api_schema(db, api, settings):
    # Throttles would answer 429 after a few cases and hide the endpoints behind them.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {k: "100000/min" for k in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
    }
    settings.AXES_FAILURE_LIMIT = 100000
    stay = StayFactory(hotel__code="PAR", confirmation_number="FUZZ1")
    StaffFactory(hotel=stay.hotel, email="fuzz@par.test", role="hotel_admin")
    TOKENS["guest"] = guest_token(api, stay)
    login = {"email": "fuzz@par.test", "password": "correct horse battery"}
    TOKENS["staff"] = api.post("/api/v1/auth/staff/login", login, format="json").json()["token"]
    # The WSGI app runs in this thread, inside the test's transaction: keep Django from closing it.
    request_started.disconnect(close_old_connections)
    try:
        # Signing out would end the tokens the other cases use; sign-out has its own tests.
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application()).exclude(
            path="/api/v1/auth/logout"
        )
    finally:
        request_started.connect(close_old_connections)


def test_no_server_error_from_generated_requests(api_schema):
    failures, statuses = [], Counter()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_5xx(case):
            for role in ("guest", "staff"):
                response = case.call(headers={"Authorization": f"Bearer {TOKENS[role]}"})
                statuses[response.status_code] += 1
                assert response.status_code < 500, (
                    f"{case.method} {case.formatted_path} as {role} -> {response.status_code}: {response.text[:300]}"
                )

        try:
            no_5xx()
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    assert failures == []
    # The generated requests did reach the views: some were accepted, some refused as invalid.
    assert statuses[200] > 0 and statuses[400] > 0, statuses
