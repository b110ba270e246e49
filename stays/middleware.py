"""Staff see dates and times in their hotel's time zone.

In the admin, a staff member's hotel time zone is activated for the whole request (forms, lists,
history); a platform superuser gets the time zone of the hotel they last picked on the Today board,
and each stay page switches to that stay's hotel (stays.admin). The API is left in UTC: its
timestamps carry their offset and clients convert.
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def hotel_zone(hotel):
    try:
        return ZoneInfo(hotel.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class HotelTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = self._zone(request) if request.path.startswith("/admin/") else None
        if zone is None:
            return self.get_response(request)
        timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def _zone(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not user.is_superuser:
            return hotel_zone(user.hotel) if user.hotel_id else None
        from .admin_today import SESSION_HOTEL
        from .models import Hotel

        hotel_id = request.session.get(SESSION_HOTEL)
        hotel = Hotel.objects.filter(pk=hotel_id).first() if hotel_id else None
        return hotel_zone(hotel) if hotel else None
