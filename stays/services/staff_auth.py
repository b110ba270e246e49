"""Staff sign-in for the API (the admin uses Django's own session login)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from rest_framework import status

from mystay import login_guard
from mystay.api.errors import ApiError

from . import tokens


class SignInLocked(ApiError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "too_many_failed_logins"
    default_detail = "Too many failed sign-ins for this account or from this address; try again later."


class InvalidCredentials(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_credentials"
    default_detail = "E-mail or password is incorrect."


def staff_login(*, request, email: str, password: str):
    # django-axes counts failures per account and per client on the Django request (as for the admin).
    http_request = getattr(request, "_request", request)
    user = authenticate(http_request, username=(email or "").strip().lower(), password=password)
    if getattr(http_request, "axes_locked_out", False):  # refused before the password was even checked
        raise SignInLocked(headers={"Retry-After": str(login_guard.cooloff_seconds())})
    if user is None or not user.is_active or not (user.is_superuser or user.hotel_id):
        raise InvalidCredentials()
    # As a session login does: django-axes resets the account's failures, last_login is recorded.
    user_logged_in.send(sender=user.__class__, request=http_request, user=user)
    raw, token = tokens.issue_staff_token(user, user_agent=request.META.get("HTTP_USER_AGENT", ""))
    return user, raw, token


def staff_logout(*, token) -> None:
    tokens.revoke_staff_token(token)
