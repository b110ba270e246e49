"""Holds, captures, releases and refunds through the services: ledger rows, guardrails, retries."""

import datetime as dt
from decimal import Decimal

import pytest
import requests
from django.utils import timezone

from payments.exceptions import PaymentDeclined, PaymentOutcomeUnknown, PaymentRuleViolation
from payments.models import Payment, PaymentKind, PaymentStatus
from payments.services import holds, refunds

from .conftest import API, card_list, form, make_payment, pi, stripe_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_stripe(stripe_hotel):
    return stripe_hotel


def test_hold_row_is_written_before_the_stripe_call(stay, customer, rsps):
    seen = {}

    def create(request):
        row = Payment.objects.get(kind=PaymentKind.HOLD)
        seen["status"], seen["key"] = row.status, row.idempotency_key
        assert request.headers["Idempotency-Key"] == row.idempotency_key
        import json

        return 200, {}, json.dumps(pi(id="pi_hold", metadata={"payment_id": str(row.public_id)}))

    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.add_callback("POST", f"{API}/payment_intents", callback=create)
    hold = holds.create_hold(stay=stay, amount=Decimal("200"))
    assert seen["status"] == PaymentStatus.PENDING
    assert hold.status == PaymentStatus.AUTHORIZED and hold.stripe_payment_intent_id == "pi_hold"
    assert hold.amount_authorized == Decimal("200.00") and hold.amount_captured == 0
    assert hold.expires_at > timezone.now() + dt.timedelta(days=6)
    body = form(rsps.calls[1])
    assert body["metadata[payment_id]"] == str(hold.public_id) and body["payment_method"] == "pm_card_visa"


def test_declined_hold_is_recorded_failed_with_the_decline(stay, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(
            402,
            "card_error",
            "card_declined",
            "Your card was declined.",
            "generic_decline",
            payment_intent={"id": "pi_dec"},
        ),
    )
    with pytest.raises(PaymentDeclined) as exc:
        holds.create_hold(stay=stay, amount=Decimal("200"))
    assert exc.value.status_code == 402
    row = Payment.objects.get()
    assert row.status == PaymentStatus.FAILED and row.failure_code == "generic_decline"
    assert row.stripe_payment_intent_id == "pi_dec" and row.amount_authorized == 0


def test_partial_capture(stay, rsps):
    hold = make_payment(stay, amount="200.00")
    rsps.post(f"{API}/payment_intents/pi_123/capture", json=pi(status="succeeded", received=12000, capturable=0))
    capture = holds.capture_hold(hold=hold, amount=Decimal("120"))
    assert form(rsps.calls[0])["amount_to_capture"] == "12000"
    assert rsps.calls[0].request.headers["Idempotency-Key"] == capture.idempotency_key
    assert capture.kind == PaymentKind.CAPTURE and capture.status == PaymentStatus.SUCCEEDED
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED
    assert (hold.amount_authorized, hold.amount_captured) == (Decimal("200.00"), Decimal("120.00"))


def test_capture_above_authorized_is_refused_before_any_stripe_call(stay, rsps):
    hold = make_payment(stay, amount="200.00")
    with pytest.raises(PaymentRuleViolation) as exc:
        holds.capture_hold(hold=hold, amount=Decimal("200.01"))
    assert exc.value.error_code == "capture_exceeds_authorized"
    assert "200.00 EUR is authorized" in str(exc.value.detail)
    assert len(rsps.calls) == 0
    assert not Payment.objects.filter(kind=PaymentKind.CAPTURE).exists()


def test_no_action_on_an_expired_hold(stay, rsps):
    hold = make_payment(stay, expires_at=timezone.now() - dt.timedelta(minutes=1))
    for action in (lambda: holds.capture_hold(hold=hold), lambda: holds.release_hold(hold=hold)):
        with pytest.raises(PaymentRuleViolation) as exc:
            action()
        assert exc.value.error_code == "hold_expired"
    assert len(rsps.calls) == 0


