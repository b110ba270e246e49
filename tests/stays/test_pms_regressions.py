"""Regression tests for the PMS review findings (sync, refresh, lookup import, interactive budget)."""

import dataclasses
import datetime as dt
import logging
import socket
import threading
import time
from unittest import mock

import psycopg
import pytest
import responses
from django.conf import settings as django_settings
from django.db import IntegrityError, connection
from django.utils import timezone

from integrations.crypto import DecryptionError
from integrations.exceptions import ProviderBadResponse, ProviderUnavailable
from integrations.http import HttpClient
from integrations.manager import IntegrationManager, get_integration_manager
from integrations.models import HotelIntegrations
from integrations.registry import Capability, get_spec
from stays.models import Guest, Hotel, PmsSyncRun, Stay
from stays.providers.base import Reservation
from stays.providers.cloudbeds import CloudbedsPms
from stays.providers.mews import MewsPms
from stays.services import pms_refresh, pms_sync
from tests.e2e.mock_opera import opera_config

from .factories import GuestFactory, HotelFactory, StayFactory

pytestmark = pytest.mark.django_db


def res(conf, rid, gid, status="confirmed", arrival=None, last="Dupre", **extra):
    arrival = arrival or timezone.localdate()
    return Reservation(
        id=rid,
        confirmation_number=conf,
        guest_name="H " + last,
        guest_email="x@example.com",
        check_in_date=arrival,
        check_out_date=arrival + dt.timedelta(days=2),
        room_type="K",
        room_number=None,
        status=status,
        number_of_guests=1,
        guest_first_name="H",
        guest_last_name=last,
        guest_id=gid,
        **extra,
    )


def day_use(reservation):
    return dataclasses.replace(reservation, check_out_date=reservation.check_in_date)


def lookup(api, confirmation, last_name, **extra):
    return api.get("/api/v1/stays/lookup", {"confirmation": confirmation, "last_name": last_name, **extra})


# -- 1. one PMS profile id, one guest ------------------------------------------------------------


def test_two_local_guests_without_profile_id_never_both_get_it():
    hotel = HotelFactory(code="RVA")
    s1 = StayFactory(hotel=hotel, confirmation_number="A1", pms_reservation_id="")
    s2 = StayFactory(hotel=hotel, confirmation_number="A2", pms_reservation_id="")
    counts = pms_sync.upsert_reservations(hotel, [res("A1", "R1", "P1"), res("A2", "R2", "P1")])
    assert (counts.updated, counts.skipped) == (2, 0)
    assert Guest.objects.filter(hotel=hotel, pms_profile_id="P1").count() == 1
    s1.guest.refresh_from_db()
    s2.guest.refresh_from_db()
    assert {s1.guest.pms_profile_id, s2.guest.pms_profile_id} == {"P1", ""}
    # ... and the next sync still works.
    assert pms_sync.upsert_reservations(hotel, [res("A1", "R1", "P1"), res("A2", "R2", "P1")]).skipped == 0


def test_new_stay_reuses_the_guest_that_just_took_the_profile_id():
    hotel = HotelFactory(code="RVB")
    b1 = StayFactory(hotel=hotel, confirmation_number="B1", pms_reservation_id="")
    pms_sync.upsert_reservations(hotel, [res("B1", "R1", "P9"), res("B2", "R2", "P9")])
    b2 = Stay.objects.get(hotel=hotel, confirmation_number="B2")
    assert b2.guest_id == b1.guest_id
    assert Guest.objects.get(hotel=hotel, pms_profile_id="P9").pk == b1.guest_id


# -- 2. refresh never takes another guest's profile id --------------------------------------------


def test_refresh_skips_a_profile_id_held_by_another_guest():
    hotel = HotelFactory(code="RVC")
    other = GuestFactory(hotel=hotel, pms_profile_id="P5")
    stay = StayFactory(hotel=hotel, confirmation_number="C1")
    pms_refresh.apply_reservation(stay, res("C1", stay.pms_reservation_id, "P5", last="Newname"))
    stay.guest.refresh_from_db()
    assert stay.guest.pms_profile_id == ""
    assert stay.guest.last_name == "Newname"  # the rest is still applied
    assert Guest.objects.get(pms_profile_id="P5") == other


def test_refresh_takes_a_free_profile_id():
    stay = StayFactory(hotel=HotelFactory(code="RVC2"), confirmation_number="C2")
    pms_refresh.apply_reservation(stay, res("C2", stay.pms_reservation_id, "P6"))
    stay.guest.refresh_from_db()
    assert stay.guest.pms_profile_id == "P6"


# -- 3. invalid (day-use) PMS answers -------------------------------------------------------------


