"""django-axes wiring: failed sign-ins counted per account and per client, on both doors (the admin
login form and POST /api/v1/auth/staff/login), in the database (so it holds with Redis down)."""

from __future__ import annotations


def axes_username(request, credentials) -> str:
    """The account as both doors spell it: e-mail, trimmed and lower-cased."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get("username")
    return (value or "").strip().lower()[:255]


def axes_client_ip(request) -> str:
    # REMOTE_ADDR was already taken from the right X-Forwarded-For hop (mystay.client_address).
    return request.META.get("REMOTE_ADDR") or ""


def cooloff_seconds() -> int:
    from django.conf import settings

    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the API's JSON error under /api/, a plain page for the admin form."""
    from django.http import HttpResponse, JsonResponse

    from mystay.api.errors import error_body

    message = "Too many failed sign-ins for this account or from this address; try again later."
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("too_many_failed_logins", message), status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(cooloff_seconds())
    return response
