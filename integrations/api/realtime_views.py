"""Server-sent-event streams. Async views: an open stream holds no worker thread.

GET /api/v1/realtime/stay   (guest token)  — events of the guest's own stay
GET /api/v1/realtime/hotel  (staff token)  — events of the staff member's hotel and departments

Browsers' EventSource cannot send headers, so the token may also come as `?access_token=`.
"""

from __future__ import annotations

from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from integrations.realtime_stream import Grant, Subscription, event_stream, run_db
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


def _guest_grant(raw: str) -> Grant | None:
    from stays.selectors import stay_for_guest
    from stays.services import tokens

    try:
        claims = tokens.read_guest_token(raw)
        stay = tokens.check_stay_accepts_guest_token(stay_for_guest(claims.stay_id), claims)
    except tokens.InvalidToken:
        return None
    expires_at = min(claims.expires_at, tokens.guest_token_expiry(stay))
    return Grant(hotel_id=stay.hotel_id, stay_id=stay.pk, expires_at=expires_at.timestamp())


def _guest_subscription(raw: str):
    grant = _guest_grant(raw)
    if grant is None:
        return None
    # Sign-out (the token generation) and check-out (the status) are stay updates; the hotel's
    # check-out time and time zone move the token's end.
    return Subscription.granted(
        grant, recheck=lambda: _guest_grant(raw), depends_on=[("stay", grant.stay_id), ("hotel", grant.hotel_id)]
    )


def _staff_access(raw: str, hotel_code: str):
    """(token, grant, error): what a staff token allows now; no grant when it is no longer valid."""
    from stays.models import Hotel
    from stays.services import tokens

    try:
        token = tokens.find_staff_token(raw)
    except tokens.InvalidToken:
        return None, None, None
    user, expires_at = token.user, token.expires_at.timestamp()
    if user.is_superuser and not user.hotel_id:
        hotel = Hotel.objects.filter(code=hotel_code.strip().upper()).first() if hotel_code else None
        if hotel is None:
            return token, None, error_body("hotel_required", "Platform admins must say which hotel with ?hotel=CODE.")
        return token, Grant(hotel_id=hotel.pk, expires_at=expires_at), None
    departments = None if user.role in ALL_DEPARTMENT_ROLES else frozenset(user.departments or [])
    return token, Grant(hotel_id=user.hotel_id, departments=departments, expires_at=expires_at), None


def _staff_subscription(raw: str, hotel_code: str):
    token, grant, error = _staff_access(raw, hotel_code)
    if grant is None:
        return None, error

    def recheck():
        return _staff_access(raw, hotel_code)[1]

    # Revocation and deletion change the token's row; deactivation, role, department and hotel
    # changes the user's.
    depends_on = [("staff_token", token.pk), ("user", token.user_id)]
    if not token.user.hotel_id:
        depends_on.append(("hotel", grant.hotel_id))  # a platform admin's ?hotel=CODE: its code may change
    return Subscription.granted(grant, recheck=recheck, depends_on=depends_on), None


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
