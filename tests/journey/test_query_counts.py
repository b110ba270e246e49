"""The journey's read endpoints run a fixed number of queries whatever the data: more stays, steps,
keys and payments in the hotel do not add queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keys.services import issue_key_for_stay
from stays.models import JourneySettings
from stays.services.checkin import record_card, register_guest
from tests.payments.conftest import make_payment
from tests.stays.factories import RoomFactory, StayFactory

from .conftest import bearer

ENDPOINTS = ["/api/v1/guest/checkin", "/api/v1/guest/key", "/api/v1/guest/checkout"]


def _busy_stay(hotel, number):
    stay = StayFactory(hotel=hotel, status="checked_in", room=RoomFactory(hotel=hotel, number=number))
    record_card(stay=stay, payment_method_id="pm_mock_visa")
    register_guest(stay=stay, accept_terms=True)
    issue_key_for_stay(stay=stay)
    make_payment(stay, amount="100.00", provider="mock", stripe_payment_intent_id=f"pi_{number}")
    return stay


def _counts(api, stay):
    bearer(api, stay)
    counts = {}
    for url in ENDPOINTS:
        api.get(url)  # warm caches (integrations record version, ...)
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(url)
        assert response.status_code == 200, (url, response.content)
        counts[url] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("require_id", [False, True])
def test_journey_reads_do_not_grow_with_the_data(api, open_hotel, require_id):
    JourneySettings.objects.filter(hotel=open_hotel).update(require_identity_document=require_id)
    stay = _busy_stay(open_hotel, "501")
    before = _counts(api, stay)
    for number in range(502, 512):
        _busy_stay(open_hotel, str(number))
    # more of this stay's own history too: a revoked key and another hold
    from keys.selectors import current_key
    from keys.services import revoke_key

    revoke_key(key=current_key(stay))
    issue_key_for_stay(stay=stay)
    make_payment(stay, amount="50.00", provider="mock", stripe_payment_intent_id="pi_501b")
    after = _counts(api, stay)
    assert after == before
    print("journey query counts", before)
    assert max(before.values()) <= 15, before