def test_timeout_on_capture_then_retry_moves_money_once(stay, rsps):
    hold = make_payment(stay, amount="200.00")
    url = f"{API}/payment_intents/pi_123/capture"
    rsps.post(url, body=requests.exceptions.ReadTimeout("read timed out"))
    rsps.post(url, json=pi(status="succeeded", received=15000, capturable=0))

    with pytest.raises(PaymentOutcomeUnknown) as exc:
        holds.capture_hold(hold=hold, amount=Decimal("150"))
    assert exc.value.status_code == 503
    pending = Payment.objects.get(kind=PaymentKind.CAPTURE)
    assert pending.status == PaymentStatus.PENDING and pending.failure_code == "outcome_unknown"
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.AUTHORIZED and hold.amount_captured == 0

    # A different amount cannot sneak in while the first capture is unconfirmed.
    with pytest.raises(PaymentRuleViolation) as busy:
        holds.capture_hold(hold=hold, amount=Decimal("100"))
    assert busy.value.error_code == "capture_in_progress"
    assert len(rsps.calls) == 1

    capture = holds.capture_hold(hold=hold, amount=Decimal("150"))
    keys = [call.request.headers["Idempotency-Key"] for call in rsps.calls]
    assert keys == [pending.idempotency_key, pending.idempotency_key]
    assert capture.pk == pending.pk and capture.status == PaymentStatus.SUCCEEDED
    assert Payment.objects.filter(kind=PaymentKind.CAPTURE).count() == 1
    hold.refresh_from_db()
    assert hold.amount_captured == Decimal("150.00")


def test_release(stay, rsps):
    hold = make_payment(stay)
    rsps.post(
        f"{API}/payment_intents/pi_123/cancel", json=pi(status="canceled", cancellation_reason="requested_by_customer")
    )
    released = holds.release_hold(hold=hold)
    assert rsps.calls[0].request.headers["Idempotency-Key"] == f"{hold.idempotency_key}-cancel"
    assert released.status == PaymentStatus.RELEASED
    with pytest.raises(PaymentRuleViolation):
        holds.capture_hold(hold=released)


def test_partial_refunds_and_the_refund_guardrail(stay, rsps):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120.00"))
    rsps.post(
        f"{API}/refunds",
        json={
            "id": "re_1",
            "object": "refund",
            "amount": 2000,
            "currency": "eur",
            "status": "succeeded",
            "payment_intent": "pi_123",
            "metadata": {},
        },
    )
    refund = refunds.refund_payment(payment=hold, amount=Decimal("20"), reason="requested_by_customer")
    assert form(rsps.calls[0]) == {
        "payment_intent": "pi_123",
        "amount": "2000",
        "reason": "requested_by_customer",
        "metadata[hotel_id]": str(stay.hotel_id),
        "metadata[stay_id]": str(stay.pk),
        "metadata[payment_id]": str(refund.public_id),
    }
    assert rsps.calls[0].request.headers["Idempotency-Key"] == refund.idempotency_key
    assert refund.status == PaymentStatus.SUCCEEDED and refund.stripe_refund_id == "re_1"
    hold.refresh_from_db()
    assert hold.amount_refunded == Decimal("20.00")

    with pytest.raises(PaymentRuleViolation) as exc:
        refunds.refund_payment(payment=hold, amount=Decimal("100.01"))
    assert exc.value.error_code == "refund_exceeds_captured"
    assert "100.00 EUR is left to refund" in str(exc.value.detail)
    assert len(rsps.calls) == 1


def test_an_uncaptured_hold_cannot_be_refunded(stay, rsps):
    hold = make_payment(stay)
    with pytest.raises(PaymentRuleViolation) as exc:
        refunds.refund_payment(payment=hold)
    assert exc.value.error_code == "not_refundable"
    assert len(rsps.calls) == 0


def test_database_refuses_impossible_amounts(stay):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(stay, amount="100.00", amount_captured=Decimal("100.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("50"), amount_refunded=Decimal("60"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(stay, amount="-1.00")
    make_payment(stay, idempotency_key="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_payment(stay, idempotency_key="same", stripe_payment_intent_id="pi_other")
