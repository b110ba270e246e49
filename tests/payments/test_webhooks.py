"""POST /api/v1/webhooks/stripe: signature, store-once/apply-once, replays and out-of-order delivery."""

import time
from decimal import Decimal

import pytest

from payments.models import Payment, PaymentKind, PaymentStatus, WebhookEvent
from payments.services import holds, refunds
from tests.stays.factories import StayFactory

from .conftest import API, event, make_payment, pi, post_webhook, use_stripe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_stripe(stripe_hotel):
    return stripe_hotel


def refund_obj(id="re_1", amount=2000, status="succeeded", metadata=None):
    return {
        "id": id,
        "object": "refund",
        "amount": amount,
        "currency": "eur",
        "status": status,
        "payment_intent": "pi_123",
        "charge": "ch_123",
        "reason": "requested_by_customer",
        "metadata": metadata or {},
    }


def test_bad_signature_is_400_and_writes_nothing(api, stay):
    hold = make_payment(stay)
    payload = event("payment_intent.succeeded", pi(status="succeeded", received=20000))
    for kwargs in ({"secret": "whsec_wrong"}, {"signature": "t=1,v1=deadbeef"}):
        response = post_webhook(api, payload, **kwargs)
        assert response.status_code == 400 and response.json()["code"] == "invalid_signature"
    missing = api.post("/api/v1/webhooks/stripe", data="{}", content_type="application/json")
    assert missing.status_code == 400 and missing.json()["code"] == "invalid_signature"
    old = int(time.time()) - 3600  # outside Stripe's 300 s tolerance
    import json

    import stripe

    header = stripe.WebhookSignature.generate_signature_header(json.dumps(payload), "whsec_test_paris", timestamp=old)
    assert post_webhook(api, payload, signature=header).status_code == 400
    assert not WebhookEvent.objects.exists()
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.AUTHORIZED and hold.amount_captured == 0


def test_replayed_event_is_applied_once(api, stay):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120"))
    refund = make_payment(
        stay,
        kind=PaymentKind.REFUND,
        parent=hold,
        status=PaymentStatus.PENDING,
        amount="20.00",
        amount_authorized=0,
        stripe_refund_id="re_1",
    )
    payload = event("refund.updated", refund_obj(status="succeeded"), id="evt_refund")
    first = post_webhook(api, payload)
    second = post_webhook(api, payload)
    assert first.json() == {"received": True, "duplicate": False}
    assert second.status_code == 200 and second.json() == {"received": True, "duplicate": True}
    assert WebhookEvent.objects.count() == 1
    stored = WebhookEvent.objects.get()
    assert stored.outcome == "applied" and stored.payment_id == refund.pk and stored.hotel_id == stay.hotel_id
    refund.refresh_from_db()
    hold.refresh_from_db()
    assert refund.status == PaymentStatus.SUCCEEDED
    assert hold.amount_refunded == Decimal("20.00")
    assert Payment.objects.filter(kind=PaymentKind.REFUND).count() == 1


def test_out_of_order_events_do_not_move_the_ledger_back(api, stay):
    hold = make_payment(stay, status=PaymentStatus.PENDING, amount_authorized=0, authorized_at=None, expires_at=None)
    now = int(time.time())
    captured = event(
        "payment_intent.succeeded", pi(status="succeeded", received=12000, capturable=0), id="evt_2", created=now
    )
    authorized = event(
        "payment_intent.amount_capturable_updated", pi(status="requires_capture"), id="evt_1", created=now - 60
    )
    assert post_webhook(api, captured).status_code == 200
    assert post_webhook(api, authorized).status_code == 200
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED
    assert (hold.amount_authorized, hold.amount_captured) == (Decimal("200.00"), Decimal("120.00"))


def test_failed_then_requires_action_then_canceled(api, stay):
    tip = make_payment(
        stay,
        kind=PaymentKind.TIP,
        status=PaymentStatus.REQUIRES_ACTION,
        amount_authorized=0,
        amount="10.00",
        stripe_payment_intent_id="pi_tip",
    )
    failed = pi(
        id="pi_tip",
        status="requires_payment_method",
        amount=1000,
        last_payment_error={"code": "card_declined", "decline_code": "do_not_honor", "message": "Declined"},
    )
    post_webhook(api, event("payment_intent.payment_failed", failed, id="evt_f"))
    tip.refresh_from_db()
    assert tip.status == PaymentStatus.FAILED and tip.failure_code == "do_not_honor"
    post_webhook(
        api,
        event("payment_intent.requires_action", pi(id="pi_tip", status="requires_action", amount=1000), id="evt_ra"),
    )
    tip.refresh_from_db()
    assert tip.status == PaymentStatus.FAILED  # an older state does not come back


def test_hold_expired_at_stripe_is_flagged(api, stay):
    hold = make_payment(stay)
    post_webhook(
        api, event("payment_intent.canceled", pi(status="canceled", cancellation_reason="automatic", capturable=0))
    )
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.EXPIRED and "expired" in hold.attention


