"""Guest spa endpoints (own stay only) and the Mindbody webhook: thin, they call services/selectors."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from mystay.api.errors import NotFound
from mystay.api.permissions import IsGuest
from mystay.api.throttles import GuestThrottle

from .. import selectors
from ..services import bookings, webhooks
from . import serializers

ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
SPA_ERRORS = {
    404: OpenApiResponse(ERROR, description="spa_not_available: the hotel has no spa in MyStay."),
    502: OpenApiResponse(ERROR, description="spa_bad_response / spa_auth_failed"),
    503: OpenApiResponse(ERROR, description="spa_unavailable"),
    504: OpenApiResponse(ERROR, description="spa_timeout"),
}


class GuestSpaView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]

    @property
    def stay(self):
        return self.request.user.stay


class ServicesView(GuestSpaView):
    @extend_schema(operation_id="guest_spa_services", responses={200: serializers.ServiceListSerializer, **SPA_ERRORS})
    def get(self, request):
        services = selectors.catalogue(self.stay.hotel)
        return Response({"results": serializers.ServiceSerializer(services, many=True).data})


class PractitionersView(GuestSpaView):
    @extend_schema(
        operation_id="guest_spa_practitioners",
        parameters=[serializers.PractitionersQuerySerializer],
        responses={200: serializers.PractitionerListSerializer, **SPA_ERRORS},
    )
    def get(self, request):
        query = serializers.PractitionersQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        service_id = query.validated_data.get("service") or None
        if service_id:
            selectors.service(self.stay.hotel, service_id)
        people = selectors.practitioners(self.stay.hotel, service_id)
        return Response({"results": serializers.PractitionerSerializer(people, many=True).data})


class AvailabilityView(GuestSpaView):
    @extend_schema(
        operation_id="guest_spa_availability",
        parameters=[serializers.AvailabilityQuerySerializer],
        responses={200: serializers.AvailabilitySerializer, 400: ERROR, **SPA_ERRORS},
        description="Free slots of one hotel-local day for a treatment (optionally one therapist).",
    )
    def get(self, request):
        query = serializers.AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        slots = selectors.availability(self.stay.hotel, data["service"], data["date"], data.get("practitioner") or None)
        return Response(
            {
                "date": data["date"].isoformat(),
                "timezone": self.stay.hotel.timezone,
                "results": serializers.SlotSerializer(slots, many=True).data,
            }
        )


def _render(booking, status=200, replayed=False):
    context = {"free_cancellation_hours": selectors.spa_settings(booking.hotel).free_cancellation_hours}
    response = Response(serializers.BookingSerializer(booking, context=context).data, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


class BookingsView(GuestSpaView):
    @extend_schema(operation_id="guest_spa_bookings_list", responses={200: serializers.BookingListSerializer})
    def get(self, request):
        rows = list(selectors.bookings_for_stay(self.stay))
        hours = selectors.spa_settings(self.stay.hotel).free_cancellation_hours
        for row in rows:
            row.hotel = self.stay.hotel  # one hotel for all: no query per row
        data = serializers.BookingSerializer(rows, many=True, context={"free_cancellation_hours": hours}).data
        return Response({"results": data})

    @extend_schema(
        operation_id="guest_spa_bookings_create",
        request=serializers.BookingRequestSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="Unique per booking: repeating it returns the first answer and books once.",
            )
        ],
        responses={
            201: serializers.BookingSerializer,
            202: OpenApiResponse(serializers.BookingSerializer, description="requested: the spa has not answered yet"),
            400: OpenApiResponse(ERROR, description="validation_error, unknown_service, idempotency_key_required"),
            409: OpenApiResponse(ERROR, description="slot_taken, slot_unavailable, outside_stay"),
            422: OpenApiResponse(ERROR, description="idempotency_key_reused"),
            **SPA_ERRORS,
        },
    )
    def post(self, request):
        data = serializers.BookingRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = bookings.book(
            stay=self.stay,
            service_id=values["service_id"],
            start=values["start"],
            practitioner_id=values.get("practitioner_id") or None,
            notes=values.get("notes", ""),
            client_key=request.headers.get("Idempotency-Key", ""),
        )
        status = 201 if outcome.booking.status == "confirmed" else 202
        return _render(outcome.booking, status=status, replayed=outcome.replayed)


class OwnBookingMixin:
    def _booking(self, booking_id):
        booking = selectors.booking_for_stay(self.stay, booking_id)
        if booking is None:
            raise NotFound("No such spa booking for your stay.", code="booking_not_found")
        return booking


class BookingView(OwnBookingMixin, GuestSpaView):
    @extend_schema(operation_id="guest_spa_booking", responses={200: serializers.BookingSerializer, 404: ERROR})
    def get(self, request, booking_id):
        return _render(self._booking(booking_id))


class CancelBookingView(OwnBookingMixin, GuestSpaView):
    # Not a BookingView: inheriting its GET would make a cancel URL answer reads.
    @extend_schema(
        operation_id="guest_spa_booking_cancel",
        request=serializers.CancelRequestSerializer,
        responses={
            200: serializers.BookingSerializer,
            404: ERROR,
            409: OpenApiResponse(ERROR, description="booking_not_cancellable, booking_pending"),
            **SPA_ERRORS,
        },
        description="Cancel; within the hotel's late-cancellation window the fee shown is charged.",
    )
    def post(self, request, booking_id):
        data = serializers.CancelRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = bookings.cancel(booking=self._booking(booking_id), reason=data.validated_data.get("reason", ""))
        return _render(booking)


class MindbodyWebhookView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        operation_id="webhooks_mindbody",
        request={"application/json": {"type": "object"}},
        parameters=[
            OpenApiParameter("hotel", str, required=True, description="Hotel code (picks its signature key)."),
            OpenApiParameter("X-Mindbody-Signature", str, OpenApiParameter.HEADER, required=True),
        ],
        responses={200: {"type": "object"}, 400: OpenApiResponse(ERROR, description="invalid_signature")},
        auth=[],
    )
    def post(self, request):
        result = webhooks.handle_mindbody_webhook(
            payload=request.body,
            signature=request.headers.get("X-Mindbody-Signature", ""),
            hotel_code=request.query_params.get("hotel", ""),
        )
        return Response({"received": True, "duplicate": result.duplicate, "outcome": result.outcome})

    def head(self, request):
        # Mindbody checks the URL with HEAD when a subscription is created.
        return Response(status=200)
