"""End to end: the real mock OPERA server over HTTP, the `opera` provider, lookup and sync_pms.

The hotel is pointed at the mock with `HotelIntegrations.set_provider`, as the admin and
`set_integration` do; then the server is stopped to check the fallbacks (stale copy, 503).
"""

import time

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from integrations.manager import get_integration_manager
from stays.models import PmsSyncRun, Stay
from stays.services.demo import seed_demo
from stays.services.pms_refresh import forget_refresh

from .mock_opera import running_mock_opera, use_opera

pytestmark = pytest.mark.django_db


def lookup(api, confirmation, last_name, **extra):
    return api.get("/api/v1/stays/lookup", {"confirmation": confirmation, "last_name": last_name, **extra})


@pytest.fixture
def opera():
    with running_mock_opera() as server:
        yield server


@pytest.fixture
def paris():
    return next(h for h in seed_demo().hotels if h.code == "PAR")


def test_lookup_sync_and_outage_through_the_mock_opera(api, paris, opera):
    server = opera
    use_opera(paris, server.base_url)
    assert get_integration_manager(paris).health_check()["pms"] is True

    # The PMS moved the guest to another room: the lookup brings the change in.
    server.state.get("PAR", "R1004").room_id = "203"
    response = lookup(api, "PAR1004", "Rossi")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stale"] is False
    assert body["stay"]["room_number"] == "203"
    assert body["stay"]["status"] == "checked_in"

    # A reservation only the PMS knows is found with the hotel code, and copied locally.
    Stay.objects.filter(confirmation_number="PAR1002").delete()
    assert lookup(api, "PAR1002", "Smith").status_code == 404  # no hotel code: nothing to ask
    imported = lookup(api, "PAR1002", "smith", hotel="PAR")
    assert imported.status_code == 200, imported.content
    assert imported.json()["stay"]["guest_name"] == "John Smith"
    assert Stay.objects.filter(hotel=paris, confirmation_number="PAR1002").exists()

    # sync_pms imports the day's arrivals, in-house guests and departures.
    Stay.objects.filter(confirmation_number="PAR1001").delete()
    call_command("sync_pms", "--hotel", "PAR")
    run = PmsSyncRun.objects.get(hotel=paris)
    assert run.status == "succeeded"
    assert run.total == 4  # PAR1001, PAR1002 arrive today; PAR1004 in house; PAR1005 leaves today
    assert run.created == 1  # PAR1001 was deleted above
    stay = Stay.objects.select_related("guest", "room").get(hotel=paris, confirmation_number="PAR1001")
    assert (stay.guest.last_name, stay.status, stay.pms_reservation_id) == ("Dupré", "confirmed", "R1001")

    # The PMS goes away: the local copy answers, marked stale, quickly; never a 500 or a hang.
    server.stop()
    cache.clear()  # forget the "recently refreshed" markers so the lookup asks the PMS
    started = time.monotonic()
    stale = lookup(api, "PAR1004", "Rossi")
    assert stale.status_code == 200, stale.content
    assert stale.json()["stale"] is True
    assert stale.json()["stay"]["room_number"] == "203"
    # ... and a reservation we never saw answers 503 pms_unavailable.
    Stay.objects.filter(confirmation_number="PAR1003").delete()
    unknown = lookup(api, "PAR1003", "Léger", hotel="PAR")
    assert unknown.status_code == 503
    assert unknown.json()["code"] == "pms_unavailable"
    assert time.monotonic() - started < 4
    # A sync while the PMS is down is recorded as failed.
    with pytest.raises(CommandError, match="pms_unavailable"):
        call_command("sync_pms", "--hotel", "PAR")
    failed = PmsSyncRun.objects.filter(hotel=paris).first()
    assert failed.status == "failed" and failed.error.startswith("pms_unavailable")
    assert get_integration_manager(paris).health_check()["pms"] is False


def test_repeated_lookups_cost_one_pms_round_trip(api, paris, opera):
    server = opera
    use_opera(paris, server.base_url)
    assert lookup(api, "PAR1001", "Dupré").status_code == 200
    after_first = server.state.data_requests
    for _ in range(3):
        assert lookup(api, "PAR1001", "Dupre").status_code == 200
    assert server.state.data_requests == after_first == 1
    assert server.state.token_requests == 1


def test_wrong_name_through_the_pms_looks_like_unknown(api, paris, opera):
    server = opera
    use_opera(paris, server.base_url)
    Stay.objects.filter(confirmation_number="PAR1002").delete()
    wrong = lookup(api, "PAR1002", "Jones", hotel="PAR")
    unknown = lookup(api, "PAR9999", "Smith", hotel="PAR")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert not Stay.objects.filter(confirmation_number="PAR1002").exists()


def test_expired_token_is_replaced_transparently(api, paris, opera):
    server = opera
    use_opera(paris, server.base_url)
    assert lookup(api, "PAR1001", "Dupré").status_code == 200
    server.state.expire_tokens()  # the PMS forgets our token (expiry, rotation)
    # Our cached token is kept, so the mock answers 401 to it and the provider must fetch a new one.
    forget_refresh(Stay.objects.get(confirmation_number="PAR1001"))
    response = lookup(api, "PAR1001", "Dupré")
    assert response.status_code == 200
    assert response.json()["stale"] is False
    assert server.state.token_requests == 2


def test_mock_opera_supports_the_guest_journey_operations(paris, opera):
    server = opera
    use_opera(paris, server.base_url)
    pms = get_integration_manager(paris).get_pms()

    folio = pms.get_folio("R1004")
    assert folio.currency == "EUR" and folio.total_charges > 0 and folio.lines

    profile = pms.update_guest_profile("PPAR1001", {"email": "helene@new.example", "phone": "+33 7 99"})
    assert profile["email"] == "helene@new.example"
    stored = server.state.profiles["PPAR1001"]
    assert (stored.email, stored.phone, stored.added_emails, stored.added_phones) == (
        "helene@new.example",
        "+33 7 99",
        [],
        [],
    )  # updated in place by id: no duplicate entries
    assert pms.get_reservation("PAR1001").guest_email == "helene@new.example"

    checked_in = pms.check_in("R1001", room_number="102")
    assert (checked_in.status, checked_in.room_number) == ("checked_in", "102")
    server.state.post_payment(server.state.get("PAR", "R1004"))  # settled at OPERA: check-out may go
    checked_out = pms.check_out("R1004")
    assert checked_out.status == "checked_out"
    assert pms.get_folio("R1004").balance == 0

    arrivals = {r.confirmation_number for r in pms.list_arrivals(paris.local_today())}
    assert arrivals == {"PAR1001", "PAR1002"}
