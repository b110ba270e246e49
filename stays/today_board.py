"""The front desk's Today board: one hotel's arrivals, in-house guests and departures for the hotel's
own today, the counts on top, and a search by name, confirmation or room.

Reads only (a selector): a fixed number of queries whatever the number of stays, so the board stays
fast on a 500-room hotel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from .models import Hotel, Room, Stay
from .selectors import stays_with_relations

ACTIVE = ("confirmed", "checked_in")
READY = ("clean", "inspected")
SEARCH_LIMIT = 25


@dataclass
class Board:
    hotel: Hotel
    today: object
    arrivals: list[Stay] = field(default_factory=list)
    in_house: list[Stay] = field(default_factory=list)
    departures: list[Stay] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    rooms: dict = field(default_factory=dict)
    holds: dict = field(default_factory=dict)  # stay id -> list of live holds
    results: list[Stay] | None = None  # search results, when searching


def _live_holds(stay_ids):
    """Authorized card holds per stay (payments is optional for the board: no app, no column)."""
    try:
        from payments.selectors import live_holds_for_stays
    except ImportError:  # pragma: no cover - payments is installed in this project
        return {}
    holds: dict[int, list] = {}
    for hold in live_holds_for_stays(stay_ids):
        holds.setdefault(hold.stay_id, []).append(hold)
    return holds


def search_stays(hotel: Hotel, query: str) -> list[Stay]:
    query = (query or "").strip()
    if not query:
        return []
    from .text import fold_name, normalize_confirmation

    match = (
        Q(confirmation_number__startswith=normalize_confirmation(query))
        | Q(pms_reservation_id=query)
        | Q(room__number=query)
        | Q(guest__last_name_key__startswith=fold_name(query))
        | Q(guest__first_name__istartswith=query)
        | Q(guest__email__iexact=query)
    )
    today = hotel.local_today()
    qs = stays_with_relations().filter(hotel=hotel).filter(match)
    # The stays around today first (the guest at the desk), then the most recent.
    return sorted(qs.order_by("-arrival")[:SEARCH_LIMIT], key=lambda s: (abs((s.arrival - today).days), -s.pk))


def today_board(hotel: Hotel, *, query: str = "") -> Board:
    today = hotel.local_today()
    base = stays_with_relations().filter(hotel=hotel)
    board = Board(hotel=hotel, today=today)
    board.arrivals = list(
        base.filter(arrival=today).exclude(status__in=["cancelled", "no_show"]).order_by("status", "guest__last_name")
    )
    board.in_house = list(base.filter(status="checked_in").order_by("room__number", "guest__last_name"))
    board.departures = list(
        base.filter(departure=today, status__in=["checked_in", "checked_out"]).order_by("-status", "room__number")
    )
    arrived = sum(1 for s in board.arrivals if s.status == "checked_in")
    departed = sum(1 for s in board.departures if s.status == "checked_out")
    board.counts = {
        "arrivals": len(board.arrivals),
        "arrivals_pending": len(board.arrivals) - arrived,
        "arrived": arrived,
        "in_house": len(board.in_house),
        "departures": len(board.departures),
        "departures_pending": len(board.departures) - departed,
        "departed": departed,
        "online_checkin_done": sum(1 for s in board.arrivals if s.online_checkin_status == "completed"),
        "arrivals_without_room": sum(1 for s in board.arrivals if s.status == "confirmed" and not s.room_id),
    }
    by_status = dict(
        Room.objects.filter(hotel=hotel).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    board.rooms = {
        "total": sum(by_status.values()),
        "ready": by_status.get("clean", 0) + by_status.get("inspected", 0),
        "dirty": by_status.get("dirty", 0),
        "out_of_order": by_status.get("out_of_order", 0),
        "occupied": sum(1 for s in board.in_house if s.room_id),
    }
    board.holds = _live_holds([s.pk for s in board.departures + board.arrivals])
    if query:
        board.results = search_stays(hotel, query)
    return board


def room_is_ready(stay: Stay) -> bool:
    return bool(stay.room_id) and stay.room.status in READY
