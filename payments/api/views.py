"""Guest payment endpoints and the Stripe webhook: thin, they call services."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from mystay.api.permissions import IsGuest
from mystay.api.throttles import GuestThrottle

from .. import selectors
from ..services import customers, tips, webhooks
from ..services.tips import TipOutcome
from . import serializers

ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
PROVIDER_ERRORS = {
    502: OpenApiResponse(ERROR, description="payment_error / payment_auth_failed: the provider refused."),
    503: OpenApiResponse(ERROR, description="payment_unavailable: no answer; retrying is safe."),
}


class GuestCardSetupView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]

    @extend_schema(
        operation_id="guest_payment_methods_setup",
        request=None,
        responses={200: serializers.CardSetupSerializer, 401: ERROR, **PROVIDER_ERRORS},
        description="Start saving a card: confirm the returned SetupIntent with Stripe's own client. "
        "No card number is ever sent to MyStay.",
    )
    def post(self, request):
        setup = customers.start_card_setup(stay=request.user.stay)
        return Response(serializers.CardSetupSerializer(setup).data)


class GuestPaymentMethodsView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]

    @extend_schema(
        operation_id="guest_payment_methods_list",
        responses={200: serializers.CardListSerializer, 401: ERROR, **PROVIDER_ERRORS},
    )
    def get(self, request):
        cards = customers.list_cards(stay=request.user.stay)
        return Response(serializers.CardListSerializer({"results": cards}).data)

    @extend_schema(
        operation_id="guest_payment_methods_attach",
        request=serializers.AttachCardSerializer,
        responses={201: serializers.CardSerializer, 400: ERROR, 401: ERROR, 402: ERROR, **PROVIDER_ERRORS},
        description="Attach a PaymentMethod created by the guest app (pm_… id) to the guest.",
    )
    def post(self, request):
        data = serializers.AttachCardSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        card = customers.attach_card(stay=request.user.stay, payment_method_id=data.validated_data["payment_method_id"])
        return Response(serializers.CardSerializer(card).data, status=201)


class GuestTipsView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle]

    @extend_schema(
        operation_id="guest_tips_list",
        responses={200: serializers.TipListSerializer, 401: ERROR},
    )
    def get(self, request):
        outcomes = [TipOutcome(payment, replayed=False) for payment in selectors.tips_for_stay(request.user.stay)]
        return Response(serializers.TipListSerializer({"results": outcomes}).data)

    @extend_schema(
        operation_id="guest_tips_create",
        request=serializers.TipRequestSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="Unique per tip. Repeating it returns the first answer and charges once; "
                "reusing it with a different body answers 422 idempotency_key_reused.",
            )
        ],
        responses={
            201: serializers.TipSerializer,
            400: OpenApiResponse(ERROR, description="validation_error, invalid_amount, no_saved_card, …"),
            401: ERROR,
            402: OpenApiResponse(ERROR, description="card_declined, with a message to show the guest."),
            409: OpenApiResponse(ERROR, description="idempotency_request_in_progress"),
            422: OpenApiResponse(ERROR, description="idempotency_key_reused"),
            **PROVIDER_ERRORS,
        },
        description="Tip staff on the saved card. With status requires_action, finish 3-D Secure in the app "
        "with client_secret/next_action.",
    )
    def post(self, request):
        data = serializers.TipRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = tips.create_tip(
            stay=request.user.stay, client_key=request.headers.get("Idempotency-Key", ""), **data.validated_data
        )
        response = Response(serializers.TipSerializer(outcome).data, status=201)
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class StripeWebhookView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        operation_id="webhooks_stripe",
        request={"application/json": {"type": "object"}},
        parameters=[
            OpenApiParameter("hotel", str, required=False, description="Hotel code, to pick its webhook secret."),
            OpenApiParameter("Stripe-Signature", str, OpenApiParameter.HEADER, required=True),
        ],
        responses={200: serializers.WebhookAckSerializer, 400: OpenApiResponse(ERROR, description="invalid_signature")},
        auth=[],
    )
    def post(self, request):
        # The raw body, exactly as signed: never the re-serialized JSON.
        result = webhooks.handle_stripe_webhook(
            payload=request.body,
            signature=request.headers.get("Stripe-Signature", ""),
            hotel_code=request.query_params.get("hotel", ""),
        )
        return Response({"received": True, "duplicate": result.duplicate})
