"""Why a message needs a person, and how soon (the rules engine reads these without a database)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Why a message needs a person (none: it does not)."""

    NONE = "none", _("None")
    EMERGENCY = "emergency", _("Emergency")
    COMPLAINT = "complaint", _("Complaint")
    REFUND = "refund", _("Refund")
    CANCELLATION = "cancellation", _("Cancellation")
    URGENT = "urgent", _("Urgent request")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


URGENCY_RANK = {Urgency.LOW: 0, Urgency.MEDIUM: 1, Urgency.HIGH: 2, Urgency.CRITICAL: 3}