def test_a_timed_out_hold_is_linked_by_its_metadata(api, stay):
    hold = make_payment(
        stay,
        status=PaymentStatus.PENDING,
        amount_authorized=0,
        stripe_payment_intent_id="",
        authorized_at=None,
        expires_at=None,
    )
    payload = event(
        "payment_intent.amount_capturable_updated",
        pi(id="pi_late", status="requires_capture", metadata={"payment_id": str(hold.public_id)}),
    )
    post_webhook(api, payload)
    hold.refresh_from_db()
    assert hold.stripe_payment_intent_id == "pi_late" and hold.status == PaymentStatus.AUTHORIZED
    assert hold.expires_at is not None


def test_refund_made_in_the_stripe_dashboard_enters_the_ledger(api, stay):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120"))
    charge = {
        "id": "ch_123",
        "object": "charge",
        "payment_intent": "pi_123",
        "currency": "eur",
        "amount": 20000,
        "amount_captured": 12000,
        "amount_refunded": 3000,
    }
    post_webhook(api, event("charge.refunded", charge, id="evt_c", created=int(time.time()) - 5))
    hold.refresh_from_db()
    assert hold.attention.startswith("Stripe reports") and hold.amount_refunded == 0
    post_webhook(api, event("refund.created", refund_obj(id="re_dash", amount=3000), id="evt_r"))
    hold.refresh_from_db()
    row = Payment.objects.get(kind=PaymentKind.REFUND)
    assert row.stripe_refund_id == "re_dash" and row.amount == Decimal("30.00") and row.parent_id == hold.pk
    assert hold.amount_refunded == Decimal("30.00") and hold.attention == ""


def test_dispute_is_flagged_for_staff(api, stay):
    tip = make_payment(stay, kind=PaymentKind.TIP, status=PaymentStatus.SUCCEEDED, amount_captured=Decimal("200"))
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "amount": 20000,
        "currency": "eur",
        "charge": "ch_123",
        "payment_intent": "pi_123",
        "reason": "fraudulent",
        "status": "needs_response",
    }
    post_webhook(api, event("charge.dispute.created", dispute, id="evt_d"))
    tip.refresh_from_db()
    assert tip.disputed and "fraudulent" in tip.attention and "200.00 EUR" in tip.attention


def test_another_hotels_secret_cannot_touch_this_hotels_ledger(api, stay, other_hotel):
    use_stripe(other_hotel, webhook_secret="whsec_tokyo")
    hold = make_payment(stay)
    response = post_webhook(
        api, event("payment_intent.succeeded", pi(status="succeeded", received=20000)), secret="whsec_tokyo"
    )
    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == "ignored"
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.AUTHORIZED
    # ?hotel= narrows the secrets to that hotel's own.
    assert post_webhook(api, event("x.y", {}, id="evt_x"), query="?hotel=PAR", secret="whsec_tokyo").status_code == 400


def test_done_when_capture_part_refund_part_and_webhooks_in_any_order_twice(api, stay, rsps):
    hold = make_payment(stay, amount="200.00")
    rsps.post(f"{API}/payment_intents/pi_123/capture", json=pi(status="succeeded", received=12000, capturable=0))
    rsps.post(f"{API}/refunds", json=refund_obj(id="re_1", amount=2000, status="pending"))
    holds.capture_hold(hold=hold, amount=Decimal("120"))
    refund = refunds.refund_payment(payment=Payment.objects.get(pk=hold.pk), amount=Decimal("20"))
    assert refund.status == PaymentStatus.PENDING
    now = int(time.time())
    events = [
        event(
            "refund.updated",
            refund_obj(status="succeeded", metadata={"payment_id": str(refund.public_id)}),
            id="e4",
            created=now + 3,
        ),
        event(
            "charge.refunded",
            {
                "id": "ch_123",
                "object": "charge",
                "payment_intent": "pi_123",
                "currency": "eur",
                "amount_captured": 12000,
                "amount_refunded": 2000,
            },
            id="e3",
            created=now + 2,
        ),
        event(
            "payment_intent.succeeded", pi(status="succeeded", received=12000, capturable=0), id="e2", created=now + 1
        ),
        event("payment_intent.amount_capturable_updated", pi(status="requires_capture"), id="e1", created=now),
        event(
            "charge.captured",
            {
                "id": "ch_123",
                "object": "charge",
                "payment_intent": "pi_123",
                "currency": "eur",
                "amount_captured": 12000,
                "amount_refunded": 0,
            },
            id="e5",
            created=now + 1,
        ),
    ]
    for payload in events + events[::-1]:
        assert post_webhook(api, payload).status_code == 200
    hold.refresh_from_db()
    refund.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED
    assert (hold.amount_authorized, hold.amount_captured, hold.amount_refunded) == (
        Decimal("200.00"),
        Decimal("120.00"),
        Decimal("20.00"),
    )
    assert refund.status == PaymentStatus.SUCCEEDED and hold.attention == ""
    assert WebhookEvent.objects.count() == 5
    assert Payment.objects.count() == 3  # hold, capture, refund
    assert len(rsps.calls) == 2


def test_event_for_a_stay_in_another_hotel_with_the_same_stripe_account(api, stay, other_hotel):
    """Env-default hotels share the environment's secret; rows are still found by their own ids."""
    other_stay = StayFactory(hotel=other_hotel)
    make_payment(other_stay, stripe_payment_intent_id="pi_tokyo")
    response = post_webhook(api, event("payment_intent.succeeded", pi(id="pi_tokyo", status="succeeded", received=100)))
    assert response.status_code == 200 and WebhookEvent.objects.get().outcome == "ignored"
