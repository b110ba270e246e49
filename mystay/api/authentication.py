"""Bearer-token authentication for guests (signed, bound to one stay) and staff (stored digest)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from stays.services import tokens


class GuestPrincipal:
    """`request.user` for a guest: the stay the token is bound to.

    `overview` is the stay as the guest API sees it (stays/overview_cache.py: served from the
    process's cache when the stay has not changed). `stay` is the request's own Stay instance (hotel,
    guest and room loaded), read from the database on first use unless the overview was just loaded.
    """

    is_authenticated = True
    is_anonymous = False
    is_guest = True
    is_staff_member = False

    def __init__(self, overview, claims, *, stay=None):
        self.overview = overview
        self.claims = claims
        self.stay_id = overview.stay_id
        self.hotel_id = overview.stay.hotel_id
        self.pk = None
        self._stay = stay

    @property
    def stay(self):
        if self._stay is None:
            from stays.selectors import stay_for_guest

            self._stay = stay_for_guest(self.stay_id)
            if self._stay is None:  # deleted since the token was checked
                raise exceptions.AuthenticationFailed("Your session has ended. Look up your stay again.")
        return self._stay

    def __str__(self):
        return f"guest of stay {self.stay_id}"


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
        from stays import overview_cache

        try:
            claims = tokens.read_guest_token(raw)
            # One primary-key read at most, none when this process has the stay cached.
            overview, loaded = overview_cache.overview(claims.stay_id)
            tokens.check_stay_accepts_guest_token(overview.stay if overview else None, claims)
        except tokens.InvalidToken:
            raise exceptions.AuthenticationFailed("Your session has ended. Look up your stay again.") from None
        return GuestPrincipal(overview, claims, stay=overview.stay if loaded else None), claims

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
