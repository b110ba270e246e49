"""Server-sent-event streams. Async views: an open stream holds no worker thread.

GET /api/v1/realtime/stay   (guest token)  — events of the guest's own stay
GET /api/v1/realtime/hotel  (staff token)  — events of the staff member's hotel and departments

Browsers' EventSource cannot send headers, so the token may also come as `?access_token=`.
"""

from __future__ import annotations

from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from integrations.realtime_stream import Subscription, event_stream, run_db
from mystay.api.errors import error_body

# Managers and hotel admins follow every department; other staff only theirs.
ALL_DEPARTMENT_ROLES = {"manager", "hotel_admin"}


def _raw_token(request) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.GET.get("access_token", "").strip()


def _last_event_id(request) -> int | None:
    value = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id")
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _unauthorized(message):
    return JsonResponse(error_body("not_authenticated", message), status=401)


def _stream(subscription, request):
    response = StreamingHttpResponse(
        event_stream(subscription, _last_event_id(request)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


def _guest_stay(raw: str):
    from stays.selectors import stay_for_guest
    from stays.services import tokens

    try:
        claims = tokens.read_guest_token(raw)
        return tokens.check_stay_accepts_guest_token(stay_for_guest(claims.stay_id), claims)
    except tokens.InvalidToken:
        return None


def _staff_user(raw: str):
    from stays.services import tokens

    try:
        return tokens.find_staff_token(raw).user
    except tokens.InvalidToken:
        return None


def _guest_subscription(raw: str):
    stay = _guest_stay(raw)
    if stay is None:
        return None
    # Signed out, checked out, cancelled: the open stream ends too.
    return Subscription(hotel_id=stay.hotel_id, stay_id=stay.pk, still_valid=lambda: _guest_stay(raw) is not None)


def _staff_subscription(raw: str, hotel_code: str):
    from stays.models import Hotel

    user = _staff_user(raw)
    if user is None:
        return None, None

    def still_valid():
        return _staff_user(raw) is not None

    if user.is_superuser and not user.hotel_id:
        hotel = Hotel.objects.filter(code=hotel_code.strip().upper()).first() if hotel_code else None
        if hotel is None:
            return None, error_body("hotel_required", "Platform admins must say which hotel with ?hotel=CODE.")
        return Subscription(hotel_id=hotel.pk, still_valid=still_valid), None
    departments = None if user.role in ALL_DEPARTMENT_ROLES else frozenset(user.departments or [])
    return Subscription(hotel_id=user.hotel_id, departments=departments, still_valid=still_valid), None


@require_GET
async def stay_stream(request):
    raw = _raw_token(request)
    subscription = await run_db(_guest_subscription, raw) if raw.startswith("gst_") else None
    if subscription is None:
        return _unauthorized("A valid guest token is required.")
    return _stream(subscription, request)


@require_GET
async def hotel_stream(request):
    raw = _raw_token(request)
    if not raw.startswith("stf_"):
        return _unauthorized("A valid staff token is required.")
    subscription, error = await run_db(_staff_subscription, raw, request.GET.get("hotel", ""))
    if error is not None:
        return JsonResponse(error, status=400)
    if subscription is None:
        return _unauthorized("A valid staff token is required.")
    return _stream(subscription, request)
