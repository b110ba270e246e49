"""Serializers of the guest journey endpoints (check-in, key, check-out)."""

from rest_framework import serializers

from stays.api.serializers import HotelTimeField


class JourneyErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class CheckinStepSerializer(serializers.Serializer):
    step = serializers.CharField()
    status = serializers.CharField(help_text="todo | pending | done | failed | skipped | waiting")
    required = serializers.BooleanField()
    detail = serializers.DictField(required=False)
    error = JourneyErrorSerializer(required=False)


class CheckinBlockerSerializer(serializers.Serializer):
    step = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class CheckinWindowSerializer(serializers.Serializer):
    opens_at = serializers.DateTimeField()
    checkin_from = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    is_open = serializers.BooleanField()
    can_complete = serializers.BooleanField()


class HotelTermsSerializer(serializers.Serializer):
    version = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


class DigitalKeySerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField(help_text="pending | active | revoked | expired | failed")
    room_number = serializers.CharField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    invite_url = serializers.CharField(allow_blank=True)
    delivery_channel = serializers.CharField(allow_blank=True)
    failure_code = serializers.CharField(allow_blank=True)


class CheckinOverviewSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="not_started | in_progress | room_not_ready | completed")
    stay_status = serializers.CharField()
    window = CheckinWindowSerializer()
    terms = HotelTermsSerializer()
    steps = CheckinStepSerializer(many=True)
    done = serializers.ListField(child=serializers.CharField())
    next_step = serializers.CharField(allow_null=True)
    blockers = CheckinBlockerSerializer(many=True)
    key = DigitalKeySerializer(allow_null=True)


class CardStepSerializer(serializers.Serializer):
    payment_method_id = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]+$",
        max_length=255,
        required=False,
        allow_blank=True,
        help_text="A PaymentMethod created by the guest app with Stripe's client; blank: use the saved card.",
    )


class CheckinCardSerializer(serializers.Serializer):
    id = serializers.CharField()
    brand = serializers.CharField()
    last4 = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    arrival_time = HotelTimeField(required=False, allow_null=True, help_text="Expected arrival, hotel time (HH:MM).")
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.RegexField(r"^\+?[0-9 ()\-.]{6,30}$", required=False, allow_blank=True)
    accept_terms = serializers.BooleanField()
    terms_version = serializers.CharField(max_length=32, required=False, allow_blank=True)


class CheckoutTipSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    staff_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    department = serializers.CharField(max_length=40, required=False, allow_blank=True)


class CheckoutRequestSerializer(serializers.Serializer):
    tip = CheckoutTipSerializer(required=False, allow_null=True)


class FolioLineSerializer(serializers.Serializer):
    id = serializers.CharField()
    date = serializers.DateField()
    description = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    kind = serializers.CharField()


class CheckoutPreviewSerializer(serializers.Serializer):
    currency = serializers.CharField()
    balance = serializers.CharField()
    total_charges = serializers.CharField()
    total_payments = serializers.CharField()
    hold_available = serializers.CharField(help_text="Still authorized on the card hold.")
    capture = serializers.CharField(help_text="Taken from the hold at check-out.")
    release = serializers.CharField(help_text="Released on the hold.")
    charge = serializers.CharField(help_text="Above the hold: charged to the saved card.")
    lines = FolioLineSerializer(many=True)
    can_check_out = serializers.BooleanField()
    blockers = JourneyErrorSerializer(many=True)


class CheckoutResultSerializer(serializers.Serializer):
    status = serializers.CharField()
    checked_out_at = serializers.DateTimeField()
    currency = serializers.CharField()
    captured = serializers.CharField()
    released = serializers.CharField()
    charged = serializers.CharField()
    keys_still_live = serializers.IntegerField()
