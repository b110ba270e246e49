"""The beat task that watches holds nearing the card issuer's ~7-day expiry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mystay.celery import app
from payments.models import Payment, PaymentKind, PaymentStatus
from payments.schedule import BEAT_SCHEDULE
from payments.tasks import review_aging_holds_task

from .conftest import API, form, make_payment, pi, use_stripe

pytestmark = pytest.mark.django_db


def test_task_is_scheduled():
    assert BEAT_SCHEDULE["payments-review-aging-holds"]["task"] == review_aging_holds_task.name
    app.loader.import_default_modules()
    assert "payments-review-aging-holds" in app.conf.beat_schedule


def test_holds_near_expiry_are_flagged_once(stripe_hotel, stay, rsps):
    soon = make_payment(stay, expires_at=timezone.now() + dt.timedelta(hours=5), stripe_payment_intent_id="pi_soon")
    later = make_payment(stay, expires_at=timezone.now() + dt.timedelta(days=3), stripe_payment_intent_id="pi_later")
    assert review_aging_holds_task.delay().get() == {"flagged": 1, "reauthorized": 0, "failed": 0}
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.attention.startswith("Hold expires") and later.attention == ""
    assert review_aging_holds_task.delay().get()["flagged"] == 0  # idempotent
    assert len(rsps.calls) == 0


def test_reauthorizes_where_the_hotel_enabled_it(hotel, stay, rsps):
    use_stripe(hotel, reauthorize_expiring_holds=True)
    old = make_payment(
        stay,
        amount="300.00",
        expires_at=timezone.now() + dt.timedelta(hours=3),
        stripe_payment_intent_id="pi_old",
        stripe_customer_id="cus_123",
        stripe_payment_method_id="pm_card_visa",
    )
    from payments.models import Customer

    Customer.objects.create(
        hotel=hotel, guest=stay.guest, provider="stripe", stripe_customer_id="cus_123", idempotency_key="c"
    )
    from .conftest import card_list

    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_new", amount=30000))
    rsps.post(
        f"{API}/payment_intents/pi_old/cancel",
        json=pi(id="pi_old", status="canceled", amount=30000, cancellation_reason="requested_by_customer"),
    )
    result = review_aging_holds_task.delay().get()
    assert result == {"flagged": 0, "reauthorized": 1, "failed": 0}
    body = form(rsps.calls[1])
    assert body["off_session"] == "true" and body["amount"] == "30000" and body["payment_method"] == "pm_card_visa"
    fresh = Payment.objects.get(stripe_payment_intent_id="pi_new")
    old.refresh_from_db()
    assert fresh.kind == PaymentKind.HOLD and fresh.status == PaymentStatus.AUTHORIZED and fresh.parent_id == old.pk
    assert fresh.amount_authorized == Decimal("300.00")
    assert old.status == PaymentStatus.RELEASED and "Replaced by a new hold" in old.attention
