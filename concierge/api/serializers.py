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


class StaffEscalationSerializer(serializers.ModelSerializer):
    stay_id = serializers.IntegerField(read_only=True)
    confirmation_number = serializers.CharField(source="stay.confirmation_number", read_only=True)
    room_number = serializers.CharField(source="stay.room.number", read_only=True, allow_null=True, default=None)
    guest_name = serializers.CharField(source="stay.guest.full_name", read_only=True)
    message = serializers.CharField(source="message.text", read_only=True)
    acknowledged_by = serializers.EmailField(source="acknowledged_by.email", read_only=True, default=None)
    resolved_by = serializers.EmailField(source="resolved_by.email", read_only=True, default=None)

    class Meta:
        model = Escalation
        fields = [
            "id", "stay_id", "confirmation_number", "room_number", "guest_name", "category", "urgency",
            "department", "status", "raised_by", "rule", "message", "created_at", "acknowledged_by",
            "acknowledged_at", "resolved_by", "resolved_at",
        ]  # fmt: skip
        read_only_fields = fields


class StaffEscalationQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "acknowledged", "resolved", "active"], required=False)


class StaffReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_MESSAGE_LENGTH, trim_whitespace=True)
