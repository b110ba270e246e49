"""The concierge's data: what a hotel knows (knowledge base, local places, settings), the guest's
conversation, and the escalations that hand a request to a person."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .categories import URGENCY_RANK, Category, Urgency

DEPARTMENTS = (
    ("reception", "Reception"),
    ("concierge", "Concierge"),
    ("spa", "Spa"),
    ("housekeeping", "Housekeeping"),
    ("restaurant", "Restaurant"),
    ("management", "Management"),
)


class ConciergeSettings(models.Model):
    """Per-hotel concierge settings (defaults apply to a hotel that has no row)."""

    hotel = models.OneToOneField("stays.Hotel", on_delete=models.CASCADE, related_name="concierge_settings")
    emergency_number = models.CharField(
        max_length=40, default="112", help_text="Given to a guest who reports an emergency (e.g. 112, 911, 119)."
    )
    front_desk_phone = models.CharField(
        max_length=40, blank=True, help_text="Reception's internal number, e.g. 'dial 9 from your room'."
    )
    daily_token_budget = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Language-model tokens per hotel day; past it the offline concierge answers. "
        "Blank: the OPENAI_DAILY_TOKEN_BUDGET default. 0: never call the model.",
    )
    emergency_department = models.CharField(max_length=30, choices=DEPARTMENTS, default="reception")
    complaint_department = models.CharField(max_length=30, choices=DEPARTMENTS, default="reception")
    billing_department = models.CharField(
        max_length=30, choices=DEPARTMENTS, default="reception", help_text="Refunds and cancellations."
    )
    urgent_department = models.CharField(max_length=30, choices=DEPARTMENTS, default="reception")

    class Meta:
        verbose_name = _("concierge settings")
        verbose_name_plural = _("concierge settings")

    def __str__(self):
        return f"Concierge settings of {self.hotel}"


class KnowledgeEntry(models.Model):
    """One thing the hotel wants its concierge to know and say (in one language)."""

    class Topic(models.TextChoices):
        FAQ = "faq", _("FAQ")
        AMENITY = "amenity", _("Amenity")
        WIFI = "wifi", _("Wi-Fi")
        BREAKFAST = "breakfast", _("Breakfast")
        PARKING = "parking", _("Parking")
        POLICY = "policy", _("Policy")
        CHECKIN = "checkin", _("Check-in / check-out")
        TRANSPORT = "transport", _("Transport")

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="knowledge_entries")
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.FAQ)
    language = models.CharField(max_length=8, default="en")
    title = models.CharField(max_length=200, help_text="The question or the amenity's name.")
    answer = models.TextField(help_text="What the concierge tells the guest, as written here.")
    hours = models.CharField(max_length=120, blank=True, help_text="Opening hours, e.g. 07:00–10:30.")
    keywords = models.CharField(max_length=300, blank=True, help_text="Extra words guests use (searched too).")
    is_active = models.BooleanField(default=True)
    # Accent-folded title, keywords, topic and answer: what the full-text search reads.
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hotel", "topic", "title"]
        verbose_name = _("knowledge entry")
        verbose_name_plural = _("knowledge base")
        indexes = [models.Index(fields=["hotel", "is_active", "language"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from .lexicon import fold

        self.search_text = fold(" ".join([self.title, self.keywords, self.get_topic_display(), self.answer]))
        super().save(*args, **kwargs)


class Place(models.Model):
    """A curated local place; recommendations come from this catalogue only."""

    class Category(models.TextChoices):
        RESTAURANT = "restaurant", _("Restaurant")
        BAR = "bar", _("Bar")
        CAFE = "cafe", _("Café")
        MUSEUM = "museum", _("Museum")
        SIGHT = "sight", _("Sight")
        SHOPPING = "shopping", _("Shopping")
        PHARMACY = "pharmacy", _("Pharmacy")
        HEALTH = "health", _("Doctor / hospital")
        TRANSPORT = "transport", _("Transport")
        NIGHTLIFE = "nightlife", _("Nightlife")
        PARK = "park", _("Park")

    class PriceRange(models.TextChoices):
        BUDGET = "budget", "€"
        MODERATE = "moderate", "€€"
        UPSCALE = "upscale", "€€€"
        LUXURY = "luxury", "€€€€"

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="concierge_places")
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    cuisine = models.CharField(max_length=60, blank=True, help_text="Restaurants: e.g. italian, japanese, french.")
    price_range = models.CharField(max_length=10, choices=PriceRange.choices, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True, help_text="Walking distance in metres.")
    hours = models.CharField(max_length=120, blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["hotel", "category", "distance_m", "name"]
        constraints = [models.UniqueConstraint(fields=["hotel", "name"], name="concierge_place_unique_name")]
        indexes = [models.Index(fields=["hotel", "category", "is_active"])]

    def __str__(self):
        return self.name


class Conversation(models.Model):
    """The guest's conversation with the concierge: one per stay."""

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="concierge_conversations")
    stay = models.OneToOneField("stays.Stay", on_delete=models.CASCADE, related_name="concierge_conversation")
    language = models.CharField(max_length=8, blank=True, help_text="Language of the latest guest message.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Conversation of stay {self.stay_id}"


class Message(models.Model):
    class Role(models.TextChoices):
        GUEST = "guest", _("Guest")
        ASSISTANT = "assistant", _("Concierge")
        STAFF = "staff", _("Staff")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    # Also kept here so that the stay page can show the conversation as one of its sections.
    stay = models.ForeignKey("stays.Stay", on_delete=models.CASCADE, related_name="concierge_messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    text = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    provider = models.CharField(max_length=30, blank=True, help_text="Who wrote the reply: openai, local, rules…")
    fallback_reason = models.CharField(max_length=60, blank=True, help_text="Why the hotel's model did not answer.")
    requires_escalation = models.BooleanField(default=False)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.NONE)
    sentiment = models.CharField(max_length=10, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    place_ids = models.JSONField(default=list, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    prompt_tokens = models.PositiveIntegerField(null=True, blank=True)
    completion_tokens = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self):
        return f"{self.get_role_display()}: {self.text[:60]}"


class Escalation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    class RaisedBy(models.TextChoices):
        RULE = "rule", _("Rule")
        MODEL = "model", _("Language model")
        CLASSIFIER = "classifier", _("Classifier (offline)")

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="concierge_escalations")
    stay = models.ForeignKey("stays.Stay", on_delete=models.CASCADE, related_name="concierge_escalations")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="escalations")
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="escalations")
    category = models.CharField(max_length=20, choices=Category.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    urgency_rank = models.PositiveSmallIntegerField(default=0, validators=[MinValueValidator(0)], editable=False)
    department = models.CharField(max_length=30, choices=DEPARTMENTS)
    raised_by = models.CharField(max_length=10, choices=RaisedBy.choices)
    rule = models.CharField(
        max_length=200,
        blank=True,
        help_text="The rule (language: term), model, or classifier (class, probability, evidence) that raised it.",
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-urgency_rank", "created_at"]
        indexes = [models.Index(fields=["hotel", "status", "-urgency_rank", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=["emergency", "complaint", "refund", "cancellation", "urgent"]),
                name="concierge_escalation_category",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False),
                name="concierge_escalation_resolved_at",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_category_display()} ({self.get_urgency_display()})"

    def save(self, *args, **kwargs):
        self.urgency_rank = URGENCY_RANK.get(self.urgency, 0)
        super().save(*args, **kwargs)


class ModelUsage(models.Model):
    """Language-model tokens a hotel spent on one of its days (the daily budget reads it)."""

    hotel = models.ForeignKey("stays.Hotel", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    provider = models.CharField(max_length=30)
    requests = models.PositiveIntegerField(default=0)
    prompt_tokens = models.PositiveBigIntegerField(default=0)
    completion_tokens = models.PositiveBigIntegerField(default=0)
    # Tokens held by calls still running (concierge/usage.py: the budget check-and-reserve).
    reserved_tokens = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hotel", "day", "provider"], name="concierge_usage_unique_day")]

    def __str__(self):
        return f"{self.provider} tokens of hotel {self.hotel_id} on {self.day}"

    @property
    def total_tokens(self):
        return self.prompt_tokens + self.completion_tokens
