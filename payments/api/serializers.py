from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from stays.models import Department

from ..money import PLAIN_DECIMAL, as_string


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": r"^[0-9]{1,15}(\.[0-9]{1,15})?$"},
        ],
        "example": "5.00",
    }
)
class AmountField(serializers.Field):
    """A JSON number or a plain decimal string ("12.50"): never "1_000", exponents or non-ASCII digits."""

    default_error_messages = {"invalid": "Send the amount as a number or a plain decimal string such as 12.50."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        text = str(data).strip()
        if not PLAIN_DECIMAL.fullmatch(text):
            self.fail("invalid")
        return Decimal(text)

    def to_representation(self, value):
        return str(value)


class CardSetupSerializer(serializers.Serializer):
    setup_intent_id = serializers.CharField()
    client_secret = serializers.CharField(help_text="For Stripe.js / the mobile SDK to confirm the SetupIntent.")
    publishable_key = serializers.CharField()
    provider = serializers.CharField(help_text="stripe, or mock when the hotel runs offline.")


class CardSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The provider's PaymentMethod id (pm_…).")
    brand = serializers.CharField()
    last4 = serializers.CharField()
    exp_month = serializers.IntegerField()
    exp_year = serializers.IntegerField()


class CardListSerializer(serializers.Serializer):
    results = CardSerializer(many=True)


class AttachCardSerializer(serializers.Serializer):
    payment_method_id = serializers.RegexField(r"^pm_[A-Za-z0-9_]+$", max_length=255)


class TipRequestSerializer(serializers.Serializer):
    amount = AmountField(help_text="In the hotel's currency, at most the hotel's maximum tip.")
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, help_text="Defaults to the hotel's.")
    staff_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    department = serializers.ChoiceField(choices=Department.choices, required=False, allow_blank=True, default="")
    payment_method_id = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]+$", max_length=255, required=False, help_text="A saved card; the latest one by default."
    )


class TipSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="payment.public_id")
    status = serializers.CharField(source="payment.status")
    amount = serializers.SerializerMethodField()
    currency = serializers.CharField(source="payment.currency")
    staff_name = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="payment.created_at")
    client_secret = serializers.CharField(
        required=False, help_text="Only with status requires_action: finish 3-D Secure with Stripe's SDK."
    )
    next_action = serializers.JSONField(required=False, help_text="Only with status requires_action.")

    def get_amount(self, outcome) -> str:
        return as_string(outcome.payment.amount, outcome.payment.currency)

    def get_staff_name(self, outcome) -> str:
        return outcome.payment.details.get("staff_name", "")

    def get_department(self, outcome) -> str:
        return outcome.payment.details.get("department", "")

    def to_representation(self, outcome):
        data = super().to_representation(outcome)
        if outcome.payment.status != "requires_action" or not getattr(outcome, "client_secret", ""):
            data.pop("client_secret", None)
            data.pop("next_action", None)
        return data


class TipListSerializer(serializers.Serializer):
    results = TipSerializer(many=True)


class WebhookAckSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    duplicate = serializers.BooleanField()
