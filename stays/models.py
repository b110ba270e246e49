"""The stays domain: hotels, rooms, guests, stays (reservations) and the staff who work there."""

import datetime
import hashlib

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.utils import timezone

from .constraints import DateRange, PostgresExclusionConstraint
from .phones import country_choices
from .text import fold_name, normalize_confirmation


class Hotel(models.Model):
    code = models.CharField(max_length=12, unique=True, help_text="Short upper-case code, e.g. PAR.")
    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, default="UTC")
    currency = models.CharField(max_length=3, default="EUR", help_text="ISO 4217 code, e.g. EUR or JPY.")
    languages = models.JSONField(default=list, blank=True, help_text='Guest languages, e.g. ["en", "fr"].')
    default_language = models.CharField(max_length=8, default="en")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="Stored in E.164, e.g. +33170000000.")
    address = models.TextField(blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(
        max_length=2,
        blank=True,
        choices=country_choices,
        help_text="ISO 3166 country; national phone numbers are read in it.",
    )
    check_in_time = models.TimeField(default=datetime.time(15, 0))
    check_out_time = models.TimeField(default=datetime.time(11, 0))
    branding = models.JSONField(default=dict, blank=True, help_text='e.g. {"primary_color": "#0a3d62"}')
    checkin_invitation_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Hours before arrival (hotel time, check-in hour) to send the online check-in invitation."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9]{2,12}$"), name="hotel_code_format"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="hotel_currency_iso"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        from .phones import normalize_email, normalize_phone

        self.code = (self.code or "").strip().upper()
        self.currency = (self.currency or "").strip().upper()
        self.country = str(self.country or "").strip().upper()
        self.email = normalize_email(self.email)
        self.phone = normalize_phone(self.phone, str(self.country))
        super().save(*args, **kwargs)

    @property
    def tzinfo(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    def local_today(self):
        return timezone.now().astimezone(self.tzinfo).date()


class Room(models.Model):
    class Status(models.TextChoices):
        CLEAN = "clean", "Clean"
        DIRTY = "dirty", "Dirty"
        INSPECTED = "inspected", "Inspected"
        OUT_OF_ORDER = "out_of_order", "Out of order"

    hotel = models.ForeignKey(Hotel, on_delete=models.CASCADE, related_name="rooms")
    number = models.CharField(max_length=12)
    room_type = models.CharField(max_length=80)
    floor = models.SmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CLEAN)

    class Meta:
        ordering = ["hotel", "number"]
        constraints = [models.UniqueConstraint(fields=["hotel", "number"], name="room_number_unique_per_hotel")]

    def __str__(self):
        return f"{self.number} ({self.room_type})"


class Guest(models.Model):
    hotel = models.ForeignKey(Hotel, on_delete=models.CASCADE, related_name="guests")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    # Folded copy of last_name (no accents, lower case) so that lookup compares what guests type.
    last_name_key = models.CharField(max_length=100, editable=False, db_index=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="Stored in E.164 (+33612345678); a number without country code is read in the hotel's country.",
    )
    nationality = models.CharField(max_length=2, blank=True, choices=country_choices, help_text="ISO 3166 country.")
    language = models.CharField(max_length=8, default="en")
    pms_profile_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hotel", "pms_profile_id"],
                condition=~Q(pms_profile_id=""),
                name="guest_pms_profile_unique_per_hotel",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        from .phones import normalize_email, normalize_phone

        self.last_name_key = fold_name(self.last_name)
        self.email = normalize_email(self.email)
        phone = normalize_phone(self.phone)
        if phone and not phone.startswith("+") and self.hotel_id:
            phone = normalize_phone(phone, str(self.hotel.country))  # a national number: the hotel's country
        self.phone = phone
        if kwargs.get("update_fields") is not None and "last_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "last_name_key"}
        super().save(*args, **kwargs)


