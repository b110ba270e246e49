"""Slot arithmetic shared by the embedded `mock` spa and the mock SpaBooker server.

A practitioner can take a treatment starting at `s` when [s, s + duration) lies inside the opening
hours of that local day and [s, s + duration + buffer) overlaps none of their bookings (each booking
also blocks its own buffer after it: the room is turned over). Starts fall on a fixed step from
opening time. Everything is computed in the hotel's time zone, so a DST change moves no treatment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Busy:
    practitioner_id: str
    start: dt.datetime
    end: dt.datetime  # including the buffer that follows the treatment


@dataclass(frozen=True)
class Hours:
    open: dt.time = dt.time(9, 0)
    close: dt.time = dt.time(20, 0)
    step_minutes: int = 30
    buffer_minutes: int = 15


def days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def candidate_starts(
    day: dt.date, *, tz: ZoneInfo, hours: Hours, duration: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every start on the step grid of `day` that ends by closing time."""
    opens = dt.datetime.combine(day, hours.open, tzinfo=tz)
    closes = dt.datetime.combine(day, hours.close, tzinfo=tz)
    step = dt.timedelta(minutes=max(5, hours.step_minutes))
    length = dt.timedelta(minutes=duration)
    out = []
    start = opens
    while start + length <= closes:
        out.append((start, start + length))
        start += step
    return out


def overlaps(start: dt.datetime, end: dt.datetime, busy: Iterable[Busy]) -> bool:
    return any(start < b.end and b.start < end for b in busy)


def is_bookable(
    start: dt.datetime, *, tz: ZoneInfo, hours: Hours, duration: int, busy: Iterable[Busy], not_before: dt.datetime
) -> bool:
    """Whether one practitioner with these `busy` intervals can take the treatment at `start`."""
    local = start.astimezone(tz)
    on_grid = any(s == local for s, _ in candidate_starts(local.date(), tz=tz, hours=hours, duration=duration))
    blocked_until = local + dt.timedelta(minutes=duration + hours.buffer_minutes)
    return on_grid and local >= not_before and not overlaps(local, blocked_until, busy)


def free_slots(
    *,
    start_date: dt.date,
    end_date: dt.date,
    tz: ZoneInfo,
    hours: Hours,
    duration: int,
    practitioners: Iterable[str],
    busy: Iterable[Busy],
    not_before: dt.datetime,
) -> list[tuple[dt.datetime, dt.datetime, str]]:
    """(start, end, practitioner_id) of every free slot, ordered by start then practitioner."""
    by_practitioner: dict[str, list[Busy]] = {}
    for b in busy:
        by_practitioner.setdefault(b.practitioner_id, []).append(b)
    buffer = dt.timedelta(minutes=hours.buffer_minutes)
    slots = []
    for day in days(start_date, end_date):
        for start, end in candidate_starts(day, tz=tz, hours=hours, duration=duration):
            if start < not_before:
                continue
            for pid in practitioners:
                if not overlaps(start, end + buffer, by_practitioner.get(pid, ())):
                    slots.append((start, end, pid))
    slots.sort(key=lambda s: (s[0], s[2]))
    return slots
