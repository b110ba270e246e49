from rest_framework.permissions import BasePermission


class IsGuest(BasePermission):
    """A guest token: the request acts on that token's stay only."""

    message = "This endpoint needs a guest token."

    def has_permission(self, request, view):
        return bool(getattr(request.user, "is_guest", False))


class IsHotelStaff(BasePermission):
    """A staff token of an active staff member tied to a hotel (platform admins included)."""

    message = "This endpoint needs a staff token."

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user is not None
            and not getattr(user, "is_guest", False)
            and getattr(user, "is_authenticated", False)
            and (user.is_superuser or user.hotel_id)
        )
