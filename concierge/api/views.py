"""Concierge endpoints, thin (they call the services): the guest's own conversation, recommendations and
suggestions; the staff escalations queue (own hotel, own departments)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from mystay.api.errors import NotFound
from mystay.api.pagination import BoundedLimitOffsetPagination
from mystay.api.permissions import IsGuest, IsHotelStaff
from mystay.api.throttles import GuestThrottle

from .. import selectors, services
from . import serializers

ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}


class ConciergeThrottle(GuestThrottle):
    """Concierge calls per stay (they may cost model tokens): THROTTLE_CONCIERGE."""

    scope = "concierge"


class GuestConciergeView(APIView):
    permission_classes = [IsGuest]
    throttle_classes = [GuestThrottle, ConciergeThrottle]


class GuestMessagesView(GuestConciergeView, ListAPIView):
    serializer_class = serializers.MessageSerializer
    pagination_class = BoundedLimitOffsetPagination

    def get_queryset(self):
        return selectors.messages_for_stay(self.request.user.stay)

    def get_throttles(self):
        # Reading the history costs nothing: only the guest rate applies to it.
        if self.request.method == "GET":
            return [GuestThrottle()]
        return super().get_throttles()

    @extend_schema(
        operation_id="guest_concierge_messages_list",
        responses={200: serializers.MessageSerializer(many=True), 401: ERROR},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="guest_concierge_messages_send",
        request=serializers.SendMessageSerializer,
        responses={
            201: serializers.ExchangeSerializer,
            400: OpenApiResponse(ERROR, description="validation_error / message_empty / message_too_long"),
            401: ERROR,
            429: OpenApiResponse(ERROR, description="rate_limited"),
        },
        description="Send a message to the concierge and get its reply. Emergencies, complaints, refund and "
        "cancellation requests are handed to a person (the `escalation` object); the reply says so.",
    )
    def post(self, request):
        data = serializers.SendMessageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exchange = services.send_guest_message(stay=request.user.stay, text=data.validated_data["text"])
        return Response(serializers.ExchangeSerializer(exchange).data, status=201)


class GuestRecommendationsView(GuestConciergeView):
    @extend_schema(
        operation_id="guest_concierge_recommendations",
        parameters=[serializers.RecommendationQuerySerializer],
        responses={200: serializers.RecommendationListSerializer, 400: ERROR, 401: ERROR},
        description="Places from the hotel's own curated catalogue only.",
    )
    def get(self, request):
        query = serializers.RecommendationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        prefs = dict(query.validated_data)
        category = prefs.pop("category") or "restaurant"
        results = services.recommendations_for_stay(stay=request.user.stay, category=category, prefs=prefs)
        return Response(serializers.RecommendationListSerializer({"results": results}).data)


class GuestSuggestionsView(GuestConciergeView):
    @extend_schema(
        operation_id="guest_concierge_suggestions",
        parameters=[OpenApiParameter("query", str, required=False)],
        responses={200: serializers.SuggestionListSerializer, 400: ERROR, 401: ERROR},
    )
    def get(self, request):
        query = serializers.SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        suggestions = services.suggestions_for_stay(stay=request.user.stay, query=query.validated_data["query"])
        return Response(serializers.SuggestionListSerializer({"suggestions": suggestions}).data)


# -- staff: the escalations queue -----------------------------------------------------------------
class StaffEscalationListView(ListAPIView):
    """The staff member's queue: own hotel, own departments (managers: all); open first, by urgency."""

    permission_classes = [IsHotelStaff]
    serializer_class = serializers.StaffEscalationSerializer
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        operation_id="staff_concierge_escalations_list", parameters=[serializers.StaffEscalationQuerySerializer]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = serializers.StaffEscalationQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        qs = selectors.escalation_queue(self.request.user).select_related(
            "stay__guest", "stay__room", "message", "acknowledged_by", "resolved_by"
        )
        status = query.validated_data.get("status")
        if status == "active":
            return qs.exclude(status="resolved")
        return qs.filter(status=status) if status else qs


class StaffEscalationActionView(APIView):
    permission_classes = [IsHotelStaff]
    action = ""

    def get_escalation(self, request, pk):
        escalation = selectors.escalation_queue(request.user).select_related("stay").filter(pk=pk).first()
        if escalation is None:
            raise NotFound("No such escalation in your queue.", code="escalation_not_found")
        return escalation

    def respond(self, escalation):
        escalation = (
            selectors.escalation_queue(self.request.user)
            .select_related("stay__guest", "stay__room", "message", "acknowledged_by", "resolved_by")
            .get(pk=escalation.pk)
        )
        return Response(serializers.StaffEscalationSerializer(escalation).data)


class StaffEscalationAcknowledgeView(StaffEscalationActionView):
    @extend_schema(operation_id="staff_concierge_escalation_acknowledge", request=None,
                   responses={200: serializers.StaffEscalationSerializer, 404: ERROR, 409: ERROR})  # fmt: skip
    def post(self, request, pk):
        escalation = services.acknowledge_escalation(escalation=self.get_escalation(request, pk), user=request.user)
        return self.respond(escalation)


class StaffEscalationResolveView(StaffEscalationActionView):
    @extend_schema(operation_id="staff_concierge_escalation_resolve", request=None,
                   responses={200: serializers.StaffEscalationSerializer, 404: ERROR})  # fmt: skip
    def post(self, request, pk):
        escalation = services.resolve_escalation(escalation=self.get_escalation(request, pk), user=request.user)
        return self.respond(escalation)


class StaffEscalationReplyView(StaffEscalationActionView):
    @extend_schema(
        operation_id="staff_concierge_escalation_reply",
        request=serializers.StaffReplySerializer,
        responses={201: serializers.MessageSerializer, 400: ERROR, 404: ERROR},
        description="Write to the guest: the message joins the conversation and reaches the guest's stream.",
    )
    def post(self, request, pk):
        escalation = self.get_escalation(request, pk)
        data = serializers.StaffReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.reply_as_staff(
            stay=escalation.stay, user=request.user, text=data.validated_data["text"], escalation=escalation
        )
        return Response(serializers.MessageSerializer(message).data, status=201)
