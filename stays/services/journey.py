"""What check-in and check-out share: the hotel's journey settings, the check-in window, recorded
steps (written before the work, completed with its outcome) and a per-stay lock so that a guest
and the front desk (or a double tap) never run the same stay's journey at once."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from rest_framework import status

from integrations import realtime
from mystay.api.errors import ApiError
from stays.models import JourneySettings, JourneyStep, Stay

from .pms_sync import _lock_key

logger = logging.getLogger("mystay.stays.journey")

Step = JourneyStep.Step
StepStatus = JourneyStep.Status


class JourneyError(ApiError):
    """A rule of the journey refused the request before anything was done (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "journey_not_allowed"
    default_detail = "This step cannot be done for this stay now."


def journey_settings(hotel) -> JourneySettings:
    """The hotel's journey rules; an unsaved row with the defaults when the hotel has none."""
    cached = getattr(hotel, "_journey_settings_cache", None)
    if cached is None:
        cached = JourneySettings.objects.filter(hotel_id=hotel.pk).first() or JourneySettings(hotel_id=hotel.pk)
        hotel._journey_settings_cache = cached
    return cached


# -- the check-in window ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckinWindow:
    opens_at: dt.datetime  # online steps (ID, card, registration) from here
    checkin_from: dt.datetime  # completing check-in from here (the hotel's check-in time, or early)
    closes_at: dt.datetime  # the departure's check-out time

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def can_complete(self, now=None) -> bool:
        now = now or timezone.now()
        return self.checkin_from <= now < self.closes_at


def checkin_window(stay: Stay) -> CheckinWindow:
    hotel = stay.hotel
    rules = journey_settings(hotel)
    tz = hotel.tzinfo
    opens_day = stay.arrival - dt.timedelta(days=rules.checkin_opens_days_before)
    return CheckinWindow(
        opens_at=dt.datetime.combine(opens_day, dt.time(0, 0), tzinfo=tz),
        checkin_from=dt.datetime.combine(
            stay.arrival, dt.time(0, 0) if rules.early_checkin_allowed else hotel.check_in_time, tzinfo=tz
        ),
        closes_at=dt.datetime.combine(stay.departure, hotel.check_out_time, tzinfo=tz),
    )


def _local(moment: dt.datetime, stay: Stay) -> str:
    return moment.astimezone(stay.hotel.tzinfo).strftime("%Y-%m-%d %H:%M")


def check_steps_open(stay: Stay, *, in_house_too: bool = False) -> None:
    """Guests may do the online steps from the window's opening until departure, while confirmed
    (`in_house_too`: also once checked in, e.g. the card that pays the balance at check-out)."""
    if stay.status == Stay.Status.CHECKED_IN and in_house_too:
        return
    if stay.status != Stay.Status.CONFIRMED:
        if stay.status == Stay.Status.CHECKED_IN:
            raise JourneyError("You are already checked in.", code="already_checked_in")
        raise JourneyError("This stay can no longer be checked in.", code="checkin_not_allowed")
    window = checkin_window(stay)
    now = timezone.now()
    if now < window.opens_at:
        raise JourneyError(
            f"Online check-in opens on {_local(window.opens_at, stay)} (hotel time).", code="checkin_not_open"
        )
    if now >= window.closes_at:
        raise JourneyError("The stay's departure has passed.", code="checkin_closed")


def check_can_complete(stay: Stay, *, staff: bool) -> None:
    """Completing check-in: guests from the check-in time (or the whole arrival day with early
    check-in); the front desk from the arrival day (a guest at the desk early is the desk's call)."""
    window = checkin_window(stay)
    now = timezone.now()
    if now >= window.closes_at:
        raise JourneyError("The stay's departure has passed.", code="checkin_closed")
    earliest = dt.datetime.combine(stay.arrival, dt.time(0, 0), tzinfo=stay.hotel.tzinfo) if staff else None
    if now < (earliest or window.checkin_from):
        when = _local(earliest or window.checkin_from, stay)
        raise JourneyError(f"Check-in can be completed from {when} (hotel time).", code="checkin_too_early")


# -- recorded steps -----------------------------------------------------------------------------------
def channel_of(actor) -> str:
    return "staff" if actor is not None else "guest"


def steps_of(stay: Stay) -> dict[str, JourneyStep]:
    return {row.step: row for row in JourneyStep.objects.filter(stay=stay)}


def begin_step(stay: Stay, step: str, *, actor=None, detail: dict | None = None) -> JourneyStep:
    """Record that a step is being attempted (committed before any vendor call)."""
    with transaction.atomic():
        row, _ = JourneyStep.objects.select_for_update().get_or_create(stay=stay, step=step)
        row.status = StepStatus.PENDING
        row.attempts += 1
        row.channel = channel_of(actor)
        row.actor = actor
        row.error_code = row.error_message = ""
        row.detail = {**row.detail, **(detail or {})}
        row.completed_at = None
        row.save()
    return row


def finish_step(row: JourneyStep, *, status: str = StepStatus.DONE, detail: dict | None = None) -> JourneyStep:
    """Record the outcome; call inside the transaction of the change the step made."""
    row.status = status
    row.detail = {**row.detail, **(detail or {})}
    row.error_code = row.error_message = ""
    row.completed_at = timezone.now() if status in (StepStatus.DONE, StepStatus.SKIPPED) else None
    row.save()
    return row


def fail_step(row: JourneyStep, exc: ApiError | None = None, *, code: str = "", message: str = "", detail=None):
    """Record a failure; the step can be retried (the next attempt updates the same row)."""
    with transaction.atomic():
        row.status = StepStatus.FAILED
        row.error_code = (code or getattr(exc, "error_code", "") or "step_failed")[:64]
        row.error_message = (message or (str(exc.detail) if exc is not None else ""))[:300]
        row.detail = {**row.detail, **(detail or {})}
        row.save()
        announce_stay(row.stay)
    return row


@contextmanager
def step_failures(row: JourneyStep):
    """Record any error of the block (a vendor's or a rule's) as the step's failure, then re-raise."""
    try:
        yield
    except ApiError as exc:
        fail_step(row, exc)
        raise


def announce_stay(stay: Stay) -> None:
    realtime.publish(
        hotel_id=stay.hotel_id,
        type=realtime.STAY_UPDATED,
        stay_id=stay.pk,
        data={"status": stay.status, "online_checkin_status": stay.online_checkin_status},
    )


@contextmanager
def stay_journey_lock(stay: Stay):
    """One journey operation per stay at a time: a PostgreSQL session advisory lock (the vendor
    calls happen outside transactions), else a short cache lock. A second caller gets 409."""
    key = _lock_key("journey", stay.pk)
    kind = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            kind = "pg" if cursor.fetchone()[0] else ""
    else:
        try:
            kind = "cache" if cache.add(f"journey-lock:{stay.pk}", 1, timeout=120) else ""
        except Exception:  # no cache (demo): run unlocked rather than never
            kind = "none"
    if not kind:
        raise JourneyError(
            "Another check-in or check-out of this stay is in progress; try again in a moment.",
            code="journey_in_progress",
        )
    try:
        yield
    finally:
        try:
            if kind == "pg":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            elif kind == "cache":
                cache.delete(f"journey-lock:{stay.pk}")
        except Exception:
            logger.warning("Journey lock of stay %s not released cleanly", stay.pk)