def test_import_of_a_day_use_returns_none():
    hotel = HotelFactory(code="RVF")
    assert pms_refresh.import_reservation(hotel, day_use(res("F1", "RF1", "PF"))) is None
    assert not Stay.objects.filter(hotel=hotel).exists()


def test_lookup_of_a_day_use_is_not_found_not_500(api):
    HotelFactory(code="RVG")
    reservation = day_use(res("G1", "RG1", "PG", last="Dupre"))
    with mock.patch("stays.services.pms_refresh.fetch_reservation", return_value=reservation):
        response = lookup(api, "G1", "Dupre", hotel="RVG")
    assert response.status_code == 404
    assert response.json()["code"] == "stay_not_found"


def test_import_matching_a_stay_by_pms_id_returns_that_stay():
    hotel = HotelFactory(code="RVI")
    existing = StayFactory(hotel=hotel, confirmation_number="I-OLD", pms_reservation_id="RI1")
    stay = pms_refresh.import_reservation(hotel, res("I1", "RI1", ""))
    assert stay is not None and stay.pk == existing.pk


def test_refresh_with_a_day_use_keeps_the_local_copy():
    stay = StayFactory(hotel=HotelFactory(code="RVH"), confirmation_number="H1")
    departure = stay.departure
    pms_refresh.apply_reservation(stay, day_use(res("H1", stay.pms_reservation_id, "")))
    stay.refresh_from_db()
    assert stay.departure == departure


# -- 4. stale PMS answers -------------------------------------------------------------------------


def test_sync_never_moves_status_backwards():
    hotel = HotelFactory(code="RVD")
    out = StayFactory(hotel=hotel, confirmation_number="D1", status="checked_out")
    inside = StayFactory(hotel=hotel, confirmation_number="D2", status="checked_in")
    cancelled = StayFactory(hotel=hotel, confirmation_number="D3", status="checked_in")
    pms_sync.upsert_reservations(
        hotel,
        [
            res("D1", out.pms_reservation_id, "", status="confirmed"),
            res("D2", inside.pms_reservation_id, "", status="confirmed"),
            res("D3", cancelled.pms_reservation_id, "", status="cancelled"),
        ],
    )
    statuses = dict(Stay.objects.filter(hotel=hotel).values_list("confirmation_number", "status"))
    assert statuses == {"D1": "checked_out", "D2": "checked_in", "D3": "cancelled"}


def test_a_newer_pms_timestamp_may_move_status_back():
    hotel = HotelFactory(code="RVD2")
    stay = StayFactory(hotel=hotel, confirmation_number="D4", status="checked_in")
    later = timezone.now() + dt.timedelta(minutes=1)
    pms_sync.upsert_reservations(hotel, [res("D4", stay.pms_reservation_id, "", updated_at=later)])
    stay.refresh_from_db()
    assert stay.status == "confirmed"


def test_refresh_never_moves_status_backwards():
    stay = StayFactory(hotel=HotelFactory(code="RVD3"), confirmation_number="D5", status="checked_out")
    pms_refresh.apply_reservation(stay, res("D5", stay.pms_reservation_id, "", status="checked_in"))
    stay.refresh_from_db()
    assert stay.status == "checked_out"


def test_sync_keeps_stays_changed_during_the_fetch():
    hotel = HotelFactory(code="RVJ")
    stay = StayFactory(hotel=hotel, confirmation_number="J1", adults=1)
    answer = res("J1", stay.pms_reservation_id, "")

    def slow_fetch(pms, day):
        # A check-in at the desk while the PMS answer (made before it) is on its way.
        Stay.objects.filter(pk=stay.pk).update(status="checked_in", adults=3, updated_at=timezone.now())
        return [answer]

    with mock.patch.object(pms_sync, "fetch_day", slow_fetch):
        run = pms_sync.sync_hotel(hotel=hotel)
    stay.refresh_from_db()
    assert (run.status, run.skipped, stay.status, stay.adults) == ("succeeded", 1, "checked_in", 3)


def test_refresh_keeps_a_stay_changed_during_the_fetch():
    stay = StayFactory(hotel=HotelFactory(code="RVK"), confirmation_number="K1", adults=1)
    fetched_at = timezone.now()
    Stay.objects.filter(pk=stay.pk).update(adults=3, updated_at=fetched_at + dt.timedelta(seconds=1))
    reservation = dataclasses.replace(res("K1", stay.pms_reservation_id, ""), adults=2)
    stay = pms_refresh.apply_reservation(stay, reservation, fetched_at=fetched_at)
    assert stay.adults == 3
    stay.refresh_from_db()
    assert stay.adults == 3


# -- 5. one PMS reservation, two local stays ------------------------------------------------------


