"""Slot arithmetic: opening hours, durations, buffers, no double booking, DST days in local time."""

import datetime as dt
from zoneinfo import ZoneInfo

from spa.scheduling import Busy, Hours, free_slots, is_bookable

PARIS = ZoneInfo("Europe/Paris")
HOURS = Hours(open=dt.time(9), close=dt.time(12), step_minutes=30, buffer_minutes=15)
LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def starts(day, busy=(), duration=60, people=("a",)):
    slots = free_slots(
        start_date=day, end_date=day, tz=PARIS, hours=HOURS, duration=duration, practitioners=people,
        busy=busy, not_before=LONG_AGO,
    )  # fmt: skip
    return [(s.strftime("%H:%M"), pid) for s, _, pid in slots]


def test_hours_and_duration():
    day = dt.date(2026, 6, 1)
    assert starts(day) == [(t, "a") for t in ("09:00", "09:30", "10:00", "10:30", "11:00")]
    assert starts(day, duration=90)[-1] == ("10:30", "a")


def test_buffer_and_no_double_booking():
    day = dt.date(2026, 6, 1)
    busy = [Busy("a", at(day, 10), at(day, 11, 15))]  # 10:00-11:00 plus its 15-minute buffer
    # 09:00 would end 10:00 + buffer 10:15 > 10:00: blocked; 11:00 starts inside the buffer: blocked.
    assert starts(day, busy) == []  # 11:30 + 60 min passes closing at 12:00
    assert starts(day, busy, duration=30) == [("09:00", "a"), ("11:30", "a")]
    assert ("09:00", "b") in starts(day, busy, people=("a", "b"))
    assert not is_bookable(at(day, 10, 30), tz=PARIS, hours=HOURS, duration=30, busy=busy, not_before=LONG_AGO)
    assert not is_bookable(at(day, 9, 10), tz=PARIS, hours=HOURS, duration=30, busy=[], not_before=LONG_AGO)


def test_dst_days_keep_local_opening_hours():
    spring, autumn = dt.date(2026, 3, 29), dt.date(2026, 10, 25)
    for day, offset in ((spring, 2), (autumn, 1)):
        slots = free_slots(
            start_date=day, end_date=day, tz=PARIS, hours=HOURS, duration=60, practitioners=["a"], busy=[],
            not_before=LONG_AGO,
        )  # fmt: skip
        first = slots[0][0]
        assert first.strftime("%H:%M") == "09:00" and first.utcoffset() == dt.timedelta(hours=offset)
