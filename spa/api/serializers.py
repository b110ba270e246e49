from rest_framework import serializers


class ServiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField()
    description = serializers.CharField()


class PractitionerSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    service_ids = serializers.ListField(child=serializers.CharField())


class HotelTimeField(serializers.DateTimeField):
    """An aware datetime rendered as is (the provider already put it in the hotel's zone), not
    converted to the server's time zone as DRF would."""

    def to_representation(self, value):
        return value.isoformat()


class SlotSerializer(serializers.Serializer):
    start = HotelTimeField(help_text="In the hotel's time zone (with its offset).")
    end = HotelTimeField()
    practitioner_id = serializers.CharField()
    practitioner_name = serializers.CharField()
    service_id = serializers.CharField()


class AvailabilityQuerySerializer(serializers.Serializer):
    service = serializers.CharField(max_length=64)
    date = serializers.DateField(help_text="Hotel-local day (YYYY-MM-DD).")
    practitioner = serializers.CharField(max_length=64, required=False, allow_blank=True)


class PractitionersQuerySerializer(serializers.Serializer):
    service = serializers.CharField(max_length=64, required=False, allow_blank=True)


class BookingRequestSerializer(serializers.Serializer):
    service_id = serializers.CharField(max_length=64)
    start = serializers.DateTimeField(help_text="A slot's start, as availability returned it.")
    practitioner_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True)


class BookingSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    status = serializers.CharField()
    service_id = serializers.CharField()
    service_name = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    practitioner_id = serializers.CharField()
    practitioner_name = serializers.CharField()
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField()
    payment_method = serializers.CharField()
    cancellation_fee = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    fee_waived = serializers.BooleanField()
    free_cancellation_until = serializers.SerializerMethodField()
    vendor_reference = serializers.CharField()

    def _local(self, value, booking):
        return value.astimezone(booking.hotel.tzinfo).isoformat()

    def get_start(self, booking) -> str:
        return self._local(booking.starts_at, booking)

    def get_end(self, booking) -> str:
        return self._local(booking.ends_at, booking)

    def get_free_cancellation_until(self, booking) -> str:
        hours = self.context.get("free_cancellation_hours", 24)
        import datetime as dt

        return self._local(booking.starts_at - dt.timedelta(hours=hours), booking)


class CancelRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ServiceListSerializer(serializers.Serializer):
    results = ServiceSerializer(many=True)


class PractitionerListSerializer(serializers.Serializer):
    results = PractitionerSerializer(many=True)


class AvailabilitySerializer(serializers.Serializer):
    date = serializers.DateField()
    timezone = serializers.CharField(help_text="The hotel's IANA time zone; slot times carry its offset.")
    results = SlotSerializer(many=True)


class BookingListSerializer(serializers.Serializer):
    results = BookingSerializer(many=True)
