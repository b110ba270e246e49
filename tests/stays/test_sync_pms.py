"""PMS sync: bulk upsert against the real mock OPERA server, recorded runs, command, task, beat, admin."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stays.models import Guest, PmsSyncRun, Room, Stay
from stays.services.pms_sync import sync_hotel
from stays.tasks import sync_pms_all_hotels
from tests.e2e.mock_opera import running_mock_opera, use_opera

from .factories import HotelFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    return HotelFactory(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")


@pytest.fixture
def opera(paris):
    with running_mock_opera() as server:
        use_opera(paris, server.base_url)
        yield server


def test_first_sync_creates_stays_guests_and_rooms(paris, opera):
    run = sync_hotel(hotel=paris)
    assert (run.status, run.total, run.created, run.updated, run.unchanged) == ("succeeded", 4, 4, 0, 0)
    assert run.business_date == paris.local_today() and run.finished_at >= run.started_at
    stays = {s.confirmation_number: s for s in Stay.objects.filter(hotel=paris).select_related("guest", "room")}
    assert set(stays) == {"PAR1001", "PAR1002", "PAR1004", "PAR1005"}
    marco = stays["PAR1004"]
    assert (marco.status, marco.room.number, marco.pms_reservation_id) == ("checked_in", "201", "R1004")
    assert (marco.guest.first_name, marco.guest.last_name, marco.guest.pms_profile_id) == ("Marco", "Rossi", "PPAR1004")
    assert marco.guest.last_name_key == "rossi"
    assert stays["PAR1001"].guest.last_name_key == "dupre"  # folded, so lookups by "dupre" work
    assert marco.pms_synced_at is not None


def test_second_sync_updates_only_what_changed(paris, opera):
    sync_hotel(hotel=paris)
    again = sync_hotel(hotel=paris)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)

    opera.state.get("PAR", "R1004").room_id = "203"
    opera.state.profiles["PPAR1002"].email = "john@new.example"
    third = sync_hotel(hotel=paris)
    assert (third.created, third.updated, third.unchanged) == (0, 2, 2)
    marco = Stay.objects.select_related("room").get(confirmation_number="PAR1004")
    assert marco.room.number == "203"
    assert Guest.objects.get(pms_profile_id="PPAR1002").email == "john@new.example"
    assert Guest.objects.filter(hotel=paris).count() == 4  # guests matched, never duplicated


def test_invalid_reservations_are_skipped_not_fatal(paris, opera):
    broken = opera.state.get("PAR", "R1001")
    broken.departure = broken.arrival
    run = sync_hotel(hotel=paris)
    assert (run.status, run.skipped, run.created) == ("succeeded", 1, 3)
    assert not Stay.objects.filter(confirmation_number="PAR1001").exists()


def _sync_queries(hotel, extra):
    Stay.objects.filter(hotel=hotel).delete()
    Guest.objects.filter(hotel=hotel).delete()
    Room.objects.filter(hotel=hotel).delete()
    with running_mock_opera(extra_reservations=extra) as server:
        use_opera(hotel, server.base_url, page_size=1000)
        with CaptureQueriesContext(connection) as created:
            first = sync_hotel(hotel=hotel)
        for reservation in server.state.reservations.values():  # every stay changes at the PMS
            if reservation.status == "Reserved":
                reservation.adults = 2 if reservation.adults == 1 else 1
            else:
                reservation.room_id = f"{reservation.room_id}B"
        with CaptureQueriesContext(connection) as updated:
            second = sync_hotel(hotel=hotel)
    assert first.status == second.status == "succeeded"
    assert second.updated == first.created == first.total
    return first.total, len(created.captured_queries), len(updated.captured_queries)


def test_sync_query_count_does_not_grow_with_reservations(paris):
    few_total, few_create, few_update = _sync_queries(paris, 30)
    many_total, many_create, many_update = _sync_queries(paris, 300)
    assert many_total > few_total * 5
    assert many_create == few_create
    assert many_update == few_update
    assert many_create <= 20 and many_update <= 20


def test_pms_down_is_a_failed_run(paris):
    with running_mock_opera() as server:
        use_opera(paris, server.base_url)
    # the server is gone now
    run = sync_hotel(hotel=paris)
    assert run.status == "failed"
    assert run.error.startswith("pms_unavailable")
    assert run.finished_at is not None


def test_command_syncs_a_given_date(paris, opera, capsys):
    tomorrow = paris.local_today() + dt.timedelta(days=1)
    call_command("sync_pms", "--hotel", "par", "--date", tomorrow.isoformat())
    run = PmsSyncRun.objects.get()
    assert run.business_date == tomorrow
    assert Stay.objects.filter(confirmation_number="PAR1003").exists()  # arrives tomorrow
    assert "created" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args,message", [(["--hotel", "NOPE"], "No hotel"), (["--hotel", "PAR", "--date", "x"], "date")]
)
def test_command_refuses_bad_input(paris, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("sync_pms", *args)


def test_task_syncs_every_active_hotel(paris):
    # Hotels here use the environment default PMS (the local mock), so each run succeeds.
    HotelFactory(code="TYO", timezone="Asia/Tokyo")
    HotelFactory(code="OLD", is_active=False)
    sync_pms_all_hotels()
    runs = PmsSyncRun.objects.select_related("hotel")
    assert sorted(r.hotel.code for r in runs) == ["PAR", "TYO"]
    assert {r.status for r in runs} == {"succeeded"}


def test_beat_runs_the_sync_on_the_configured_interval():
    from mystay.celery import app

    entry = app.conf.beat_schedule["stays-sync-pms-all-hotels"]
    assert entry["task"] == "stays.sync_pms_all_hotels"
    assert entry["schedule"] == dt.timedelta(minutes=settings.PMS_SYNC_INTERVAL_MINUTES)
    assert "stays.sync_pms_all_hotels" in app.tasks


def test_admin_lists_runs_of_own_hotel_read_only(client, paris):
    other = HotelFactory(code="TYO", timezone="Asia/Tokyo")
    PmsSyncRun.objects.create(hotel=paris, business_date=dt.date(2026, 3, 1), status="succeeded", total=7)
    PmsSyncRun.objects.create(hotel=other, business_date=dt.date(2026, 3, 2), status="failed", error="x")
    client.force_login(StaffFactory(hotel=paris, role="manager", email="boss@par.test"))
    page = client.get("/admin/stays/pmssyncrun/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "March 1, 2026" in html or "2026-03-01" in html
    assert "March 2, 2026" not in html and "2026-03-02" not in html
    assert client.get("/admin/stays/pmssyncrun/add/").status_code == 403
    theirs = PmsSyncRun.objects.get(hotel=other)
    assert client.get(f"/admin/stays/pmssyncrun/{theirs.pk}/change/").status_code in (302, 403, 404)
