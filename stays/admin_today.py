"""The Today board on the admin's landing page, and its live updates.

The board is the admin index (unfold's DASHBOARD_CALLBACK fills the context, templates/admin/index.html
renders it). Live updates: the admin session is not a staff API token, so the board listens to a
small session-authenticated SSE stream, /admin/today/events, built on the same realtime events as
/api/v1/realtime/hotel (ids and types only); on any event it re-reads the board. Where the stream
is not available (WSGI server, proxy that buffers) the page falls back to a refresh every minute.
"""

from __future__ import annotations

from django.http import JsonResponse, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from integrations.realtime_stream import Subscription, event_stream, run_db
from mystay.api.errors import error_body

from .admin_extensions import StayButton
from .models import Hotel
from .today_board import room_is_ready, today_board

SESSION_HOTEL = "frontdesk_hotel_id"


def board_hotel(request) -> Hotel | None:
    """Staff: their hotel. Superusers: ?hotel=CODE, else the one they picked last, else the first."""
    user = request.user
    if not user.is_superuser:
        return user.hotel
    code = (request.GET.get("hotel") or "").strip().upper()
    hotel = Hotel.objects.filter(code=code).first() if code else None
    if hotel is None and request.session.get(SESSION_HOTEL):
        hotel = Hotel.objects.filter(pk=request.session[SESSION_HOTEL]).first()
    if hotel is None:
        hotel = Hotel.objects.filter(is_active=True).order_by("code").first()
    if hotel is not None:
        request.session[SESSION_HOTEL] = hotel.pk
    return hotel


def _journey_state():
    # journey_state belongs to the journey work (stays.selectors); the board works without it.
    from . import selectors

    return getattr(selectors, "journey_state", None)


def quick_actions(stay, today, can_change: bool) -> list[StayButton]:
    """The row's one obvious next step (check in an arrival, check out a departure), linking to the
    journey's pages. Built here rather than from every registered button provider, so the board
    costs the same few queries for 5 or 500 rows; the stay page shows all of them."""
    if not can_change:
        return []
    try:
        if stay.status == "confirmed" and stay.arrival <= today:
            return [StayButton("Check in…", reverse("journey_checkin", args=[stay.pk]), style="primary")]
        if stay.status == "checked_in" and stay.departure <= today:
            return [StayButton("Check out…", reverse("journey_checkout", args=[stay.pk]))]
    except NoReverseMatch:  # without the journey's admin pages there is nothing to link to
        return []
    return []


def _decorate(request, board) -> None:
    from payments.money import format_money

    journey_state = _journey_state()
    can_change = request.user.has_perm("stays.change_stay")
    departures = {s.pk for s in board.departures}
    seen = set()
    for stay in [*board.arrivals, *board.in_house, *board.departures, *(board.results or [])]:
        if id(stay) in seen:
            continue
        seen.add(id(stay))
        stay.fd_room_ready = room_is_ready(stay)
        stay.fd_holds = board.holds.get(stay.pk, [])
        for hold in stay.fd_holds:
            hold.fd_amount = format_money(hold.amount_authorized or hold.amount, hold.currency)
        stay.fd_buttons = quick_actions(stay, board.today, can_change)
        stay.fd_balance = None
        if journey_state is not None and stay.pk in departures:
            try:
                stay.fd_balance = journey_state(stay).get("balance")
            except Exception:  # noqa: BLE001 - one stay's missing data must not take the board down
                stay.fd_balance = None


def dashboard_callback(request, context):
    hotel = board_hotel(request)
    context["hotels"] = list(Hotel.objects.order_by("code")) if request.user.is_superuser else []
    context["query"] = (request.GET.get("q") or "").strip()
    if hotel is None:
        context["board"] = None
        return context
    board = today_board(hotel, query=context["query"])
    _decorate(request, board)
    context.update(
        board=board,
        hotel_now=timezone.now().astimezone(hotel.tzinfo),
        events_url=reverse("admin-today-events") + (f"?hotel={hotel.code}" if request.user.is_superuser else ""),
        title=f"Today — {hotel.name}",
    )
    return context


def _subscription_for(user, code: str):
    if not user.is_superuser:
        return Subscription(hotel_id=user.hotel_id) if user.hotel_id else None
    hotel = Hotel.objects.filter(code=(code or "").strip().upper()).first()
    return Subscription(hotel_id=hotel.pk) if hotel else None


@require_GET
async def today_events(request):
    """SSE stream of the signed-in staff member's hotel (superusers: ?hotel=CODE) for the board."""
    user = await request.auser()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return JsonResponse(error_body("not_authenticated", "Sign in to the admin first."), status=401)
    subscription = await run_db(_subscription_for, user, request.GET.get("hotel", ""))
    if subscription is None:
        return JsonResponse(error_body("hotel_required", "Say which hotel with ?hotel=CODE."), status=400)
    last = request.headers.get("Last-Event-ID")
    response = StreamingHttpResponse(
        event_stream(subscription, int(last) if last and last.isdigit() else None), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
