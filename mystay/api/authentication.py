"""Bearer-token authentication for guests (signed, bound to one stay) and staff (stored digest)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from stays.services import tokens


class GuestPrincipal:
    """`request.user` for a guest: the stay the token is bound to (hotel, guest and room loaded)."""

    is_authenticated = True
    is_anonymous = False
    is_guest = True
    is_staff_member = False

    def __init__(self, stay, claims):
        self.stay = stay
        self.claims = claims
        self.hotel_id = stay.hotel_id
        self.pk = None

    def __str__(self):
        return f"guest of stay {self.stay.pk}"


def _bearer(request):
    header = authentication.get_authorization_header(request).decode("latin-1")
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return None
    return parts[1]


class GuestTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        raw = _bearer(request)
        if raw is None or not raw.startswith(tokens.GUEST_PREFIX):
            return None
        from stays.selectors import stay_for_guest

        try:
            claims = tokens.read_guest_token(raw)
            stay = tokens.check_stay_accepts_guest_token(stay_for_guest(claims.stay_id), claims)
        except tokens.InvalidToken:
            raise exceptions.AuthenticationFailed("Your session has ended. Look up your stay again.") from None
        return GuestPrincipal(stay, claims), claims

    def authenticate_header(self, request):
        return self.keyword


class StaffTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        raw = _bearer(request)
        if raw is None or not raw.startswith(tokens.STAFF_PREFIX):
            return None
        try:
            token = tokens.find_staff_token(raw)
        except tokens.InvalidToken:
            raise exceptions.AuthenticationFailed("Invalid or expired staff token.") from None
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class GuestTokenScheme(OpenApiAuthenticationExtension):
    target_class = GuestTokenAuthentication
    name = "guestToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Guest token from /api/v1/stays/lookup"}


class StaffTokenScheme(OpenApiAuthenticationExtension):
    target_class = StaffTokenAuthentication
    name = "staffToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Staff token from /api/v1/auth/staff/login",
        }