def test_reservation_matching_two_local_stays_is_skipped(caplog):
    hotel = HotelFactory(code="RVE")
    e1 = StayFactory(hotel=hotel, confirmation_number="E1", pms_reservation_id="OLD")
    StayFactory(hotel=hotel, confirmation_number="E2", pms_reservation_id="R1")
    with caplog.at_level(logging.WARNING, logger="mystay.stays.sync"):
        counts = pms_sync.upsert_reservations(hotel, [res("E1", "R1", "", last="Secretname")])
    assert (counts.skipped, counts.updated, counts.created) == (1, 0, 0)
    e1.refresh_from_db()
    assert e1.pms_reservation_id == "OLD"
    assert "two local stays" in caplog.text and "Secretname" not in caplog.text and "E1" not in caplog.text


def test_conflicting_row_is_counted_on_the_run():
    hotel = HotelFactory(code="RVE2")
    StayFactory(hotel=hotel, confirmation_number="E3", pms_reservation_id="OLD")
    StayFactory(hotel=hotel, confirmation_number="E4", pms_reservation_id="R3")
    with mock.patch.object(pms_sync, "fetch_day", return_value=[res("E3", "R3", ""), res("E5", "R5", "")]):
        run = pms_sync.sync_hotel(hotel=hotel)
    assert (run.status, run.skipped, run.created) == ("succeeded", 1, 1)


# -- 6. concurrent syncs and imports --------------------------------------------------------------


def _other_connection():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**{k: v for k, v in params.items() if k in {"host", "port", "user", "password", "dbname"}})


def test_a_second_sync_of_the_same_hotel_is_skipped_and_recorded():
    hotel = HotelFactory(code="RVL")
    key = pms_sync._lock_key("pms-sync", hotel.pk)
    with _other_connection() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [key])
        with mock.patch.object(pms_sync, "fetch_day") as fetch:
            run = pms_sync.sync_hotel(hotel=hotel)
        fetch.assert_not_called()
        # Released explicitly: closing the connection frees it only once the server has ended that
        # backend, which on a loaded machine can come after the next sync's attempt (a flaky CI run).
        other.execute("SELECT pg_advisory_unlock(%s)", [key])
    assert run.status == "failed" and run.error.startswith("skipped")
    assert PmsSyncRun.objects.filter(hotel=hotel, pk=run.pk).exists()
    # Lock released: the next one runs.
    with mock.patch.object(pms_sync, "fetch_day", return_value=[]):
        assert pms_sync.sync_hotel(hotel=hotel).status == "succeeded"


def test_a_run_left_running_by_a_killed_worker_is_marked_interrupted():
    hotel = HotelFactory(code="RVM")
    old = timezone.now() - dt.timedelta(minutes=2 * django_settings.PMS_SYNC_INTERVAL_MINUTES + 1)
    dead = PmsSyncRun.objects.create(hotel=hotel, business_date=timezone.localdate(), started_at=old)
    recent = PmsSyncRun.objects.create(hotel=hotel, business_date=timezone.localdate())
    with mock.patch.object(pms_sync, "fetch_day", return_value=[]):
        pms_sync.sync_hotel(hotel=hotel)
    dead.refresh_from_db()
    recent.refresh_from_db()
    assert (dead.status, dead.error) == ("failed", "interrupted") and dead.finished_at is not None
    assert recent.status == "running"


