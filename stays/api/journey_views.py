"""Guest journey endpoints (guest token, own stay only): online check-in, key, check-out. Thin:
parse, call the same services the front desk's admin pages call, render."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from keys.selectors import current_key, key_summary
from mystay.api.errors import ApiError
from mystay.api.permissions import IsGuest
from mystay.api.throttles import GuestThrottle
from stays.selectors import checkin_overview
from stays.services import checkin, checkout, journey

from . import journey_serializers as s

ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
STEP_ERRORS = {
    400: OpenApiResponse(ERROR, description="validation_error, terms_not_accepted, no_saved_card, unknown_card"),
    401: ERROR,
    402: OpenApiResponse(ERROR, description="card_declined, hold_requires_action, balance_charge_declined"),
    409: OpenApiResponse(
        ERROR,
        description="checkin_not_open, checkin_too_early, checkin_closed, already_checked_in, checkin_incomplete "
        "(with blockers), terms_version_mismatch, journey_in_progress, room_unavailable, not_checked_in, balance_due",
    ),
    502: OpenApiResponse(ERROR, description="pms_error, payment_error, digital_key_refused: a vendor refused"),
    503: OpenApiResponse(ERROR, description="pms_unavailable, payment_unavailable, digital_key_unavailable: retry"),
    504: OpenApiResponse(ERROR, description="pms_timeout, digital_key_timeout: retry (nothing is done twice)"),
}


class GuestView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]


class CheckinView(GuestView):
    @extend_schema(operation_id="guest_checkin", responses={200: s.CheckinOverviewSerializer, 401: ERROR})
    def get(self, request):
        return Response(s.CheckinOverviewSerializer(checkin_overview(request.user.stay)).data)


class CheckinCardView(GuestView):
    @extend_schema(
        operation_id="guest_checkin_card",
        request=s.CardStepSerializer,
        responses={200: s.CheckinCardSerializer, **STEP_ERRORS},
        description="Card step: the PaymentMethod the app created with Stripe (attached to the guest), or "
        "the card already saved. The authorization hold goes on it at completion.",
    )
    def post(self, request):
        data = s.CardStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stay = request.user.stay
        journey.check_steps_open(stay, in_house_too=True)  # a guest checked in at the desk adds one for check-out
        card = checkin.record_card(stay=stay, payment_method_id=data.validated_data.get("payment_method_id", ""))
        return Response(s.CheckinCardSerializer(card).data)


class CheckinRegistrationView(GuestView):
    @extend_schema(
        operation_id="guest_checkin_registration",
        request=s.RegistrationSerializer,
        responses={200: s.CheckinOverviewSerializer, **STEP_ERRORS},
        description="Arrival time, contact details (pushed to the hotel's PMS profile) and the hotel's "
        "terms (send the version you showed: a newer one answers 409 terms_version_mismatch).",
    )
    def post(self, request):
        data = s.RegistrationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stay = request.user.stay
        journey.check_steps_open(stay)
        checkin.register_guest(stay=stay, **data.validated_data)
        return Response(s.CheckinOverviewSerializer(checkin_overview(stay)).data)


class CheckinCompleteView(GuestView):
    @extend_schema(
        operation_id="guest_checkin_complete",
        request=None,
        responses={200: s.CheckinOverviewSerializer, 202: s.CheckinOverviewSerializer, **STEP_ERRORS},
        description="Hold → PMS check-in → key → confirmation. Idempotent: a retry skips what is done. "
        "202 with status room_not_ready: checked in online, the stay completes when the room is ready.",
    )
    def post(self, request):
        result = checkin.complete_checkin(stay=request.user.stay)
        body = s.CheckinOverviewSerializer(checkin_overview(result.stay)).data
        return Response(body, status=202 if result.waiting_for_room else 200)


class GuestKeyView(GuestView):
    @extend_schema(
        operation_id="guest_key",
        responses={200: s.DigitalKeySerializer, 401: ERROR, 404: OpenApiResponse(ERROR, description="no_key")},
    )
    def get(self, request):
        key = key_summary(current_key(request.user.stay))
        if key is None:
            raise ApiError("No digital key has been issued for this stay.", code="no_key", status_code=404)
        return Response(s.DigitalKeySerializer(key).data)


class CheckoutView(GuestView):
    @extend_schema(
        operation_id="guest_checkout_preview",
        responses={200: s.CheckoutPreviewSerializer, 401: ERROR, 409: ERROR, 503: ERROR, 504: ERROR},
        description="The folio from the hotel's PMS, its balance, and what check-out will capture from the "
        "card hold, release, and charge to the saved card above the hold.",
    )
    def get(self, request):
        stay = request.user.stay
        if stay.status != "checked_in":
            raise journey.JourneyError("Only a checked-in stay can be checked out.", code="not_checked_in")
        preview = checkout.checkout_preview(stay)
        body = {
            **checkout.preview_dict(preview),
            "lines": preview.folio.lines,
            "can_check_out": not preview.blockers,
            "blockers": preview.blockers,
        }
        return Response(s.CheckoutPreviewSerializer(body).data)

    @extend_schema(
        operation_id="guest_checkout",
        request=s.CheckoutRequestSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="Unique per check-out attempt; a retry with the same key and body resumes it "
                "(money moves once). After a successful check-out the guest token no longer works.",
            )
        ],
        responses={200: s.CheckoutResultSerializer, 422: ERROR, **STEP_ERRORS},
    )
    def post(self, request):
        data = s.CheckoutRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 255:
            raise ApiError(
                "Send an Idempotency-Key header (a unique value per check-out, at most 255 characters).",
                code="idempotency_key_required",
            )
        tip = data.validated_data.get("tip")
        result = checkout.check_out_stay(stay=request.user.stay, tip=dict(tip) if tip else None, idempotency_key=key)
        summary = result.preview
        body = {
            "status": result.stay.status,
            "checked_out_at": result.stay.checked_out_at,
            "currency": summary.get("currency", result.stay.hotel.currency),
            "captured": summary.get("captured", "0"),
            "released": summary.get("released", "0"),
            "charged": summary.get("charged", "0"),
            "keys_still_live": result.keys_still_live,
        }
        response = Response(s.CheckoutResultSerializer(body).data)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response
