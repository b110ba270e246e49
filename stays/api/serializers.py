from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mystay.api.renderers import dumps
from stays.models import Guest, Hotel, Stay, User


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "15:00"})
class HotelTimeField(serializers.TimeField):
    """A wall-clock time of the hotel ("15:00"): no offset, it is in the hotel's own time zone."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class HotelSerializer(serializers.ModelSerializer):
    check_in_time = HotelTimeField()
    check_out_time = HotelTimeField()

    class Meta:
        model = Hotel
        fields = [
            "code",
            "name",
            "timezone",
            "currency",
            "languages",
            "default_language",
            "email",
            "phone",
            "address",
            "city",
            "country",
            "check_in_time",
            "check_out_time",
            "branding",
        ]


class GuestSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guest
        fields = ["first_name", "last_name", "email", "phone", "language"]


class StaySerializer(serializers.ModelSerializer):
    room_number = serializers.CharField(source="room.number", default=None, read_only=True, allow_null=True)
    nights = serializers.IntegerField(read_only=True)

    class Meta:
        model = Stay
        fields = [
            "id",
            "confirmation_number",
            "status",
            "arrival",
            "departure",
            "nights",
            "room_type",
            "room_number",
            "adults",
            "children",
            "online_checkin_status",
        ]


class StaySummarySerializer(StaySerializer):
    guest_name = serializers.CharField(source="guest.full_name", read_only=True)

    class Meta(StaySerializer.Meta):
        fields = [*StaySerializer.Meta.fields, "guest_name"]


class LookupQuerySerializer(serializers.Serializer):
    confirmation = serializers.CharField(max_length=64, trim_whitespace=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True, trim_whitespace=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    hotel = serializers.CharField(max_length=12, required=False, allow_blank=True, help_text="Hotel code (optional).")

    def validate(self, attrs):
        if not attrs.get("last_name") and not attrs.get("email"):
            raise serializers.ValidationError({"last_name": "Give the last name on the reservation (or its e-mail)."})
        return attrs


class LookupTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    stale = serializers.BooleanField(help_text="True when the PMS could not be reached and this is our last copy.")


class LookupStaySerializer(serializers.Serializer):
    hotel = HotelSerializer()
    stay = StaySummarySerializer(source="*")


class LookupResponseSerializer(LookupTokenSerializer):
    """What a lookup answers: the token members, then the stay's (rendered apart: they are kept)."""

    hotel = HotelSerializer()
    stay = StaySummarySerializer()


class GuestStaySerializer(serializers.Serializer):
    """Built from a Stay instance: the stay itself, its hotel and its guest."""

    hotel = HotelSerializer()
    stay = StaySerializer(source="*")
    guest = GuestSerializer()


class StaffLoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(max_length=256, trim_whitespace=False, style={"input_type": "password"})


class StaffMeSerializer(serializers.ModelSerializer):
    hotel = serializers.CharField(source="hotel.code", default=None, read_only=True)

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role", "departments", "hotel", "is_superuser"]


class StaffLoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    user = StaffMeSerializer()


class GuestMeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    stay_id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


# Built once per process: a serializer introspects its model and builds its fields per instance,
# which cost more than the rendering itself. These instances only ever render (no request context,
# no validation), so every request can share them.
_GUEST_STAY = GuestStaySerializer()
_LOOKUP_TOKEN = LookupTokenSerializer()
_LOOKUP_STAY = LookupStaySerializer()
# Validation only reads the shared fields (no request context, no per-call state on the instance):
# `run_validation` instead of a new serializer per request, whose fields are deep-copied each time.
_LOOKUP_QUERY = LookupQuerySerializer()


def render_guest_stay(stay) -> dict:
    return _GUEST_STAY.to_representation(stay)


def validate_lookup_query(query_params) -> dict:
    """The lookup's query, validated (raises ValidationError with the same errors as `is_valid`)."""
    return _LOOKUP_QUERY.run_validation(query_params)


def render_lookup_members(stay) -> bytes:
    """`"hotel":{...},"stay":{...}`: the stay's part of a lookup answer, as JSON members."""
    return dumps(_LOOKUP_STAY.to_representation(stay))[1:-1]


def render_lookup_response(result, stay_members: bytes | None = None) -> bytes:
    """A lookup answer's JSON (LookupResponseSerializer's shape); `stay_members`: the stay's part
    already rendered (stays/overview_cache.py keeps it per cached stay)."""
    head = dumps(_LOOKUP_TOKEN.to_representation(result))
    return head[:-1] + b"," + (stay_members or render_lookup_members(result.stay)) + b"}"