class Stay(models.Model):
    """One reservation. The PMS is the source of truth; this is MyStay's local copy."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CHECKED_IN = "checked_in", "Checked in"
        CHECKED_OUT = "checked_out", "Checked out"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No show"

    class CheckinStatus(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        # Checked in online (ID, card, hold done) but no ready room yet: completes when staff assign one.
        ROOM_NOT_READY = "room_not_ready", "Checked in online, room not ready"
        COMPLETED = "completed", "Completed"

    hotel = models.ForeignKey(Hotel, on_delete=models.PROTECT, related_name="stays")
    guest = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="stays")
    confirmation_number = models.CharField(max_length=32)
    pms_reservation_id = models.CharField(max_length=64, blank=True)
    arrival = models.DateField()
    departure = models.DateField()
    room_type = models.CharField(max_length=80, blank=True)
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="stays")
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CONFIRMED)
    online_checkin_status = models.CharField(
        max_length=16, choices=CheckinStatus.choices, default=CheckinStatus.NOT_STARTED
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    pms_synced_at = models.DateTimeField(null=True, blank=True, help_text="Last refresh from the PMS.")
    # Carried in every guest token; bumped when the guest signs out, which ends every token issued before.
    guest_token_generation = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["arrival", "confirmation_number"]
        constraints = [
            models.UniqueConstraint(fields=["hotel", "confirmation_number"], name="stay_confirmation_unique_per_hotel"),
            models.UniqueConstraint(
                fields=["hotel", "pms_reservation_id"],
                condition=~Q(pms_reservation_id=""),
                name="stay_pms_reservation_unique_per_hotel",
            ),
            models.CheckConstraint(condition=Q(departure__gt=F("arrival")), name="stay_departure_after_arrival"),
            models.CheckConstraint(condition=Q(adults__gte=1), name="stay_at_least_one_adult"),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "checked_in", "checked_out", "cancelled", "no_show"]),
                name="stay_status_valid",
            ),
            # Two active stays never share a room on overlapping nights (PostgreSQL, btree_gist).
            PostgresExclusionConstraint(
                name="stay_room_no_overlap",
                expressions=[
                    ("room", RangeOperators.EQUAL),
                    (DateRange("arrival", "departure", Value("[)")), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["confirmed", "checked_in"], room__isnull=False),
                violation_error_message="This room is already assigned to another stay on these nights.",
                violation_error_code="room_unavailable",
            ),
        ]
        indexes = [
            models.Index(fields=["confirmation_number"], name="stay_confirmation_idx"),
            models.Index(fields=["hotel", "arrival"], name="stay_hotel_arrival_idx"),
            models.Index(fields=["hotel", "departure"], name="stay_hotel_departure_idx"),
            models.Index(fields=["hotel", "status"], name="stay_hotel_status_idx"),
        ]

    def __str__(self):
        return f"{self.confirmation_number} ({self.hotel_id})"

    def clean(self):
        if self.arrival and self.departure and self.departure <= self.arrival:
            raise ValidationError({"departure": "Departure must be after arrival."})
        if self.room_id and self.hotel_id and self.room.hotel_id != self.hotel_id:
            raise ValidationError({"room": "This room belongs to another hotel."})
        if self.guest_id and self.hotel_id and self.guest.hotel_id != self.hotel_id:
            raise ValidationError({"guest": "This guest belongs to another hotel."})

    def save(self, *args, **kwargs):
        self.confirmation_number = normalize_confirmation(self.confirmation_number)
        super().save(*args, **kwargs)

    @property
    def nights(self):
        return (self.departure - self.arrival).days


class StaffRole(models.TextChoices):
    FRONT_DESK = "front_desk", "Front desk"
    MANAGER = "manager", "Manager"
    HOTEL_ADMIN = "hotel_admin", "Hotel admin"


class Department(models.TextChoices):
    RECEPTION = "reception", "Reception"
    CONCIERGE = "concierge", "Concierge"
    SPA = "spa", "Spa"
    HOUSEKEEPING = "housekeeping", "Housekeeping"
    RESTAURANT = "restaurant", "Restaurant"
    MANAGEMENT = "management", "Management"


class StaffUserManager(BaseUserManager):
    """Staff sign in with their e-mail address; the username mirrors it."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Staff accounts need an e-mail address.")
        email = self.normalize_email(email).strip().lower()
        extra_fields.setdefault("username", email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        extra_fields.setdefault("is_staff", True)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_superuser=True, is_staff=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A staff member (or platform superuser). Staff belong to exactly one hotel and have one role."""

    email = models.EmailField(unique=True)
    hotel = models.ForeignKey(Hotel, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    role = models.CharField(max_length=16, choices=StaffRole.choices, blank=True)
    departments = models.JSONField(default=list, blank=True, help_text='e.g. ["reception", "spa"]')

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = StaffUserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            # A non-superuser staff account always has a hotel and a role.
            models.CheckConstraint(
                condition=Q(is_superuser=True) | (Q(hotel__isnull=False) & ~Q(role="")),
                name="staff_has_hotel_and_role",
            ),
        ]

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        if not self.username:
            self.username = self.email
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.is_superuser and (not self.hotel_id or not self.role):
            raise ValidationError("A staff account needs a hotel and a role (only platform admins have none).")

    @property
    def is_platform_admin(self):
        return self.is_superuser


class StaffToken(models.Model):
    """An API token for staff. Only the SHA-256 of the token is stored; it expires and can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"], name="stafftoken_user_idx")]

    def __str__(self):
        return f"token of {self.user_id} (expires {self.expires_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class PmsSyncRun(models.Model):
    """One `sync_pms` run for one hotel: when, how it ended, and what it changed."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    hotel = models.ForeignKey(Hotel, on_delete=models.CASCADE, related_name="pms_sync_runs")
    business_date = models.DateField(help_text="Hotel-local date whose arrivals, in-house and departures were pulled.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Reservations the PMS sent that could not be stored.")
    total = models.PositiveIntegerField(default=0, help_text="Distinct reservations received from the PMS.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "PMS sync run"
        indexes = [models.Index(fields=["hotel", "-started_at"], name="pmssyncrun_hotel_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "succeeded", "failed"]), name="pmssyncrun_status_valid"
            ),
        ]

    def __str__(self):
        return f"PMS sync {self.hotel_id} {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def duration(self):
        return (self.finished_at - self.started_at) if self.finished_at else None


# --- The guest journey (online check-in and check-out) -------------------------------------------


class JourneySettings(models.Model):
    """A hotel's rules for online check-in and check-out (defaults apply to hotels without a row)."""

    hotel = models.OneToOneField(Hotel, on_delete=models.CASCADE, related_name="journey_settings")
    checkin_opens_days_before = models.PositiveSmallIntegerField(
        default=2, help_text="Online check-in opens this many days before arrival (0: on the day)."
    )
    early_checkin_allowed = models.BooleanField(
        default=False, help_text="Guests may complete check-in on arrival day before the hotel's check-in time."
    )
    require_identity_document = models.BooleanField(default=True, help_text="Guests scan an ID document online.")
    require_card_hold = models.BooleanField(
        default=True, help_text="Guests save a card and an authorization hold is placed at check-in."
    )
    terms_version = models.CharField(max_length=32, default="1", help_text="Current version of the hotel's terms.")
    terms_url = models.URLField(blank=True, help_text="Where guests read the terms.")
    online_checkout_allowed = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "journey settings"
        verbose_name_plural = "journey settings"

    def __str__(self):
        return f"Journey settings of {self.hotel_id}"


class JourneyStep(models.Model):
    """One step of a stay's check-in or check-out, with its outcome. One row per stay and step: a
    retry updates the row (attempts + 1) instead of adding one, and a step that is done is skipped."""

    class Step(models.TextChoices):
        IDENTITY = "identity", "ID document"
        CARD = "card", "Card"
        REGISTRATION = "registration", "Registration"
        HOLD = "hold", "Authorization hold"
        ROOM = "room", "Room"
        PMS_CHECKIN = "pms_checkin", "PMS check-in"
        KEY = "key", "Digital key"
        CHECKIN_NOTICE = "checkin_notice", "Check-in confirmation"
        SETTLEMENT = "settlement", "Payment of the balance"
        TIP = "tip", "Tip"
        PMS_CHECKOUT = "pms_checkout", "PMS check-out"
        KEYS_REVOKED = "keys_revoked", "Keys revoked"
        CHECKOUT_NOTICE = "checkout_notice", "Check-out receipt"

    class Status(models.TextChoices):
        PENDING = "pending", "In progress"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not needed"
        WAITING = "waiting", "Waiting"

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="journey_steps")
    step = models.CharField(max_length=24, choices=Step.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    detail = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=8, blank=True, help_text="guest or staff: who ran the step last.")
    actor = models.ForeignKey("User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stay", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "step"], name="journeystep_one_per_stay_step"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "done", "failed", "skipped", "waiting"]),
                name="journeystep_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()}: {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.SKIPPED)
