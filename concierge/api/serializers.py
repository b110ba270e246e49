from rest_framework import serializers

from ..models import Escalation, Message
from ..services import MAX_MESSAGE_LENGTH


class SendMessageSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_MESSAGE_LENGTH, trim_whitespace=True)


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = [
            "id",
            "role",
            "text",
            "language",
            "provider",
            "requires_escalation",
            "category",
            "urgency",
            "suggestions",
            "place_ids",
            "created_at",
        ]
        read_only_fields = fields


class EscalationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = ["id", "category", "urgency", "status", "department", "created_at"]
        read_only_fields = fields


class ExchangeSerializer(serializers.Serializer):
    message = MessageSerializer(source="guest_message")
    reply = MessageSerializer()
    escalation = EscalationSummarySerializer(allow_null=True)


class RecommendationQuerySerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=[
            "restaurant",
            "bar",
            "cafe",
            "museum",
            "sight",
            "shopping",
            "pharmacy",
            "health",
            "transport",
            "nightlife",
            "park",
        ],  # fmt: skip
        required=False,
        allow_blank=True,
        default="restaurant",
    )
    cuisine = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    price_range = serializers.ChoiceField(
        choices=["budget", "moderate", "upscale", "luxury"], required=False, allow_blank=True, default=""
    )
    limit = serializers.IntegerField(min_value=1, max_value=20, required=False, default=5)


class RecommendationSerializer(serializers.Serializer):
    place_id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    cuisine = serializers.CharField()
    price_range = serializers.CharField()
    distance_m = serializers.IntegerField(allow_null=True)
    hours = serializers.CharField()
    address = serializers.CharField()
    description = serializers.CharField()
    reason = serializers.CharField()


class RecommendationListSerializer(serializers.Serializer):
    results = RecommendationSerializer(many=True)


class SuggestionQuerySerializer(serializers.Serializer):
    query = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SuggestionListSerializer(serializers.Serializer):
    suggestions = serializers.ListField(child=serializers.CharField())