def test_import_racing_a_sync_does_not_fail():
    hotel = HotelFactory(code="RVN")
    real = pms_sync.upsert_reservations
    calls = []

    def racing(hotel_, reservations, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # the sync stored the same stay between our read and our insert
            real(hotel_, reservations)
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(hotel_, reservations, **kwargs)

    with mock.patch.object(pms_sync, "upsert_reservations", racing):
        stay = pms_refresh.import_reservation(hotel, res("N1", "RN1", "PN"))
    assert stay is not None and stay.confirmation_number == "N1"
    assert Stay.objects.filter(hotel=hotel).count() == 1


# -- 7. interactive lookup budget -----------------------------------------------------------------


class SilentServer:
    """Accepts connections and never answers (a hung PMS); counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.accepted = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(conn)

    def close(self):
        self.stopped.set()
        self.thread.join(2)
        for conn in self.accepted:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_pms():
    server = SilentServer()
    yield server
    server.close()


def _use_hung_opera(hotel, base_url):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    # The sync timeouts: 10 s reads with retries. The lookup must not wait for them.
    record.set_provider("pms", "opera", {**opera_config(base_url), "connect_timeout": 1.0, "read_timeout": 10.0})
    record.save()


def test_lookup_with_a_hung_pms_answers_stale_within_the_budget(api, settings, silent_pms):
    settings.PMS_LOOKUP_TIMEOUT_SECONDS = 1
    hotel = HotelFactory(code="RVO")
    StayFactory(hotel=hotel, confirmation_number="O1", guest__last_name="Dupre")
    _use_hung_opera(hotel, silent_pms.base_url)
    started = time.monotonic()
    response = lookup(api, "O1", "Dupre")
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content
    assert response.json()["stale"] is True
    assert elapsed < 2.5
    assert len(silent_pms.accepted) <= 2  # the token call, no retry (and no data call past the budget)


def test_lookup_of_an_unknown_stay_with_a_hung_pms_is_503_within_the_budget(api, settings, silent_pms):
    settings.PMS_LOOKUP_TIMEOUT_SECONDS = 1
    hotel = HotelFactory(code="RVP")
    _use_hung_opera(hotel, silent_pms.base_url)
    started = time.monotonic()
    response = lookup(api, "P1", "Dupre", hotel="RVP")
    assert time.monotonic() - started < 2.5
    assert response.status_code == 503
    assert response.json()["code"] == "pms_unavailable"
    assert len(silent_pms.accepted) <= 2


@responses.activate
def test_http_client_retries_override_per_call():
    responses.add(responses.GET, "https://pms.example/x", status=503)
    client = HttpClient(capability="pms", provider="t", base_url="https://pms.example", max_retries=2, backoff=0)
    with pytest.raises(ProviderUnavailable):
        client.get("/x", retries=0)
    assert len(responses.calls) == 1
    with pytest.raises(ProviderUnavailable):
        client.get("/x")  # the client's own retries still apply (sync)
    assert len(responses.calls) == 4


# -- suspected: hotel without a PMS, Mews 404, Cloudbeds refusals, undecryptable config -----------


def test_hotel_without_pms_answers_fresh_without_warning(api, settings, caplog):
    settings.PMS_PROVIDER = ""
    hotel = HotelFactory(code="RVQ")
    StayFactory(hotel=hotel, confirmation_number="Q1", guest__last_name="Dupre")
    assert not get_integration_manager(hotel).is_configured("pms")
    with caplog.at_level(logging.WARNING):
        response = lookup(api, "Q1", "Dupre")
    assert response.status_code == 200
    assert response.json()["stale"] is False
    assert "answered from the local copy" not in caplog.text
    # ... and an unknown confirmation there is simply not found (no PMS to ask).
    assert lookup(api, "Q2", "Dupre", hotel="RVQ").status_code == 404


@responses.activate
def test_mews_endpoint_404_is_unavailable_not_not_found():
    hotel = Hotel(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")
    config = {"client_token": "ct", "access_token": "at", "base_url": "https://wrong.example"}
    pms = MewsPms(hotel=hotel, config=get_spec(Capability.PMS, "mews").validate(config))
    responses.add(responses.POST, "https://wrong.example/api/connector/v1/reservations/getAll/2023-06-06", status=404)
    with pytest.raises(ProviderUnavailable):
        pms.get_reservation("52")


@responses.activate
def test_cloudbeds_only_a_not_found_refusal_is_not_found():
    hotel = Hotel(code="PAR", name="Paris", timezone="Europe/Paris", currency="EUR")
    config = {"api_key": "k", "property_id": "173"}
    pms = CloudbedsPms(hotel=hotel, config=get_spec(Capability.PMS, "cloudbeds").validate(config))
    url = "https://api.cloudbeds.com/api/v1.3/getReservation"
    responses.add(responses.GET, url, json={"success": False, "message": "Reservation not found"})
    responses.add(responses.GET, url, json={"success": False, "message": "You don't have access to property 173"})
    assert pms.get_reservation("X1") is None
    with pytest.raises(ProviderBadResponse):
        pms.get_reservation("X1")


def test_undecryptable_pms_config_is_pms_unavailable(api):
    hotel = HotelFactory(code="RVS")
    StayFactory(hotel=hotel, confirmation_number="S1", guest__last_name="Dupre")
    with mock.patch.object(IntegrationManager, "choice", side_effect=DecryptionError("retired key")):
        stale = lookup(api, "S1", "Dupre")
        unknown = lookup(api, "S2", "Dupre", hotel="RVS")
    assert stale.status_code == 200 and stale.json()["stale"] is True
    assert unknown.status_code == 503 and unknown.json()["code"] == "pms_unavailable"


def test_integrations_record_survives_a_cache_outage():
    hotel = HotelFactory(code="RVT")
    HotelIntegrations.objects.get_or_create(hotel=hotel)
    manager = IntegrationManager(hotel)
    with mock.patch("django.core.cache.cache.get", side_effect=ConnectionError("redis down")):
        assert manager.record() is not None
        assert manager.is_configured("pms") in (True, False)
