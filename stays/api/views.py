"""Thin API views: parse, call a service or selector, render."""

import datetime as dt

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import Throttled
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from mystay.api.errors import ApiError, NotFound
from mystay.api.permissions import IsGuest, IsHotelStaff
from mystay.api.throttles import GuestThrottle, LookupGuard, StaffLoginThrottle
from stays import overview_cache, selectors
from stays.models import Hotel, Room, Stay
from stays.services import lookup, rooms, staff_auth, tokens

from . import serializers

ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}


class StayLookupView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []  # LookupGuard: the client's counter and the failure counters, one round trip

    @extend_schema(
        operation_id="stays_lookup",
        parameters=[serializers.LookupQuerySerializer],
        responses={200: serializers.LookupResponseSerializer, 400: ERROR, 404: ERROR, 429: ERROR, 503: ERROR},
        auth=[],
    )
    def get(self, request):
        confirmation = request.query_params.get("confirmation", "")
        # The PMS freshness markers of the stays this process knows by that number ride along.
        markers = lookup.freshness_markers(confirmation)
        guard = LookupGuard.check(request, confirmation, flags=tuple(markers.values()))
        query = serializers.validate_lookup_query(request.query_params)
        try:
            fresh = {stay_id: guard.flags[key] for stay_id, key in markers.items() if key in guard.flags}
            result = lookup.lookup_query(query, fresh=fresh)
        except lookup.StayNotFound:
            wait = guard.record_failure()
            if wait:
                raise Throttled(wait=wait) from None
            raise
        body = serializers.render_lookup_response(result, overview_cache.rendered_lookup_members(result.stay))
        return HttpResponse(body, content_type="application/json")


class GuestStayView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]

    @extend_schema(operation_id="guest_stay", responses={200: serializers.GuestStaySerializer, 401: ERROR})
    def get(self, request):
        # Rendered once per change of the stay (stays/overview_cache.py), by GuestStaySerializer.
        return HttpResponse(request.user.overview.body, content_type="application/json")


class StaffLoginView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [StaffLoginThrottle]

    @extend_schema(
        operation_id="auth_staff_login",
        request=serializers.StaffLoginSerializer,
        responses={200: serializers.StaffLoginResponseSerializer, 400: ERROR, 401: ERROR, 429: ERROR},
        auth=[],
    )
    def post(self, request):
        data = serializers.StaffLoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, raw, token = staff_auth.staff_login(request=request, **data.validated_data)
        body = {"token": raw, "expires_at": token.expires_at, "user": user}
        return Response(serializers.StaffLoginResponseSerializer(body).data)


class LogoutView(APIView):
    @extend_schema(operation_id="auth_logout", request=None, responses={204: None, 401: ERROR})
    def post(self, request):
        # A guest's sign-out ends every guest token of the stay; a staff token is revoked for good.
        if getattr(request.user, "is_guest", False):
            tokens.revoke_guest_tokens(request.user.stay)
        else:
            staff_auth.staff_logout(token=request.auth)
        return Response(status=204)


class MeView(APIView):
    @extend_schema(
        operation_id="auth_me",
        responses={
            200: PolymorphicProxySerializer(
                component_name="Me",
                serializers=[serializers.StaffMeSerializer, serializers.GuestMeSerializer],
                resource_type_field_name=None,
            ),
            401: ERROR,
        },
    )
    def get(self, request):
        if getattr(request.user, "is_guest", False):
            claims = request.auth
            return Response({"kind": "guest", "stay_id": claims.stay_id, "expires_at": claims.expires_at})
        return Response({"kind": "staff", **serializers.StaffMeSerializer(request.user).data})


def _staff_hotel(request) -> Hotel:
    user = request.user
    if user.hotel_id:
        return user.hotel
    code = request.query_params.get("hotel", "")
    hotel = Hotel.objects.filter(code=code.strip().upper()).first() if code else None
    if hotel is None:
        raise ApiError("Platform admins must say which hotel with ?hotel=CODE.", code="hotel_required")
    return hotel


class StaffStayDayQuery(drf_serializers.Serializer):
    kind = drf_serializers.ChoiceField(choices=["arrivals", "in_house", "departures"], default="arrivals")
    date = drf_serializers.DateField(required=False, help_text="Hotel-local date; today by default.")
    hotel = drf_serializers.CharField(required=False, help_text="Hotel code (platform admins only).")


class StaffStayListView(ListAPIView):
    permission_classes = [IsHotelStaff]
    serializer_class = serializers.StaySummarySerializer

    @extend_schema(operation_id="staff_stays_list", parameters=[StaffStayDayQuery])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = StaffStayDayQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        hotel = _staff_hotel(self.request)
        day: dt.date = query.validated_data.get("date") or hotel.local_today()
        return selectors.hotel_day(hotel, day, query.validated_data["kind"])


class StaffStayDetailView(RetrieveAPIView):
    permission_classes = [IsHotelStaff]
    serializer_class = serializers.StaySummarySerializer

    @extend_schema(operation_id="staff_stays_retrieve", parameters=[OpenApiParameter("hotel", str, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        hotel = _staff_hotel(self.request)
        stay = selectors.stays_with_relations().filter(hotel=hotel, pk=self.kwargs["pk"]).first()
        if stay is None:
            raise NotFound("No such stay in your hotel.", code="stay_not_found")
        return stay


class AssignableRoomSerializer(drf_serializers.Serializer):
    id = drf_serializers.IntegerField(source="room.pk")
    number = drf_serializers.CharField(source="room.number")
    room_type = drf_serializers.CharField(source="room.room_type")
    status = drf_serializers.CharField(source="room.status")
    is_upgrade = drf_serializers.BooleanField()


class AssignRoomRequest(drf_serializers.Serializer):
    room = drf_serializers.CharField(help_text="Room number (or id) in the stay's hotel.")


def _staff_stay(request, pk) -> Stay:
    hotel = _staff_hotel(request)
    stay = selectors.stays_with_relations().filter(hotel=hotel, pk=pk).first()
    if stay is None:
        raise NotFound("No such stay in your hotel.", code="stay_not_found")
    return stay


class StaffStayRoomsView(APIView):
    """Rooms this stay can get: ready and vacant on its nights, the booked type first."""

    permission_classes = [IsHotelStaff]

    @extend_schema(operation_id="staff_stay_rooms", responses={200: AssignableRoomSerializer(many=True), 404: ERROR})
    def get(self, request, pk):
        offered = rooms.assignable_rooms(_staff_stay(request, pk))
        return Response(AssignableRoomSerializer(offered, many=True).data)


class StaffStayAssignRoomView(APIView):
    permission_classes = [IsHotelStaff]

    @extend_schema(
        operation_id="staff_stay_assign_room",
        request=AssignRoomRequest,
        responses={200: serializers.StaySummarySerializer, 400: ERROR, 404: ERROR, 409: ERROR},
    )
    def post(self, request, pk):
        stay = _staff_stay(request, pk)
        body = AssignRoomRequest(data=request.data)
        body.is_valid(raise_exception=True)
        wanted = body.validated_data["room"].strip()
        room = Room.objects.filter(hotel_id=stay.hotel_id, number=wanted).first()
        if room is None and wanted.isdigit():
            room = Room.objects.filter(hotel_id=stay.hotel_id, pk=int(wanted)).first()
        if room is None:
            raise NotFound(f"No room {wanted} in this hotel.", code="room_not_found")
        stay = rooms.assign_room(stay=stay, room=room, actor=request.user)
        return Response(serializers.StaySummarySerializer(selectors.stays_with_relations().get(pk=stay.pk)).data)
