"""Throttles (DRF's own machinery, counters in the shared cache)."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from stays.text import normalize_confirmation


class LookupClientThrottle(AnonRateThrottle):
    """Lookups per client address, whoever they claim to be."""

    scope = "lookup_client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LookupConfirmationThrottle(SimpleRateThrottle):
    """Lookups per confirmation number, so that guessing last names from many addresses is slow too."""

    scope = "lookup_confirmation"

    def get_cache_key(self, request, view):
        confirmation = normalize_confirmation(request.query_params.get("confirmation", ""))
        if not confirmation:
            return None
        return self.cache_format % {"scope": self.scope, "ident": confirmation}


class StaffLoginThrottle(AnonRateThrottle):
    scope = "staff_login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class GuestThrottle(UserRateThrottle):
    scope = "guest"

    def get_cache_key(self, request, view):
        stay = getattr(request.user, "stay", None)
        ident = f"stay-{stay.pk}" if stay is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
