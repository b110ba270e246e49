"""Read queries for payments (joins chosen here so that screens and endpoints run in fixed queries)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Payment, PaymentKind


def ledger_for_stay(stay) -> QuerySet[Payment]:
    return Payment.objects.filter(stay=stay).select_related("parent").order_by("created_at", "id")


def tips_for_stay(stay) -> QuerySet[Payment]:
    return Payment.objects.filter(stay=stay, kind=PaymentKind.TIP).order_by("-created_at", "-id")


def live_holds_for_stays(stay_ids) -> QuerySet[Payment]:
    return Payment.objects.filter(stay_id__in=stay_ids, kind=PaymentKind.HOLD, status="authorized").order_by(
        "created_at"
    )
