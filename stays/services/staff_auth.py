"""Staff sign-in for the API (the admin uses Django's own session login)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from rest_framework import status

from mystay.api.errors import ApiError

from . import tokens


class InvalidCredentials(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_credentials"
    default_detail = "E-mail or password is incorrect."


def staff_login(*, request, email: str, password: str):
    user = authenticate(request, username=(email or "").strip().lower(), password=password)
    if user is None or not user.is_active or not (user.is_superuser or user.hotel_id):
        raise InvalidCredentials()
    raw, token = tokens.issue_staff_token(user, user_agent=request.META.get("HTTP_USER_AGENT", ""))
    return user, raw, token


def staff_logout(*, token) -> None:
    tokens.revoke_staff_token(token)
