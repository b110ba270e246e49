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


# When a message matches several categories, the one that decides who acts first. "urgent" comes
# before "complaint": a guest who cannot get in or whose room is flooding needs someone now, however
# angry the words around it (the label rule of fixtures/concierge/README.md).
CATEGORY_PRIORITY = [Category.EMERGENCY, Category.REFUND, Category.CANCELLATION, Category.URGENT, Category.COMPLAINT]

# The moves the classifier may make over a rule's category other than to an emergency (which has its
# own bars), as (to, from): between any two of the other categories, each past its own bar chosen by
# cross-validation on the rows the rules were never tuned on (classifier_training.choose_thresholds;
# a move that does not pay there gets a bar no probability reaches: it is off). Up the priority
# order: money back for a complaint, a cancelled service or an urgent fault; a cancellation behind a
# complaint's words.
# Down it: "my key card failed four times yesterday, it works now" is a complaint the rules read as a
# guest locked out. A move never lowers the urgency (the rule's stands when higher), never removes the
# escalation, and never touches an emergency.
MOVES = tuple((to, source) for source in CATEGORY_PRIORITY[1:] for to in CATEGORY_PRIORITY[1:] if to != source)


def move_bar(to: str, source: str) -> str:
    """The threshold's name in the classifier's weights file: "refund_over_complaint"."""
    return f"{to}_over_{source}"
